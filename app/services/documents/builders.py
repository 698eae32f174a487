"""From the live services to the frozen record: catalogue + premium engine + household.

`build_offer_record` prices each variant with `pricing.quote` (monthly and annual, and
once per language so that discount reasons exist in fr, de, it and en), takes product
names, waiting periods, exclusions and terms from the catalogue, the key dates from
`contract.key_dates`, and returns a validated `ProposalRecord`. The household may be
the engine's `HouseholdInput` or a record of persons (the local store's `HouseholdRecord`,
the documents adapter's household); items the engine's `ItemInput` or the store's
`ItemRecord`. `household_input` and `item_input` turn them into the engine's inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from app.i18n import LANGUAGES, _, ngettext, use_language
from app.services.catalogue import LAMAL_CODE, Catalogue, Product, Text, contract
from app.services.documents.records import (
    Address,
    Agent,
    BasicInsurance,
    CoverageItem,
    DeductibleComparison,
    DeductibleOption,
    Discount,
    Household,
    Insurer,
    KeyDates,
    LocalText,
    Person,
    PersonCoverage,
    Premium,
    ProposalRecord,
    QuestionAnswer,
    RecordError,
    Signature,
    Total,
    Variant,
)
from app.services.documents.records import Questionnaire as QuestionnaireRecord
from app.services.documents.records import Reservation as ReservationRecord
from app.services.formatting import format_amount, format_date
from app.services.lamal.insurer_rules import cost_sharing_figures
from app.services.pricing import engine as pricing
from app.services.pricing.model import HouseholdInput, ItemInput, PersonInput, QuoteLine
from app.services.pricing.tariffs import Tariffs
from app.services.proposals.answers import AnswerSet
from app.services.proposals.questionnaire import AnswerType, Field, Question, Questionnaire

if TYPE_CHECKING:
    from app.services.proposals.records import ItemRecord

_GM = Address("Rue des Cèdres", "5", "1919", "Martigny")
_GM_DPO = "dataprotection@groupemutuel.ch"  # 003 "Data Protection Officer"
# Insurers carrying a risk, by the code the premium engine uses (LAMal) or the name the
# catalogue gives (LCA). Seats: 003 "Assureur porteur du risque: ... – Martigny" (street:
# the insurer's published address), 001 (EGK, Laufon), 002 (SWICA, Winterthur).
INSURERS: Mapping[str, Insurer] = {
    "GMA": Insurer("GMA", "Groupe Mutuel Assurances GMA SA", _GM, _GM_DPO),
    "EGK": Insurer("EGK", "EGK-Caisse de Santé", Address("Brislachstrasse", "2", "4242", "Laufon")),
    "SWICA": Insurer("SWICA", "SWICA Assurance-maladie SA",
                     Address("Römerstrasse", "38", "8400", "Winterthur")),
    # resources/insurers/CMVEO.toml: managed by Groupe Mutuel, Martigny (an assumption).
    "CMVEO": Insurer("CMVEO", "CMVEO", _GM, _GM_DPO),
}

_STREET = re.compile(r"^(?P<street>.*?\D)\s+(?P<number>\d+\s?[A-Za-z]?)$")


@dataclass(frozen=True)
class VariantSpec:
    key: str
    label: LocalText
    items: Sequence[ItemInput | ItemRecord]


class PersonFields(Protocol):
    """What the premium engine needs of a person record (the store's, the adapter's)."""

    @property
    def id(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def birth_date(self) -> date: ...
    @property
    def sex(self) -> str: ...
    @property
    def canton(self) -> str: ...
    @property
    def premium_region(self) -> int | None: ...
    @property
    def role(self) -> str: ...
    @property
    def postal_code(self) -> str: ...


class HouseholdFields(Protocol):
    @property
    def persons(self) -> Sequence[PersonFields]: ...


def household_input(household: HouseholdInput | HouseholdFields) -> HouseholdInput:
    """The household as the premium engine takes it: the engine's own input as it is, a
    record of persons read field by field (no basic insurer or frame contract of its own)."""
    if isinstance(household, HouseholdInput):
        return household
    return HouseholdInput(tuple(
        PersonInput(id=str(p.id), first_name=p.first_name, last_name=p.last_name,
                    birth_date=p.birth_date, sex=p.sex, canton=p.canton,
                    premium_region=p.premium_region, role=p.role or "",
                    postal_code=p.postal_code or "")
        for p in household.persons))


def item_input(item: ItemInput | ItemRecord) -> ItemInput:
    """The item as the premium engine takes it: the engine's own input as it is, a store
    item from its columns and the pricing options (`ItemInput.OPTIONS`) of its `options`."""
    if isinstance(item, ItemInput):
        return item
    options = {name: value for name, value in item.options.items() if name in ItemInput.OPTIONS}
    return ItemInput.from_mapping({
        **options, "person_id": item.person_id, "product": item.product_code,
        "level": item.level, "deductible": item.deductible, "capital": item.capital,
        "start_date": item.start_date}, where=f"item {item.id}")


def local(text: Text) -> LocalText:
    return LocalText(**{lang: text.get(lang) for lang in LANGUAGES})


def split_street(street: str) -> tuple[str, str]:
    """"Rue du Grand-Pont 18" -> ("Rue du Grand-Pont", "18"); the QR-bill wants both apart."""
    match = _STREET.match(street.strip())
    return (match["street"], match["number"]) if match else (street.strip(), "")


def _address(person: Any) -> Address:
    street, number = split_street(getattr(person, "street", "") or "")
    return Address(street, number, getattr(person, "postal_code", "") or "",
                   getattr(person, "locality", "") or "")


def _person(person: Any, default_language: str) -> Person:
    language = getattr(person, "language", "") or default_language
    return Person(
        id=str(person.id), first_name=person.first_name, last_name=person.last_name,
        sex=person.sex, birth_date=person.birth_date,
        language=language if language in LANGUAGES else default_language,  # type: ignore[arg-type]
        ahv=getattr(person, "ahv_number", "") or "", address=_address(person),
    )


def _insurer(key: str, insurers: Mapping[str, Insurer]) -> Insurer:
    for insurer in insurers.values():
        if key in (insurer.code, insurer.name):
            return insurer
    raise RecordError(f"no address known for the insurer {key!r}; pass it in `insurers`")


def _waiting_texts(catalogue: Catalogue, line: QuoteLine) -> tuple[LocalText, ...]:
    texts = []
    for period in contract.waiting_periods(catalogue, line.product, line.level,
                                           start_date=line.start_date):
        by_language = {}
        for lang in LANGUAGES:
            with use_language(lang):
                head = ngettext("{n} month from the start of the contract",
                                "{n} months from the start of the contract",
                                period.months).format(n=period.months)
            what = period.text.get(lang) if period.text else period.benefit
            extra = f" {period.waived_if.get(lang)}" if period.waived_if else ""
            by_language[lang] = f"{head}: {what}{extra}"
        texts.append(LocalText(**by_language))
    return tuple(texts)


def _premium(lines: Mapping[str, QuoteLine], annual: QuoteLine) -> Premium:
    """Per month: gross, discounts with their reasons in every language, net before the
    payment surcharge (that one goes to the total's fees); per year: the annual net."""
    month = lines[LANGUAGES[0]]
    discounts = tuple(
        Discount(LocalText(**{lang: lines[lang].discounts[index].reason for lang in LANGUAGES}),
                 line.amount, line.code)
        for index, line in enumerate(month.discounts) if line.amount
    )
    return Premium(monthly_gross=month.gross, monthly_net=month.net - month.surcharge,
                   annual_net=annual.net - annual.surcharge, discounts=discounts)


def _variant(catalogue: Catalogue, tariffs: Tariffs, household: HouseholdInput,
             spec: VariantSpec, year: int, insurers: Mapping[str, Insurer],
             used: dict[str, Insurer]) -> Variant:
    items = [item_input(item) for item in spec.items]
    # First in the agent's language, so that a pricing error reads in it.
    annual = pricing.quote(catalogue, tariffs, household, items, year, "annual")
    per_language = {}
    for lang in LANGUAGES:
        with use_language(lang):  # discount reasons are worded at quote time
            per_language[lang] = pricing.quote(catalogue, tariffs, household, items, year,
                                               "monthly")
    coverages: dict[str, PersonCoverage] = {}
    for index, (line, source) in enumerate(zip(annual.lines, items, strict=True)):
        lines = {lang: per_language[lang].lines[index] for lang in LANGUAGES}
        premium = _premium(lines, line)
        coverage = coverages.setdefault(line.person_id, PersonCoverage(line.person_id))
        if line.product == LAMAL_CODE:
            insurer = _insurer(line.insurer or "", insurers)
            used[insurer.code] = insurer
            model = line.model or "standard"
            basic = BasicInsurance(
                insurer=insurer.code, model=model,  # type: ignore[arg-type]
                deductible=line.deductible or Decimal(0),
                accident_cover=source.accident_cover,
                start=line.start_date, premium=premium,
                model_name=local(catalogue.lamal.model(model).names),
                source="LAMal art. 61-62; OAMal art. 93-95",
            )
            coverages[line.person_id] = PersonCoverage(line.person_id, basic, coverage.items)
            continue
        product = catalogue.product(line.product)
        insurer = _insurer(product.insurer, insurers)
        used[insurer.code] = insurer
        term_end, notice = _term_dates(product, line.start_date)
        item = CoverageItem(
            product_code=product.code, product_name=local(product.names), insurer=insurer.code,
            start=line.start_date, premium=premium, level=line.level or "",
            deductible=line.deductible, capital=line.capital,
            waiting_periods=_waiting_texts(catalogue, line),
            exclusions=tuple(local(e.text) for e in product.exclusions),
            minimum_term_years=product.minimum_term_years or 1,
            notice_months=product.notice_months or 3,
            source=product.insurer_source,
            minimum_term_end=term_end, notice_deadline=notice,
        )
        coverages[line.person_id] = PersonCoverage(line.person_id, coverage.basic,
                                                   (*coverage.items, item))
    fees = {frequency: sum((line.surcharge for line in q.lines), Decimal(0))
            for frequency, q in (("monthly", per_language[LANGUAGES[0]]), ("annual", annual))}
    totals = (Total("monthly", per_language[LANGUAGES[0]].total, fees["monthly"]),
              Total("annual", annual.total, fees["annual"]))
    return Variant(spec.key, spec.label, tuple(coverages.values()), totals)


def _term_dates(product: Product, start: date) -> tuple[date | None, date | None]:
    """A product's own end of the minimum term and notice deadline (None for PI, whose
    expiry is in the policy)."""
    term = product.term
    if term is None or term.expiry_in_policy or not term.minimum_years:
        return None, None
    end = contract.minimum_term_end(start, term.minimum_years, counted_in=term.counted_in)
    return end, contract.notice_deadline_for(end, term.notice_months)


def _key_dates(catalogue: Catalogue, variant: Variant, issued: date,
               valid_until: date | None) -> KeyDates:
    """The binding and revocation periods; the term and notice only when every product of
    the variant shares them (each product carries its own: issue 17, item 6)."""
    dates = [
        contract.key_dates(catalogue, item.product_code, item.start, issued)
        for coverage in variant.coverages for item in coverage.items
    ]
    if not dates:
        return KeyDates(issued=issued, offer_valid_until=valid_until)
    terms = {(i.minimum_term_end, i.notice_deadline)
             for c in variant.coverages for i in c.items if i.minimum_term_end is not None}
    shared = next(iter(terms)) if len(terms) == 1 else (None, None)
    return KeyDates(
        issued=issued,
        binding_until=max(d.binding_until for d in dates),
        revocation_until=max(d.revocation_until for d in dates),
        minimum_term_end=shared[0],
        notice_deadline=shared[1],
        offer_valid_until=valid_until,
    )


def _comparisons(catalogue: Catalogue, tariffs: Tariffs, household: HouseholdInput,
                 items: Sequence[ItemInput | ItemRecord],
                 year: int) -> tuple[DeductibleComparison, ...]:
    """The basic insurance at every deductible (LAMal art. 64 caps the co-payment)."""
    lamal = [i for i in map(item_input, items) if i.product == LAMAL_CODE]
    monthly = pricing.compare_deductibles(catalogue, tariffs, household, lamal, year, "monthly")
    annual = pricing.compare_deductibles(catalogue, tariffs, household, lamal, year, "annual")
    figures = cost_sharing_figures()
    result = []
    for per_month, per_year in zip(monthly, annual, strict=True):
        person = next(p for p in household.persons if p.id == per_month.person_id)
        child = pricing.lamal_age_group(person.birth_date, year) == "child"
        cap = figures.copayment_cap_child if child else figures.copayment_cap_adult
        options = tuple(
            DeductibleOption(m.deductible or Decimal(0), m.net - m.surcharge,
                             a.net - a.surcharge, cap)
            for m, a in zip(per_month.options, per_year.options, strict=True)
        )
        chosen = per_month.chosen if per_month.chosen is not None else options[0].deductible
        model = per_month.options[0].model or "standard"
        names = catalogue.lamal.model(model).names
        label = LocalText(**{lang: f"{catalogue.lamal.product.name(lang)}, {names.get(lang)}"
                             for lang in LANGUAGES})
        result.append(DeductibleComparison(per_month.person_id, label, chosen, options))
    return tuple(result)


def build_offer_record(
    catalogue: Catalogue, tariffs: Tariffs, household: HouseholdInput | HouseholdFields,
    variants: Sequence[VariantSpec], *,
    agent: Agent, reference: str, issued: date, place: str, language: str, year: int,
    chosen_variant: str = "", offer_valid_until: date | None = None,
    compare_deductibles: bool = False, insurers: Mapping[str, Insurer] = INSURERS,
) -> ProposalRecord:
    """A priced, validated record for an offer (and, once chosen and signed, the proposal).

    Raises `pricing.PricingError` for an item the engine cannot price (unknown product,
    missing premium for an age class...) and `RecordError` for anything else missing.
    """
    persons = tuple(_person(p, language) for p in household.persons)
    if not persons:
        raise RecordError("$.household.members: no person")
    holder = next((p for p in household.persons if getattr(p, "role", "") == "policyholder"),
                  household.persons[0])
    priced = household_input(household)
    used: dict[str, Insurer] = {}
    built = tuple(_variant(catalogue, tariffs, priced, spec, year, insurers, used)
                  for spec in variants)
    main = next((v for v in built if v.key == chosen_variant), built[0]) if built else None
    if main is None:
        raise RecordError("$.variants: none")
    chosen_items = next((s.items for s in variants if s.key == main.key), ())
    quotes = [pricing.quote(catalogue, tariffs, priced, list(map(item_input, s.items)), year,
                            "monthly") for s in variants]
    illustrative = any(q.illustrative for q in quotes)
    behind = tuple(sorted({y for q in quotes for y in q.tariff_years_behind}))
    return ProposalRecord(
        reference=reference, language=language, place=place,  # type: ignore[arg-type]
        agent=agent, insurers=tuple(used.values()),
        household=Household(
            policyholder=str(holder.id), address=_address(holder), members=persons,
            phone=getattr(holder, "phone", "") or "", email=getattr(holder, "email", "") or ""),
        variants=built, chosen_variant=chosen_variant,
        key_dates=_key_dates(catalogue, main, issued, offer_valid_until),
        deductible_comparisons=_comparisons(catalogue, tariffs, priced, chosen_items, year)
        if compare_deductibles else (),
        illustrative_tariff=illustrative,
        premium_year=year if behind else None, tariff_years_behind=behind,
    )


# -- the proposal's case: health questionnaire, reservations, signatures --------------------

def _field_value(questionnaire: Questionnaire, field: Field, case: Mapping[str, Any],
                 lang: str) -> str:
    value = case[field.id]
    if isinstance(value, bool):
        with use_language(lang):
            return _("Yes") if value else _("No")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_amount(value).removesuffix(".00")
    if field.type == AnswerType.CHOICE and field.options:
        return questionnaire.option(field.options, str(value)).label(lang)
    return str(value)  # free text and month/year (MonthYear prints mm.yyyy)


def _case_text(questionnaire: Questionnaire, fields: Sequence[Field],
               case: Mapping[str, Any], lang: str) -> str:
    """"Diagnosis: meniscus tear; Body part: left knee; Since: 03.2022"."""
    sides = {f.side_of: case.get(f.id) for f in fields if f.side_of}
    parts = []
    for field in fields:
        if field.side_of or case.get(field.id) in (None, ""):
            continue  # a side is printed with its body part ("left knee")
        if field.options == "body_parts":
            shown = questionnaire.body_part_text(str(case[field.id]), sides.get(field.id), lang)
        else:
            shown = _field_value(questionnaire, field, case, lang)
        parts.append(f"{field.label(lang)}: {shown}")
    return "; ".join(parts)


def questionnaire_record(questionnaire: Questionnaire, questions: Sequence[Question],
                         answers: AnswerSet) -> QuestionnaireRecord:
    """One person's answers as the proposal prints them: each question asked, yes or no,
    and every case the person reported, worded in fr, de, it and en (LCA art. 4)."""
    result = []
    for question in questions:
        answer = answers.answers.get(question.id)
        if answer is None or answer.value is None:
            raise RecordError(f"questionnaire of person {answers.person_id!r}: question "
                              f"{question.id!r} has no answer")
        fields = questionnaire.fields_of(question)
        details = None
        if answer.cases:
            details = LocalText(**{lang: " / ".join(
                _case_text(questionnaire, fields, case, lang) for case in answer.cases)
                for lang in LANGUAGES})
        if question.type == AnswerType.YES_NO and isinstance(answer.value, bool):
            result.append(QuestionAnswer(question.id, LocalText(**dict(question.text.texts)),
                                         "yes" if answer.value else "no", None, details))
            continue
        shown = str(answer.value) if not isinstance(answer.value, date) else format_date(answer.value)
        result.append(QuestionAnswer(question.id, LocalText(**dict(question.text.texts)), "text",
                                     LocalText.same(shown), details))
    return QuestionnaireRecord(answers.person_id, tuple(result))


def reservation_record(reservation: Any) -> ReservationRecord:
    """A reservation of the store (004 art. 8) with the agent's or insurer's wording.

    Its wording is one text (as the insurer worded it); the consent deadline is required.
    """
    if reservation.consent_due is None:
        raise RecordError(f"reservation {reservation.id}: no answer deadline (consent_due) set")
    return ReservationRecord(
        person=str(reservation.person_id), condition=LocalText.same(reservation.wording),
        products=tuple(reservation.products), answer_deadline=reservation.consent_due,
        until=reservation.until, source="004 art. 8",
    )


def signature_records(signatures: Sequence[Any], place: str) -> tuple[Signature, ...]:
    """The store's signatures: a legal representative's `person_id` is the represented child."""
    result = []
    for signature in signatures:
        represented = signature.role == "legal_representative"
        result.append(Signature(
            signer=signature.signer_name, role=signature.role, image_png=signature.image,
            signed_at=signature.signed_at, place=place,
            person=None if represented else signature.person_id,
            for_person=signature.person_id if represented else None,
        ))
    return tuple(result)
