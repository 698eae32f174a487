"""The proposal exchange format: a frozen, serialisable copy of one household's case.

Documents are rendered from this record alone, never from live objects (the pretix
way, shared/STYLE.md habit 8). The same JSON is what import/export and the sync
exchange, and its canonical form is what the client signs: `content_sha256()` is
printed in the proposal's footer. Described in docs/exchange-format.md.

Texts that depend on the client's language (product names, questions, waiting
periods) are `LocalText`: one text per language, so one record prints in fr, de,
it or en. Sentences that are the same for every insurer (legal notes, labels)
are not in the record: the renderers translate them with `app.i18n`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from app.i18n import LANGUAGES
from app.services.documents.jsoncodec import RecordError, decode, encode

FORMAT_NAME: Literal["propono.proposal"] = "propono.proposal"
FORMAT_VERSION = 1

Language = Literal["fr", "de", "it", "en"]
Sex = Literal["F", "M"]
# The premium engine's names (app.services.pricing.tariff_parameters.FREQUENCIES).
Frequency = Literal["monthly", "quarterly", "semi_annual", "annual"]
# Special insurance forms with a limited choice of provider: LAMal art. 41 al. 4, 62.
InsuranceModel = Literal["standard", "family_doctor", "hmo", "telmed"]
# The local store's roles (app.services.proposals.signatures.ROLES).
SignerRole = Literal["policyholder", "insured_person", "legal_representative", "agent"]
# Declarations of the proposal: truthfulness (LCA art. 4, 004 art. 6 al. 4), data
# processing and express consent for health data (004 art. 42), release of the
# doctors from professional secrecy (003 "Obligation de collaborer"), marketing
# profiling only with express consent (003 "Profilage").
DeclarationKey = Literal["truthfulness", "data_processing", "doctors_release", "marketing_profiling"]
AnswerKind = Literal["yes", "no", "text"]

__all__ = [
    "FORMAT_NAME", "FORMAT_VERSION", "RecordError", "LocalText", "Address", "Agent",
    "Insurer", "Person", "Household", "Discount", "Premium", "BasicInsurance",
    "CoverageItem", "PersonCoverage", "Total", "Variant", "KeyDates", "DeductibleOption",
    "DeductibleComparison", "QuestionAnswer", "Questionnaire", "Reservation", "Referral",
    "Declaration", "Signature", "Invoice", "PolicyData", "ProposalRecord",
    "record_from_json", "record_to_json", "load_record", "dump_record",
    "canonical_json", "signed_content", "content_sha256",
]


@dataclass(frozen=True)
class LocalText:
    """One text in each language; JSON `{"fr": .., "de": .., ...}` or one string for all."""

    fr: str = ""
    de: str = ""
    it: str = ""
    en: str = ""

    @classmethod
    def same(cls, text: str) -> LocalText:
        return cls(fr=text, de=text, it=text, en=text)

    def get(self, language: str) -> str:
        text = getattr(self, language, "") if language in LANGUAGES else ""
        if not text:
            raise RecordError(f"no {language!r} text (has: {', '.join(self.languages())})")
        return str(text)

    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if getattr(self, lang)]

    @classmethod
    def from_json_value(cls, data: object, path: str) -> LocalText:
        if isinstance(data, str):
            if not data.strip():
                raise RecordError(f"{path}: empty text")
            return cls.same(data)
        if not isinstance(data, dict) or not data:
            raise RecordError(f'{path}: expected a text or {{"fr": "...", "de": "..."}}')
        unknown = sorted(set(data) - set(LANGUAGES))
        if unknown:
            raise RecordError(f"{path}: unknown language(s) {', '.join(unknown)}")
        for lang, text in data.items():
            if not isinstance(text, str) or not text.strip():
                raise RecordError(f"{path}.{lang}: expected a non-empty string")
        return cls(**data)

    def to_json_value(self) -> Any:
        texts = {lang: getattr(self, lang) for lang in LANGUAGES if getattr(self, lang)}
        values = set(texts.values())
        if len(texts) == len(LANGUAGES) and len(values) == 1:
            return values.pop()
        return texts


@dataclass(frozen=True)
class Address:
    street: str
    house_number: str
    postcode: str
    city: str
    country: str = "CH"

    def lines(self) -> list[str]:
        street = f"{self.street} {self.house_number}".strip()
        locality = f"{self.postcode} {self.city}"
        if self.country != "CH":
            locality = f"{self.country}-{locality}"
        return [line for line in (street, locality) if line.strip()]


@dataclass(frozen=True)
class Agent:
    """The intermediary; 003 "Agents du Groupe Mutuel": an accreditation card at each contact."""

    name: str
    accreditation_number: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Insurer:
    """An insurer carrying the risk (003: "Assureur porteur du risque"; LCA art. 3 al. 1 let. a)."""

    code: str
    name: str
    address: Address
    data_protection_contact: str = ""


@dataclass(frozen=True)
class Person:
    id: str
    first_name: str
    last_name: str
    sex: Sex
    birth_date: date
    language: Language
    ahv: str = ""
    address: Address | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Household:
    policyholder: str  # id of a member
    address: Address
    members: tuple[Person, ...]
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Discount:
    """A premium reduction with its reason, e.g. a family discount (003, GE/GI/SD/SO)."""

    reason: LocalText
    monthly_amount: Decimal  # positive; subtracted from the gross premium
    source: str = ""


@dataclass(frozen=True)
class Premium:
    monthly_gross: Decimal
    monthly_net: Decimal
    annual_net: Decimal
    discounts: tuple[Discount, ...] = ()


@dataclass(frozen=True)
class BasicInsurance:
    insurer: str  # Insurer.code
    model: InsuranceModel
    deductible: Decimal
    accident_cover: bool
    start: date
    premium: Premium
    model_name: LocalText | None = None
    source: str = ""


@dataclass(frozen=True)
class CoverageItem:
    """One complementary (LCA) product for one person: a separate contract (003)."""

    product_code: str
    product_name: LocalText
    insurer: str
    start: date
    premium: Premium
    level: str = ""
    deductible: Decimal | None = None
    capital: Decimal | None = None
    waiting_periods: tuple[LocalText, ...] = ()
    exclusions: tuple[LocalText, ...] = ()
    minimum_term_years: int = 3  # 003 "Durée minimale d'assurance"
    notice_months: int = 3  # 003 "Fin du contrat": 3 months (1 month for GO)
    source: str = ""
    # this product's own dates (catalogue.contract): each product is a contract of its own
    minimum_term_end: date | None = None
    notice_deadline: date | None = None


@dataclass(frozen=True)
class PersonCoverage:
    person: str
    basic: BasicInsurance | None = None
    items: tuple[CoverageItem, ...] = ()


@dataclass(frozen=True)
class Total:
    frequency: Frequency
    amount: Decimal
    fees: Decimal = Decimal("0")  # surcharge for paying other than yearly (003 "Paiement des primes")


@dataclass(frozen=True)
class Variant:
    key: str
    label: LocalText
    coverages: tuple[PersonCoverage, ...]
    totals: tuple[Total, ...]


@dataclass(frozen=True)
class KeyDates:
    issued: date
    binding_until: date | None = None  # LCA art. 1: 14 days, 4 weeks with medical information
    revocation_until: date | None = None  # LCA art. 2a: 14 days
    # the variant's products' shared term end and notice; None when they differ (each
    # product then states its own, CoverageItem)
    minimum_term_end: date | None = None
    notice_deadline: date | None = None
    offer_valid_until: date | None = None


@dataclass(frozen=True)
class DeductibleOption:
    deductible: Decimal
    monthly_premium: Decimal
    annual_premium: Decimal
    max_copayment: Decimal | None = None  # LAMal art. 64: CHF 700 adults, CHF 350 children


@dataclass(frozen=True)
class DeductibleComparison:
    person: str
    label: LocalText
    chosen: Decimal
    options: tuple[DeductibleOption, ...]


@dataclass(frozen=True)
class QuestionAnswer:
    """A question of the health questionnaire (LCA art. 4) and the person's answer.

    `answer` "yes"/"no" is translated by the renderer; "text" prints `answer_text`.
    `details` tell the case (which illness, when, where): one string printed as written in
    every language (the person's own words), or one text per language when built from a
    questionnaire's structured follow-up answers.
    """

    key: str
    question: LocalText
    answer: AnswerKind
    answer_text: LocalText | None = None
    details: LocalText | None = None


@dataclass(frozen=True)
class Questionnaire:
    person: str
    answers: tuple[QuestionAnswer, ...]


@dataclass(frozen=True)
class Reservation:
    """A pre-existing condition excluded from cover (004 art. 8)."""

    person: str
    condition: LocalText
    products: tuple[str, ...]
    answer_deadline: date  # 004 art. 8 al. 2: without agreement by then, no cover
    until: date | None = None  # None: for the whole duration of the contract (art. 8 al. 3)
    source: str = ""


@dataclass(frozen=True)
class Referral:
    """Products of a person whose answers go to the insurer's medical officer, who may ask
    for a medical report (004 art. 7 al. 1) before the insurer accepts, reserves or refuses
    them (004 art. 6 al. 5); the proposal says so before it is signed (issue 15, item 12)."""

    person: str
    products: tuple[str, ...]


@dataclass(frozen=True)
class Declaration:
    key: DeclarationKey
    person: str
    accepted: bool


@dataclass(frozen=True)
class Signature:
    signer: str
    role: SignerRole
    image_png: bytes
    signed_at: datetime
    place: str
    person: str | None = None
    for_person: str | None = None  # the minor a legal representative signs for (004 art. 6 al. 8)


@dataclass(frozen=True)
class Invoice:
    """First premium invoice, paid by Swiss QR-bill (shared/DOMAIN.md, "Identity and payment")."""

    creditor_name: str
    creditor_address: Address
    account: str  # IBAN or QR-IBAN
    amount: Decimal
    debtor: str  # person id
    due_date: date
    period_start: date
    period_end: date
    reference: str = ""  # QR reference with a QR-IBAN, creditor reference (RF..) otherwise
    currency: Literal["CHF"] = "CHF"
    additional_information: str = ""


@dataclass(frozen=True)
class PolicyData:
    policy_number: str
    issued: date
    invoice: Invoice | None = None


@dataclass(frozen=True)
class ProposalRecord:
    reference: str
    language: Language
    place: str
    agent: Agent
    insurers: tuple[Insurer, ...]
    household: Household
    variants: tuple[Variant, ...]
    key_dates: KeyDates
    format: Literal["propono.proposal"] = FORMAT_NAME
    version: int = FORMAT_VERSION
    chosen_variant: str = ""
    deductible_comparisons: tuple[DeductibleComparison, ...] = ()
    questionnaires: tuple[Questionnaire, ...] = ()
    reservations: tuple[Reservation, ...] = ()
    referrals: tuple[Referral, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    signatures: tuple[Signature, ...] = ()
    policy: PolicyData | None = None
    # priced with an illustrative tariff: every page says so (issue 16, item 10)
    illustrative_tariff: bool = False
    # the premium year had no tariff of its own: the years used instead (issue 17, item 14)
    premium_year: int | None = None
    tariff_years_behind: tuple[int, ...] = ()

    # -- look-ups used by the renderers ------------------------------------------
    def person(self, person_id: str) -> Person:
        for member in self.household.members:
            if member.id == person_id:
                return member
        raise RecordError(f"unknown person {person_id!r}")

    @property
    def policyholder(self) -> Person:
        return self.person(self.household.policyholder)

    def insurer(self, code: str) -> Insurer:
        for insurer in self.insurers:
            if insurer.code == code:
                return insurer
        raise RecordError(f"unknown insurer {code!r}")

    def main_variant(self) -> Variant:
        """The chosen variant, or the only one."""
        if self.chosen_variant:
            for variant in self.variants:
                if variant.key == self.chosen_variant:
                    return variant
        if len(self.variants) == 1:
            return self.variants[0]
        raise RecordError(
            f"$.chosen_variant: the record has {len(self.variants)} variants; name the chosen one"
        )

    def risk_carriers(self, variants: tuple[Variant, ...] | None = None) -> list[Insurer]:
        """Insurers carrying a risk in the given variants, in record order."""
        codes: set[str] = set()
        for variant in variants if variants is not None else self.variants:
            for coverage in variant.coverages:
                if coverage.basic:
                    codes.add(coverage.basic.insurer)
                codes.update(item.insurer for item in coverage.items)
        return [insurer for insurer in self.insurers if insurer.code in codes]

    def __post_init__(self) -> None:
        from app.services.documents.validation import check_record

        problems = check_record(self)
        if problems:
            raise RecordError(problems)


def record_from_json(data: object) -> ProposalRecord:
    """Read the parsed JSON of an exchange file; RecordError names each bad field."""
    if isinstance(data, dict):
        if data.get("format") != FORMAT_NAME:
            raise RecordError(f"$.format: expected {FORMAT_NAME!r}, got {data.get('format')!r}")
        if data.get("version") != FORMAT_VERSION:
            raise RecordError(
                f"$.version: this Propono reads version {FORMAT_VERSION}, got {data.get('version')!r}"
            )
    return decode(ProposalRecord, data)


def record_to_json(record: ProposalRecord) -> dict[str, Any]:
    data: dict[str, Any] = encode(record)
    head = {"format": data.pop("format"), "version": data.pop("version")}
    return {**head, **data}


def load_record(path: Path) -> ProposalRecord:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RecordError(f"{path}: cannot read ({error.strerror})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RecordError(f"{path}: not JSON (line {error.lineno}: {error.msg})") from error
    try:
        return record_from_json(data)
    except RecordError as error:
        raise RecordError([f"{path}: {p}" for p in error.problems]) from error


def dump_record(record: ProposalRecord) -> str:
    return json.dumps(record_to_json(record), ensure_ascii=False, indent=2) + "\n"


def canonical_json(record: ProposalRecord) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same record always gives the same bytes."""
    return json.dumps(
        record_to_json(record), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def signed_content(record: ProposalRecord) -> ProposalRecord:
    """What the client signs: everything but the signatures and the later policy data."""
    return replace(record, signatures=(), policy=None)


def content_sha256(record: ProposalRecord) -> str:
    """SHA-256 (hex) of the canonical JSON of the signed content; printed and stored."""
    return hashlib.sha256(canonical_json(signed_content(record))).hexdigest()
