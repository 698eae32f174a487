"""What the proposal wizard edits: a plain, Qt-free record of the meeting so far.

Pages read it in `load()` and write it in `save()`; the services container turns it into
the store's records (autosave) and into the inputs of pricing, questionnaire and
documents. It holds no rule: checks are made by the services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.i18n import N_
from app.services.proposals.persons import PersonFields

# The store's household roles (app/services/proposals/households.py).
ROLES: dict[str, str] = {
    "policyholder": N_("Policyholder"),
    "spouse": N_("Spouse"),
    "partner": N_("Partner"),
    "child": N_("Child"),
    "other": N_("Other member"),
}

# Ids of the wizard steps, in order; a draft remembers where the agent was.
STEPS: tuple[str, ...] = (
    "household",
    "basic",
    "products",
    "questionnaire",
    "reservations",
    "summary",
    "signatures",
    "print",
    "followup",  # after the signature: decisions, consent, revocation
)


def new_key() -> str:
    return uuid.uuid4().hex


@dataclass(kw_only=True)
class PersonDraft(PersonFields):
    """A person as the wizard edits them: the store's fields, a key for the screens, and
    the store's id and version once saved."""

    key: str = field(default_factory=new_key)
    store_id: str | None = None  # once the store has the person
    version: int | None = None
    typed_birth_date: str = ""  # what was typed when it is no date (31.02.1984): kept, shown

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass
class BasicInsuranceChoice:
    insurer: str = ""
    model: str = "standard"
    deductible: Decimal | None = None
    accident_cover: bool = True
    reason: str = "change_of_insurer"  # or "birth", "arrival" (app.services.lamal.deadlines)
    event_date: date | None = None  # birth or arrival
    start_date: date | None = None  # the earliest start, as the basic-insurance rules give it
    # the cover the client leaves (change of insurer): its rules set the notice deadline
    current_insurer: str = ""
    current_deductible: Decimal | None = None
    current_model: str = "standard"
    premium_announced: bool = False
    item_id: str | None = None


@dataclass
class ProductChoice:
    product: str
    level: str | None = None
    deductible: Decimal | None = None
    item_id: str | None = None


@dataclass
class ReservationDraft:
    """Codes as in app/services/proposals/reservations.py."""

    person_key: str
    condition: str
    body_part: str = ""
    products: tuple[str, ...] = ()
    until: date | None = None  # None: the whole contract (004 art. 8 al. 3)
    # proposed, consent_requested, accepted_by_client, refused_by_client
    status: str = "proposed"
    origin: str = "suggested"  # suggested (a rule), agent, insurer
    key: str = field(default_factory=new_key)
    decided: bool = False  # the insurer's decision, not the app's suggestion
    rule_id: str | None = None
    consent_due: date | None = None  # the insurer's time limit for the answer (004 art. 8)


@dataclass
class SignatureDraft:
    signer: str  # a person's key, or "agent"
    role: str  # policyholder, insured_person, legal_representative, agent
    png: bytes
    signed_at: datetime
    for_person: str = ""  # the person signed for (a child, by the legal representative)
    name: str = ""


@dataclass
class ProposalDraft:
    id: str = field(default_factory=new_key)
    status: str = "draft"
    persons: list[PersonDraft] = field(default_factory=list)
    basic: dict[str, BasicInsuranceChoice] = field(default_factory=dict)
    products: dict[str, list[ProductChoice]] = field(default_factory=dict)
    start_date: date | None = None  # of the complementary covers
    answers: dict[str, dict[str, object]] = field(default_factory=dict)
    reservations: list[ReservationDraft] = field(default_factory=list)
    signatures: list[SignatureDraft] = field(default_factory=list)
    # declarations given in the proposal: key -> person key -> accepted
    declarations: dict[str, dict[str, bool]] = field(default_factory=dict)
    frequency: str = "monthly"
    signing_place: str = ""
    step: str = STEPS[0]
    document_sha256: str = ""
    signed_pdf: bytes = b""
    document_problem: str = ""  # why the stored signed document cannot be shown
    # where the store keeps it (None until it has accepted the household and the proposal)
    household_id: str | None = None
    household_version: int | None = None
    version: int | None = None
    stored: bool = False
    editable: bool = True  # the store refuses changes to a signed or submitted proposal

    def person(self, key: str) -> PersonDraft:
        for person in self.persons:
            if person.key == key:
                return person
        raise LookupError(f"no person {key!r} in proposal {self.id}")

    @property
    def policyholder(self) -> PersonDraft | None:
        return next((p for p in self.persons if p.role == "policyholder"), None)

    @property
    def title(self) -> str:
        holder = self.policyholder
        return holder.full_name if holder else ""
