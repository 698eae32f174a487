"""May this person take this product? Entry ages, levels and prerequisites, with reasons.

Ages are in completed years at the time of the request (003 "Conditions d'admission": "âge
au moment de la demande"; general rule `entry_age_at_request`), that is on `requested_on`,
the proposal's date; without it, on the start date. As the sources count them:
"jusqu'à l'âge de N ans révolus" admits ages up to N, "dès N ans révolus" from N
(003, product sections); the catalogue stores both bounds inclusive (KP "n'a pas atteint
17 ans révolus" is a maximum of 16, HS "plus de 55 ans" a minimum of 56).

`level=None` on a product with levels asks whether any level admits the person: the age
check uses the widest range of the levels (DP: 0-18 for DP0 and up to 60 for DP1-3 gives
0-60). Pass the level to check the one the client picks. Every reason found is returned,
each with a machine `code` and a sentence in the interface language (or `lang`).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from app.i18n import _, use_language
from app.services.catalogue.model import AgeLimits, Catalogue, Product
from app.services.dates import age_on
from app.services.formatting import format_date

AGE_ABOVE_MAX = "age_above_max"
AGE_BELOW_MIN = "age_below_min"
REQUIRES_LAMAL_AT = "requires_lamal_at"
UNKNOWN_LEVEL = "unknown_level"


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    product: str
    level: str | None
    age: int  # completed years on the request date (else the start date)
    reasons: tuple[Reason, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(reason.code for reason in self.reasons)


def widest_age_limits(product: Product) -> AgeLimits:
    """The entry ages of all the product's levels together."""
    limits = [product.level(level).age for level in product.levels] or [product.age_limits()]
    mins = [a.min_age for a in limits]
    maxs = [a.max_age for a in limits]
    return AgeLimits(
        None if None in mins else min(m for m in mins if m is not None),
        None if None in maxs else max(m for m in maxs if m is not None),
        "; ".join(dict.fromkeys(a.source for a in limits if a.source)),
    )


def check_eligibility(
    catalogue: Catalogue,
    code: str,
    level: str | None = None,
    *,
    birth_date: date,
    start_date: date,
    lamal_insurer: str | None = None,
    requested_on: date | None = None,
    lang: str | None = None,
) -> Eligibility:
    """Check entry age, level and prerequisites of `code` for a person starting on start_date.

    The age is counted on `requested_on` (the date of the proposal) when given. A person
    outside the product's ages is pointed to another product of its family that admits them
    (AJ from 18: AB for a child).

    Raises LookupError for an unknown product code and ValueError when the birth date is
    after the start date; everything else is a reason.
    """
    product = catalogue.product(code)
    if birth_date > start_date:
        raise ValueError(
            f"birth date {format_date(birth_date)} is after the start date {format_date(start_date)}"
        )
    counted_on = requested_on or start_date
    age = age_on(birth_date, counted_on)
    with use_language(lang) if lang else nullcontext():
        reasons: list[Reason] = []
        label = f"{product.code} {product.name()}"
        if level is not None and level not in product.levels:
            reasons.append(_unknown_level(product, level))
            limits = widest_age_limits(product)
        elif level is not None:
            limits = product.level(level).age
            label = product.level(level).name()
        else:
            limits = widest_age_limits(product)
        when = format_date(counted_on)
        if limits.max_age is not None and age > limits.max_age:
            reasons.append(Reason(AGE_ABOVE_MAX, _(
                "{product}: entry is possible up to age {max_age} (completed years); the person "
                "is {age} on {start_date}."
            ).format(product=label, max_age=limits.max_age, age=age, start_date=when)
                + _alternative(catalogue, product, age)))
        if limits.min_age is not None and age < limits.min_age:
            reasons.append(Reason(AGE_BELOW_MIN, _(
                "{product}: entry is possible from age {min_age} (completed years); the person "
                "is {age} on {start_date}."
            ).format(product=label, min_age=limits.min_age, age=age, start_date=when)
                + _alternative(catalogue, product, age)))
        for prerequisite in product.prerequisites:
            if prerequisite.kind == "lamal_insurer" and not _same_insurer(
                lamal_insurer, prerequisite.insurer
            ):
                reasons.append(Reason(REQUIRES_LAMAL_AT, _(
                    "{product} requires basic insurance (LAMal) with {insurer}."
                ).format(product=label, insurer=prerequisite.insurer)))
    return Eligibility(product.code, level, age, tuple(reasons))


def _alternative(catalogue: Catalogue, product: Product, age: int) -> str:
    """" {other} admits this age." for the first other product of the family that does."""
    for other in catalogue.products():
        if (other.family != product.family or other.code == product.code
                or other.prerequisites):  # one with conditions would need them checked too
            continue
        limits = widest_age_limits(other)
        if (limits.min_age is None or age >= limits.min_age) and (
                limits.max_age is None or age <= limits.max_age):
            return " " + _("{product} admits this age.").format(
                product=f"{other.code} {other.name()}")
    return ""


def _unknown_level(product: Product, level: str) -> Reason:
    if not product.levels:
        message = _("{product} has no levels; level {level} does not exist.").format(
            product=product.code, level=level)
    else:
        message = _("{product} has no level {level}; its levels are {levels}.").format(
            product=product.code, level=level, levels=", ".join(product.levels))
    return Reason(UNKNOWN_LEVEL, message)


def _same_insurer(given: str | None, required: str) -> bool:
    return given is not None and given.strip().casefold() == required.strip().casefold()
