"""Which discounts of 003/004 apply to one line, at which rate, and why.

The conditions are coded here with their source; the rates come from the tariff parameters
(`resources/tariffs/discounts.toml`), illustrative where 003 gives none. Ages follow the
calendar year, like the premium classes (003 "Primes"): the age reached during the premium
year (premium year - birth year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from app.i18n import _
from app.services.pricing.model import PersonInput
from app.services.pricing.tariff_parameters import DiscountRule, TariffParameters

PARENT_ROLES = ("policyholder", "spouse", "partner")
CHILD_ROLE = "child"
BASE = "base"  # the cover itself, as opposed to an optional module
FRAME_CONTRACT = "FRAME_CONTRACT"


@dataclass(frozen=True)
class Applied:
    """One discount to apply: a percentage of what is left of the named components."""

    code: str
    percent: Decimal
    reason: str
    illustrative: bool
    components: tuple[str, ...] | None = None  # None = every component of the line


@dataclass
class Household:
    """What discounts look at beyond the line itself: who holds what, who is whose parent."""

    year: int
    persons: Mapping[str, PersonInput]
    roles: dict[str, str]
    holdings: dict[str, set[str]] = field(default_factory=dict)  # "HC" and "HC:2"
    lamal_insurers: dict[str, str | None] = field(default_factory=dict)
    frame_percent: Decimal | None = None
    frame_name: str = ""

    def age(self, person_id: str) -> int:
        birth: date = self.persons[person_id].birth_date
        return self.year - birth.year

    def holds(self, person_id: str, products: Iterable[str]) -> str | None:
        """The first of `products` ("CODE" or "CODE:LEVEL") the person holds."""
        held = self.holdings.get(person_id, set())
        return next((p for p in products if p in held), None)

    def parents(self, person_id: str) -> list[str]:
        if self.roles.get(person_id) != CHILD_ROLE:
            return []
        return [pid for pid, role in self.roles.items() if role in PARENT_ROLES]


def role_of(person: PersonInput, year: int) -> str:
    """The household role; without one, a person under 19 in the year counts as a child."""
    if person.role:
        return person.role
    return CHILD_ROLE if year - person.birth_date.year <= 18 else "member"


def applicable(params: TariffParameters, house: Household, person_id: str, product: str,
               level: str, modules: tuple[str, ...], options: Mapping[str, Any]) -> list[Applied]:
    """The discounts of one LCA line, in the order they apply (README "Premiums").

    `options`: "bonus_level" (SB) and "no_claims" (GE: True for every module, or the ids of
    the modules whose benefits stayed below the limit, "base" for the cover itself).
    """
    found: list[Applied] = []
    rules = params.discounts_of(product)
    for rule in rules:
        if rule.kind == "bonus":
            found += _bonus(rule, options.get("bonus_level"))
        elif rule.kind == "no_claims":
            found += _no_claims(rule, house, person_id, modules, options.get("no_claims"))
    for rule in rules:
        if rule.kind in ("family", "children"):
            found += _family(rule, house, person_id, level, modules)
        elif rule.kind == "combination":
            found += _combination(rule, house, person_id)
    found += _frame(params, house)
    return found


def _components(module: str | None) -> tuple[str, ...] | None:
    """The line components a module-bound rule reduces: "" is the cover itself."""
    if module is None:
        return None
    return ("",) if module == BASE else (module,)


def _bonus(rule: DiscountRule, level: object) -> list[Applied]:
    # 003 SB: the premium step is a percentage of the ordinary premium, at most 100%.
    chosen = rule.default_level if level is None else level
    if not isinstance(chosen, int) or chosen not in rule.steps:
        known = ", ".join(str(s) for s in sorted(rule.steps))
        raise ValueError(_("Bonus level {level} does not exist (levels: {known}).")
                         .format(level=chosen, known=known))
    step = rule.steps[chosen]
    if step >= 100:
        return []
    reason = _("Bonus level {level}: premium at {step}% of the ordinary premium").format(
        level=chosen, step=_pct(step))
    return [Applied(rule.code, 100 - step, reason, rule.rate_illustrative)]


def _no_claims(rule: DiscountRule, house: Household, person_id: str,
               modules: tuple[str, ...], claimed: object) -> list[Applied]:
    # 003 GE: 25% on the base module, 50% (25% up to 25 years) on the alternative medicine
    # module, when benefits paid in the reference period stay below CHF 150.
    assert rule.percent is not None
    module = rule.module or BASE
    if module != BASE and module not in modules:
        return []
    if not (claimed is True or (isinstance(claimed, tuple | list | set | frozenset)
                                and module in claimed)):
        return []
    limit = _chf(rule.claims_below)
    percent = rule.percent
    young = rule.young_max_age is not None and house.age(person_id) <= rule.young_max_age
    if young and rule.percent_young is not None:
        percent = rule.percent_young
    if module == BASE:
        reason = _("No-claims discount on the base module: benefits below {limit} in the "
                   "reference period").format(limit=limit)
    else:
        reason = _("No-claims discount on the alternative medicine module: benefits below "
                   "{limit} in the reference period").format(limit=limit)
        if young and rule.percent_young is not None:
            reason += " " + _("(rate for insured persons up to {age})").format(
                age=rule.young_max_age)
    return [Applied(rule.code, percent, reason, rule.rate_illustrative,
                    _components(module))]


def _family(rule: DiscountRule, house: Household, person_id: str, level: str,
            modules: tuple[str, ...]) -> list[Applied]:
    assert rule.percent is not None
    age = house.age(person_id)
    components = _components(rule.module)
    if rule.holder == "household_adult":
        return _household_family(rule, house, person_id, level)
    if rule.max_age is not None and age > rule.max_age:
        return []
    holding_parent = next(
        (pid for pid in house.parents(person_id) if house.holds(pid, rule.parent_products)), None)
    if holding_parent is None:
        return []
    if rule.lamal_insurer is not None:
        # 003 GI: the child and the parent both have their basic insurance at CMVEO.
        if house.lamal_insurers.get(person_id) != rule.lamal_insurer or \
                house.lamal_insurers.get(holding_parent) != rule.lamal_insurer:
            return []
    parent = house.persons[holding_parent]
    held = house.holds(holding_parent, rule.parent_products)
    if rule.kind == "children":
        text = _("Children's discount: a parent ({name}) holds {product}")
    else:
        text = _("Family discount: a parent ({name}) holds {product}")
    reason = text.format(name=_first_name(parent), product=_product(held))
    if rule.lamal_insurer is not None:
        reason += " " + _("and both have basic insurance at {insurer}").format(
            insurer=rule.lamal_insurer)
    return [Applied(rule.code, rule.percent, reason, rule.rate_illustrative, components)]


def _household_family(rule: DiscountRule, house: Household, person_id: str,
                      variant: str) -> list[Applied]:
    # 003 LJ: children under 25 and further persons of the household of an adult holding the
    # same Legis variant get the family bonus; that adult pays the full premium.
    assert rule.percent is not None
    wanted = f"{rule.product}:{variant}"
    holders = [pid for pid in house.persons if wanted in house.holdings.get(pid, set())]
    adults = [pid for pid in holders if house.roles.get(pid) in PARENT_ROLES]
    if not adults:
        adults = [pid for pid in holders if house.age(pid) >= 19]
    if not adults:
        return []
    adults.sort(key=lambda pid: (house.roles.get(pid) != "policyholder",
                                 house.persons[pid].birth_date))
    main = adults[0]
    if person_id == main:
        return []
    name = _first_name(house.persons[main])
    if rule.max_age is not None and house.age(person_id) <= rule.max_age and \
            house.roles.get(person_id) == CHILD_ROLE:
        reason = _("Family bonus: child under 25 in the household of {name}, who holds the "
                   "same cover").format(name=name)
    else:
        reason = _("Family bonus: further person in the household of {name}, who holds the "
                   "same cover").format(name=name)
    return [Applied(rule.code, rule.percent, reason, rule.rate_illustrative)]


def _combination(rule: DiscountRule, house: Household, person_id: str) -> list[Applied]:
    # 003 MU: combination discount while the person holds one of the listed products.
    assert rule.percent is not None
    held = house.holds(person_id, rule.qualifying_products)
    if held is None:
        return []
    reason = _("Combination discount: also insured for {product}").format(product=_product(held))
    return [Applied(rule.code, rule.percent, reason, rule.rate_illustrative)]


def _frame(params: TariffParameters, house: Household) -> list[Applied]:
    # 004 art. 26a al. 2a and art. 40: discount of a frame contract, rate from the contract.
    if not house.frame_percent:
        return []
    rule = params.discounts.get(FRAME_CONTRACT)
    cap = rule.max_percent if rule and rule.max_percent is not None else Decimal(100)
    if not (0 < house.frame_percent <= cap):
        raise ValueError(_("The frame contract discount must be above 0% and at most {cap}%.")
                         .format(cap=_pct(cap)))
    name = house.frame_name or _("frame contract")
    reason = _("Frame contract discount ({name})").format(name=name)
    return [Applied(FRAME_CONTRACT, house.frame_percent, reason, False)]


def _first_name(person: PersonInput) -> str:
    return person.first_name or person.id


def _product(held: str | None) -> str:
    return (held or "").replace(":", " ")


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _chf(value: Decimal | None) -> str:
    from app.services.formatting import format_chf

    return format_chf(value if value is not None else Decimal(0), dash_for_whole=True)
