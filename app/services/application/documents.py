"""Documents (issue 5): the proposal PDF the client reads and signs.

The wizard's draft becomes the documents' frozen record through the documents service's
own builders (priced by the premium engine, texts from the catalogue, the questionnaire
worded in the four languages); the PDF is rendered from that record alone. The signed
PDF is the same record with the signatures added.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from app.i18n import LANGUAGES, N_, _, gettext_for
from app.services import agents
from app.services.application.draft import PersonDraft, ProposalDraft, SignatureDraft
from app.services.application.ports import DeclarationText
from app.services.application.pricing import PricingAdapter
from app.services.application.questionnaire import (
    QuestionnaireAdapter,
    questions_of,
    service_reservation,
    to_answer_set,
)
from app.services.catalogue import Catalogue as CatalogueData
from app.services.catalogue.contract import BINDING_DAYS_MEDICAL
from app.services.documents import render_document
from app.services.documents.builders import (
    VariantSpec,
    build_offer_record,
    questionnaire_record,
    reservation_record,
)
from app.services.documents.records import (
    Agent,
    Declaration,
    LocalText,
    ProposalRecord,
    RecordError,
    Referral,
    Signature,
)
from app.services.documents.texts import DECLARATIONS
from app.services.pricing.engine import PricingError
from app.services.pricing.tariffs import Tariffs
from app.services.proposals import questionnaire as qn
from app.services.store.database import Store

# The proposal prints "marketing_profiling" only when asked (documents/proposal.py): it is
# the one optional consent (003 "Profilage"); the others are part of every proposal.
OPTIONAL_DECLARATIONS = ("marketing_profiling",)
VARIANT = N_("Chosen covers")


@dataclass(frozen=True)
class _Person:
    """A person as the builders and the premium engine read it."""

    id: str
    first_name: str
    last_name: str
    sex: str
    birth_date: date
    language: str
    ahv_number: str
    street: str
    postal_code: str
    locality: str
    canton: str
    premium_region: int
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class _Household:
    persons: tuple[_Person, ...]


class DocumentsAdapter:
    def __init__(self, store: Store, catalogue: CatalogueData, tariffs: Tariffs,
                 pricing: PricingAdapter, today: Callable[[], date]) -> None:
        self.store = store
        self.catalogue = catalogue
        self.tariffs = tariffs
        self.pricing = pricing
        self.today = today

    def declarations(self, language: str) -> Sequence[DeclarationText]:
        translate = gettext_for(language)
        return [DeclarationText(key, translate(text), key not in OPTIONAL_DECLARATIONS, language)
                for key, text in DECLARATIONS.items()]

    def proposal_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        try:
            return render_document("proposal", self.record(draft, language), language)
        except (RecordError, PricingError) as error:
            raise ValueError(str(error)) from error

    def offer_pdf(self, draft: ProposalDraft, language: str,
                  compare_deductibles: bool = False) -> bytes:
        """The offer the client keeps before deciding: the chosen covers priced, their key
        dates, and on request the basic insurance at every deductible."""
        if not draft.persons:
            raise ValueError(_("The household has no person yet."))
        for person in draft.persons:
            if person.birth_date is None:
                raise ValueError(_("Date of birth missing: %s") % (person.full_name or "?"))
        if not self.pricing.items(draft):
            raise ValueError(_("No insurance chosen yet: nothing to offer."))
        try:
            record = self._offer_record(draft, language, compare_deductibles)
            return render_document("offer", record, language,
                                   compare_deductibles=compare_deductibles)
        except (RecordError, PricingError) as error:
            raise ValueError(str(error)) from error

    # --- the record ---------------------------------------------------------------

    @staticmethod
    def _person(person: PersonDraft) -> _Person:
        assert person.birth_date is not None
        return _Person(person.key, person.first_name, person.last_name, person.sex,
                       person.birth_date, person.language, person.ahv_number, person.street,
                       person.postal_code, person.locality or person.municipality,
                       person.canton, person.premium_region or 1, person.role, person.phone,
                       person.email)

    def _offer_record(self, draft: ProposalDraft, language: str,
                      compare_deductibles: bool = False) -> ProposalRecord:
        household = _Household(tuple(self._person(p) for p in draft.persons))
        profile = agents.get_profile(self.store)
        holder = draft.policyholder or draft.persons[0]
        label = LocalText(**{lang: gettext_for(lang)(VARIANT) for lang in LANGUAGES})
        return build_offer_record(
            self.catalogue, self.tariffs, household,
            [VariantSpec("A", label, self.pricing.items(draft))],
            agent=Agent(profile.name, profile.accreditation_number),
            reference=(draft.id or "")[:8].upper(), issued=self.today(),
            place=draft.signing_place or holder.municipality, language=language,
            year=self.pricing.year(draft), chosen_variant="A",
            compare_deductibles=compare_deductibles)

    def covers_record(self, draft: ProposalDraft, language: str) -> ProposalRecord:
        """The household, the insurers and the chosen covers, priced: what every document of
        the proposal starts from (e.g. the consent declaration, app/services/application/follow_up.py)."""
        return self._offer_record(draft, language)

    def record(self, draft: ProposalDraft, language: str) -> ProposalRecord:
        record = self._offer_record(draft, language)
        holder = draft.policyholder or draft.persons[0]
        questionnaire = qn.load_questionnaire()
        sheets = []
        for person in draft.persons:
            questions = questions_of(person, draft, self.today())  # as the form asked them
            if questions:
                sheets.append(questionnaire_record(
                    questionnaire, questions,
                    to_answer_set(person, draft, questionnaire, self.today())))
        start = draft.start_date or self.today()
        reservations = tuple(
            reservation_record(service_reservation(r, start))
            for r in draft.reservations if r.status != "refused_by_client")
        referrals = tuple(Referral(r.person_key, tuple(r.products))  # 004 art. 6 al. 5, art. 7
                          for r in QuestionnaireAdapter(self.today).referrals(draft))
        declarations = tuple(
            Declaration(key, person, accepted)  # type: ignore[arg-type]
            for key, given in draft.declarations.items() for person, accepted in given.items())
        signatures = tuple(self._signature(s, holder, draft) for s in draft.signatures)
        dates = record.key_dates
        if referrals and dates.issued:  # a medical report is asked for: bound four weeks
            dates = replace(dates, binding_until=dates.issued + timedelta(
                days=BINDING_DAYS_MEDICAL))  # LCA art. 1 al. 1, 004 art. 6 al. 1 (issue 17, 4)
        return replace(record, questionnaires=tuple(sheets), reservations=reservations,
                       referrals=referrals, declarations=declarations, signatures=signatures,
                       key_dates=dates)

    @staticmethod
    def _signature(signature: SignatureDraft, holder: PersonDraft,
                   draft: ProposalDraft) -> Signature:
        """The agent signs for no person; a legal representative for the child."""
        represents = signature.role == "legal_representative"
        return Signature(signature.name, signature.role,  # type: ignore[arg-type]
                         signature.png, signature.signed_at, draft.signing_place,
                         None if signature.role == "agent" else signature.signer,
                         signature.for_person if represents else None)
