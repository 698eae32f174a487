"""What the premium engine takes and returns (README "Premiums").

Inputs are plain frozen dataclasses, and the engine reads nothing else. Data from outside
(JSON, tests) becomes them in one place, `PersonInput.from_mapping`,
`HouseholdInput.from_mapping` and `ItemInput.from_mapping`, which refuse a missing or
wrongly typed value with a `PricingError` naming the field; a caller holding other records
(the local store's, a document's) converts them itself. Outputs are frozen records a view or
a document can keep as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar


class PricingError(ValueError):
    """An item that cannot be priced; the message names the person, product and field."""


# -- inputs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonInput:
    id: str
    first_name: str
    last_name: str
    birth_date: date
    sex: str  # "F" | "M"
    canton: str  # "VD"
    # 1..3 (shared/DOMAIN.md "Premium regions"); None while not chosen (the local store's)
    premium_region: int | None = 1
    role: str = ""  # "policyholder" | "spouse" | "partner" | "child" | "" (guessed by age)
    postal_code: str = ""
    lamal_insurer: str | None = None  # basic insurer when no LAMAL item is quoted for them
    held_products: tuple[str, ...] = ()  # covers already held: "SC", "HC:2", "LJ:priva"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "person") -> PersonInput:
        """A person from JSON-like data: `birth_date` an ISO date, `sex` "F" or "M"."""
        read = _Reader(data, where, cls)
        sex = read.text("sex", required=True)
        if sex not in ("F", "M"):
            raise read.wrong("sex", '"F" or "M"')
        return cls(
            id=read.text("id", required=True), first_name=read.text("first_name"),
            last_name=read.text("last_name"),
            birth_date=read.required(read.day("birth_date"), "birth_date"), sex=sex,
            canton=read.text("canton", required=True),
            premium_region=read.integer("premium_region", default=1),
            role=read.text("role"), postal_code=read.text("postal_code"),
            lamal_insurer=read.optional_text("lamal_insurer"),
            held_products=read.texts("held_products"),
        )


@dataclass(frozen=True)
class HouseholdInput:
    persons: tuple[PersonInput, ...]
    lamal_insurer: str | None = None  # the household's basic insurer, default for everyone
    frame_contract_discount: Decimal | None = None  # percent, 004 art. 40
    frame_contract: str = ""  # the frame contract's name, shown in the reason

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "household") -> HouseholdInput:
        """A household from JSON-like data: `persons` a list of `PersonInput.from_mapping`'s
        mappings, `frame_contract_discount` a percent (string or number)."""
        read = _Reader(data, where, cls)
        persons = read.value("persons")
        if not isinstance(persons, Sequence) or isinstance(persons, str | bytes):
            raise read.wrong("persons", "a list of persons")
        return cls(
            persons=tuple(PersonInput.from_mapping(person, f"{where}.persons[{index}]")
                          for index, person in enumerate(persons)),
            lamal_insurer=read.optional_text("lamal_insurer"),
            frame_contract_discount=read.amount("frame_contract_discount"),
            frame_contract=read.text("frame_contract"),
        )


@dataclass(frozen=True)
class ItemInput:
    # Fields a store item keeps in its `options` mapping rather than in a column of its own.
    OPTIONS: ClassVar[tuple[str, ...]] = (
        "model", "insurer", "accident_cover", "tariff", "modules", "bonus_level", "no_claims")

    person_id: str
    product: str  # catalogue code; "LAMAL" for basic insurance
    level: str | None = None
    deductible: Decimal | None = None  # None: the lowest option (LAMal: the ordinary one)
    capital: Decimal | None = None
    start_date: date | None = None  # None: 1 January of the premium year
    accident_cover: bool = True  # LAMal: False when suspended (covered under LAA)
    model: str | None = None  # LAMal: "standard" | "family_doctor" | "hmo" | "telmed"
    insurer: str | None = None  # LAMal: EGK | SWICA | CMVEO; default the household's
    tariff: str | None = None  # LAMal: the insurer's tariff code when a model has several
    modules: tuple[str, ...] = ()  # optional modules (GE alternative medicine, ...)
    bonus_level: int | None = None  # SB bonus level (003 SB)
    # GE: benefits below CHF 150 in the reference period (003 GE); True for the cover and
    # every module, or the ids of those that qualify ("base", "alternative_medicine")
    no_claims: bool | tuple[str, ...] = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "item") -> ItemInput:
        """An item from JSON-like data: amounts as strings or numbers, dates ISO,
        `accident_cover` a boolean or the catalogue's id ("included", "suspended"...)."""
        read = _Reader(data, where, cls)
        no_claims = read.value("no_claims", False)
        if not isinstance(no_claims, bool):
            no_claims = read.texts("no_claims")
        return cls(
            person_id=read.text("person_id", required=True),
            product=read.text("product", required=True),
            level=read.optional_text("level"), deductible=read.amount("deductible"),
            capital=read.amount("capital"), start_date=read.day("start_date"),
            accident_cover=read.accident_cover("accident_cover"),
            model=read.optional_text("model"), insurer=read.optional_text("insurer"),
            tariff=read.optional_text("tariff"), modules=read.texts("modules"),
            bonus_level=read.integer("bonus_level"), no_claims=no_claims,
        )


