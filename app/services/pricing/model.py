"""What the premium engine takes and returns (README "Premiums").

Inputs are plain frozen dataclasses; the local store's objects may be passed instead when
they carry the same attribute names. Outputs are frozen records a view or a document can
keep as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


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
    premium_region: int = 1  # 1..3 (shared/DOMAIN.md "Premium regions")
    role: str = ""  # "policyholder" | "spouse" | "partner" | "child" | "" (guessed by age)
    postal_code: str = ""
    lamal_insurer: str | None = None  # basic insurer when no LAMAL item is quoted for them
    held_products: tuple[str, ...] = ()  # covers already held: "SC", "HC:2", "LJ:priva"


@dataclass(frozen=True)
class HouseholdInput:
    persons: tuple[PersonInput, ...]
    lamal_insurer: str | None = None  # the household's basic insurer, default for everyone
    frame_contract_discount: Decimal | None = None  # percent, 004 art. 40
    frame_contract: str = ""  # the frame contract's name, shown in the reason


@dataclass(frozen=True)
class ItemInput:
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
    person: Any
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


@dataclass(frozen=True)
class Quote:
    year: int
    frequency: str
    lines: tuple[QuoteLine, ...]
    total: Decimal  # per period of the frequency, sum of the lines' net
    first_period_total: Decimal
    illustrative: bool


@dataclass(frozen=True)
class DeductibleOptions:
    """Every deductible option of one item, each priced as a full line."""

    person_id: str
    product: str
    level: str | None
    chosen: Decimal | None
    options: tuple[QuoteLine, ...]