# -- reading the inputs from JSON-like data ------------------------------------------------

ACCIDENT_COVER_IDS = {"included": True, "with": True, "suspended": False, "without": False}


class _Reader:
    """One mapping's fields, each checked against its type; errors name `where.field`."""

    def __init__(self, data: Mapping[str, Any], where: str, kind: type) -> None:
        if not isinstance(data, Mapping):
            raise PricingError(f"{where}: expected a mapping, got {data!r}")
        known = [f.name for f in fields(kind)]
        unknown = [name for name in data if name not in known]
        if unknown:
            raise PricingError(f"{where}.{unknown[0]}: unknown field (fields: {', '.join(known)})")
        self.data, self.where = data, where

    def wrong(self, name: str, expected: str) -> PricingError:
        return PricingError(f"{self.where}.{name}: expected {expected}, got {self.data[name]!r}")

    def required(self, value: Any, name: str) -> Any:
        if value is None:
            raise PricingError(f"{self.where}.{name}: missing")
        return value

    def value(self, name: str, default: Any = None) -> Any:
        value = self.data.get(name)
        return default if value is None else value

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.optional_text(name)
        if required and not value:
            raise PricingError(f"{self.where}.{name}: missing")
        return value or ""

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is not None and not isinstance(value, str):
            raise self.wrong(name, "a text")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.value(name, ())
        if isinstance(value, str | bytes) or not isinstance(value, Sequence) or \
                not all(isinstance(v, str) for v in value):
            raise self.wrong(name, "a list of texts")
        return tuple(value)

    def integer(self, name: str, default: int | None = None) -> int | None:
        value = self.data.get(name, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise self.wrong(name, "a whole number")
        return value

    def amount(self, name: str) -> Decimal | None:
        value = self.data.get(name)
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.wrong(name, "an amount")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.wrong(name, "an amount") from None
        if not amount.is_finite():
            raise self.wrong(name, "an amount")
        return amount

    def day(self, name: str) -> date | None:
        value = self.data.get(name)
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.wrong(name, "a date (YYYY-MM-DD)")

    def accident_cover(self, name: str) -> bool:
        value = self.value(name, True)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value in ACCIDENT_COVER_IDS:
            return ACCIDENT_COVER_IDS[value]
        raise PricingError(f"{self.where}.{name}: unknown accident cover {value!r} (expected "
                           f"true, false or one of {', '.join(ACCIDENT_COVER_IDS)})")


# -- outputs ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DiscountLine:
    code: str
    amount: Decimal  # per period, a multiple of 0.05
    reason: str  # in the current interface language
    percent: Decimal | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class QuoteLine:
    person: PersonInput
    person_id: str
    product: str
    level: str | None
    deductible: Decimal | None
    capital: Decimal | None
    age_class: str  # "36-40", "0-18", "adult", "index 135"...
    gross: Decimal  # per period, before discounts
    discounts: tuple[DiscountLine, ...]
    surcharge: Decimal  # instalment surcharge of the frequency
    net: Decimal  # gross - discounts + surcharge
    start_date: date  # first day charged in the premium year
    first_period: Decimal  # due from start_date to 31 December
    illustrative: bool
    tariff_source: str
    model: str | None = None
    insurer: str | None = None
    tariff_year: int | None = None  # the tariff's year; before the premium year when none


@dataclass(frozen=True)
class Quote:
    year: int
    frequency: str
    lines: tuple[QuoteLine, ...]
    total: Decimal  # per period of the frequency, sum of the lines' net
    first_period_total: Decimal
    illustrative: bool

    @property
    def tariff_years_behind(self) -> tuple[int, ...]:
        """The earlier tariff years some lines were priced with, the premium year having
        no tariff of its own yet (issue 17, item 14): to be said wherever they are shown."""
        return tuple(sorted({line.tariff_year for line in self.lines
                             if line.tariff_year is not None and line.tariff_year < self.year}))


@dataclass(frozen=True)
class DeductibleOptions:
    """Every deductible option of one item, each priced as a full line."""

    person_id: str
    product: str
    level: str | None
    chosen: Decimal | None
    options: tuple[QuoteLine, ...]
