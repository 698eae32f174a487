"""Premiums: an exact engine over the tariff data and the catalogue.

Public API (README "Premiums")::

    age_class(date(1986, 5, 1), 2026)          # "36-40"
    lamal_age_group(date(2008, 12, 31), 2026)  # "child" | "young_adult" | "adult"
    round_chf(Decimal("12.325"))               # Decimal("12.35")
    tariffs = load_tariffs()                   # shipped illustrative tariffs, or a folder
    q = quote(cat, tariffs, household, items, year=2027, frequency="monthly")
    q.lines, q.total                           # per period of the frequency
    compare_deductibles(cat, tariffs, household, items, year=2027)

Inputs are the typed records of `model`: a `HouseholdInput` of `PersonInput`s and a sequence
of `ItemInput`s, read as they are. Data from outside becomes them at the edge
(`HouseholdInput.from_mapping`, `ItemInput.from_mapping` for JSON-like dicts; the callers
holding store or document records convert those themselves).

Arithmetic is exact: tariff amounts, percentages, the HS index and surcharges are
terminating decimals, computed with 60 digits; the only divisions (pro rata by days) are
done last, once, so a tie at 2.5 centimes is exactly representable and rounds correctly.
Each per-person, per-product line is rounded to 5 centimes half up at its end; totals are
sums of rounded lines.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from app.i18n import _
from app.services.formatting import format_amount
from app.services.pricing import discounts as rules
from app.services.pricing.basic import price_lamal
from app.services.pricing.model import (
    DeductibleOptions,
    DiscountLine,
    HouseholdInput,
    ItemInput,
    PersonInput,
    PricingError,
    Quote,
    QuoteLine,
)
from app.services.pricing.tariff_parameters import FREQUENCIES
from app.services.pricing.tariffs import (
    ANY,
    LAMAL_DEDUCTIBLES,
    Price,
    TariffError,
    Tariffs,
    load_tariffs,
)

if TYPE_CHECKING:  # the catalogue is read, never built, here
    from app.services.catalogue import Catalogue

__all__ = [
    "AGE_CLASSES", "FREQUENCIES", "DeductibleOptions", "DiscountLine", "HouseholdInput", "ItemInput",
    "PersonInput", "PricingError", "Quote", "QuoteLine", "TariffError", "age_class",
    "compare_deductibles", "lamal_age_group", "load_tariffs", "quote", "round_chf",
]

LAMAL = "LAMAL"
_CENT = Decimal("0.01")
SINGLE_REGION_CANTONS = frozenset(
    "AG AI AR BS GE GL JU NE NW OW SO SZ TG UR ZG".split())  # shared/DOMAIN.md
# 003 "Primes": 0-18, 19-25, five-year classes from 26 to 70, then 71-99.
AGE_CLASSES = ("0-18", "19-25", *(f"{a}-{a + 4}" for a in range(26, 70, 5)), "71-99")


# -- rules -----------------------------------------------------------------------------------

def _age(birth_date: date, year: int) -> int:
    age = year - birth_date.year
    if age < 0:
        raise ValueError(f"born in {birth_date.year}, after the premium year {year}")
    return age


def age_class(birth_date: date, year: int) -> str:
    """The premium age class of the complementary products in `year` (003 "Primes").

    0-18, 19-25, then five-year classes 26-30 ... 66-70, then 71-99. The class follows the age
    reached during the calendar year, so a person moves up on 1 January after the year in
    which they reached the top of their class (004 CP art. 8).
    """
    age = _age(birth_date, year)
    if age <= 18:
        return "0-18"
    if age <= 25:
        return "19-25"
    if age <= 70:
        low = 26 + 5 * ((age - 26) // 5)
        return f"{low}-{low + 4}"
    return "71-99"


def lamal_age_group(birth_date: date, year: int) -> str:
    """Basic-insurance age group by premium year minus birth year (001 art. 7.1, DOMAIN.md)."""
    age = _age(birth_date, year)
    if age <= 18:
        return "child"
    if age <= 25:
        return "young_adult"
    return "adult"


def round_chf(amount: Decimal) -> Decimal:
    """To 5 centimes, half up (away from zero): 12.325 -> 12.35, 12.324 -> 12.30."""
    twentieths = (amount * 20).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (twentieths / 20).quantize(_CENT)


def senior_index(birth_date: date, year: int, base: int = 100, until_age: int = 55,
                 step: int = 7) -> int:
    """HS: 100 up to 55 included, +7 points per year of age after (003 HS); age reached in
    the calendar year."""
    return base + step * max(0, _age(birth_date, year) - until_age)


_EXACT = Context(prec=60)
_ZERO = Decimal(0)
_ONE = Decimal(1)
Share = tuple[int, int]  # numerator, denominator of the year's premium due
WHOLE_YEAR: Share = (1, 1)


def _floor20(value: Decimal) -> int:
    return int((value * 20).to_integral_value(rounding=ROUND_FLOOR))


# -- the engine ------------------------------------------------------------------------------

def _code(item: ItemInput) -> str:
    """The item's product code."""
    if not item.product:
        raise PricingError(_("An item has no product code."))
    return item.product


@dataclass
class _Context:
    cat: Catalogue
    tariffs: Tariffs
    household: HouseholdInput
    persons: dict[str, PersonInput]
    house: rules.Household
    year: int
    frequency: str
    months: int


def _context(cat: Catalogue, tariffs: Tariffs, household: HouseholdInput,
             items: Sequence[ItemInput], year: int, frequency: str) -> _Context:
    if frequency not in FREQUENCIES:
        raise PricingError(_("Unknown payment frequency {frequency}; expected one of {known}.")
                           .format(frequency=frequency, known=", ".join(FREQUENCIES)))
    persons = {p.id: p for p in household.persons}
    roles = {pid: rules.role_of(p, year) for pid, p in persons.items()}
    house = rules.Household(year=year, persons=persons, roles=roles)
    for pid, person in persons.items():
        house.holdings[pid] = set(person.held_products)
        house.lamal_insurers[pid] = person.lamal_insurer or household.lamal_insurer
    for item in items:
        pid = item.person_id
        if pid not in persons:
            raise PricingError(_("Item {product}: no person with id {id} in the household.")
                               .format(product=_code(item), id=pid))
        if _code(item) == LAMAL:
            house.lamal_insurers[pid] = item.insurer or house.lamal_insurers[pid]
            continue
        house.holdings[pid].add(_code(item))
        if item.level:
            house.holdings[pid].add(f"{_code(item)}:{item.level}")
    house.frame_percent = household.frame_contract_discount
    house.frame_name = household.frame_contract or ""
    months = tariffs.parameters.months[frequency]
    return _Context(cat, tariffs, household, persons, house, year, frequency, months)


def quote(cat: Catalogue, tariffs: Tariffs, household: HouseholdInput,
          items: Sequence[ItemInput], year: int = 2027, frequency: str = "monthly") -> Quote:
    """Price every item of a household for premium year `year`, per period of `frequency`."""
    ctx = _context(cat, tariffs, household, items, year, frequency)
    lines = tuple(_line(ctx, item, item.deductible) for item in items)
    return Quote(
        year=year, frequency=frequency, lines=lines,
        total=sum((line.net for line in lines), Decimal("0.00")),
        first_period_total=sum((line.first_period for line in lines), Decimal("0.00")),
        illustrative=any(line.illustrative for line in lines),
    )


def compare_deductibles(cat: Catalogue, tariffs: Tariffs, household: HouseholdInput,
                        items: Sequence[ItemInput], year: int = 2027,
                        frequency: str = "monthly") -> tuple[DeductibleOptions, ...]:
    """Each item priced at every deductible its product offers (the "compare" view)."""
    ctx = _context(cat, tariffs, household, items, year, frequency)
    result = []
    for item in items:
        options = _deductible_options(ctx, item)
        lines = tuple(_line(ctx, item, d) for d in options) if options else \
            (_line(ctx, item, None),)
        result.append(DeductibleOptions(item.person_id, _code(item), item.level,
                                        item.deductible, lines))
    return tuple(result)


def _deductible_options(ctx: _Context, item: ItemInput) -> tuple[Decimal, ...]:
    person = ctx.persons[item.person_id]
    if _code(item) == LAMAL:
        return LAMAL_DEDUCTIBLES[lamal_age_group(person.birth_date, ctx.year)]
    product = _product(ctx, item)
    return tuple(product.deductibles(item.level))


def _product(ctx: _Context, item: ItemInput) -> Any:
    try:
        return ctx.cat.product(_code(item))
    except LookupError:
        raise PricingError(_("Unknown product {product}.").format(product=_code(item))) from None


@dataclass
class _Priced:
    components: dict[str, Decimal]  # "" = the cover itself, else a module id
    fixed: list[tuple[str, Decimal, str, bool]]  # LAMal reductions: code, amount, reason
    applied: list[rules.Applied]
    price: Price
    age_label: str
    level: str | None
    deductible: Decimal | None
    capital: Decimal | None
    law: str
    start: date
    share: Share  # share of the year's premium due from `start`
    model: str | None = None
    insurer: str | None = None


def _line(ctx: _Context, item: ItemInput, deductible: Decimal | None) -> QuoteLine:
    person = ctx.persons[item.person_id]
    with localcontext(_EXACT):
        try:
            if _code(item) == LAMAL:
                priced = _price_lamal(ctx, item, person, deductible)
            else:
                priced = _price_lca(ctx, item, person, deductible)
        except (ValueError, LookupError) as error:
            if isinstance(error, PricingError):
                raise
            raise PricingError(f"{_who(person)}, {_code(item)}: {error}") from None
        return _finish(ctx, item, person, priced)


def _who(person: PersonInput) -> str:
    name = " ".join(x for x in (person.first_name, person.last_name) if x)
    return name or person.id


def _price_lca(ctx: _Context, item: ItemInput, person: PersonInput,
               deductible: Decimal | None) -> _Priced:
    product = _product(ctx, item)
    level = item.level or None
    if product.levels:
        if level not in product.levels:
            raise ValueError(_("level {level} does not exist (levels: {known})").format(
                level=level, known=", ".join(product.levels)))
    elif level is not None:
        raise ValueError(_("this product has no levels"))
    options = tuple(product.deductibles(level))
    if deductible is not None and not options and deductible == 0:
        deductible = None
    if options:
        deductible = options[0] if deductible is None else Decimal(deductible)
        if deductible not in options:
            raise ValueError(_("deductible {deductible} is not offered (options: {known})")
                             .format(deductible=deductible,
                                     known=", ".join(str(d) for d in options)))
    elif deductible is not None:
        raise ValueError(_("this product has no deductible options"))
    modules = tuple(item.modules)
    structure = _structure(product)
    tyear = ctx.tariffs.lca_year(product.code, ctx.year)
    if tyear is None:
        raise ValueError(_("no tariff for {year}").format(year=ctx.year))
    capital = _capital(ctx, product, level, tyear, item.capital)
    labels, age_label, factor = _age_keys(ctx, product, structure, product.code, tyear, person)
    key = (tyear, product.code, "", level or "", deductible, capital)
    price = _lookup(ctx, key, labels, person)
    components = {"": price.monthly * factor}
    for module in modules:
        _check_module(product, module, level)
        mprice = _lookup(ctx, (tyear, product.code, module, level or "", None, None), labels,
                         person, fallback_level=True)
        components[module] = mprice.monthly * factor
    applied = rules.applicable(
        ctx.tariffs.parameters, ctx.house, person.id, product.code, level or "", modules,
        {"bonus_level": item.bonus_level, "no_claims": item.no_claims},
    )
    start, fraction = _lca_first_period(ctx.year, item.start_date)
    return _Priced(components, [], applied, price, age_label, level, deductible, capital,
                   "lca", start, fraction)


def _price_lamal(ctx: _Context, item: ItemInput, person: PersonInput,
                 deductible: Decimal | None) -> _Priced:
    pid = person.id
    if premium_region(person) is None:
        raise ValueError(_("the premium region of {canton} is not chosen yet").format(
            canton=person.canton))
    lamal = price_lamal(
        ctx.tariffs, ctx.year, person, lamal_age_group(person.birth_date, ctx.year),
        item.insurer or ctx.house.lamal_insurers.get(pid), item.model, item.accident_cover,
        item.tariff, deductible, item.start_date, lambda model: _model_name(ctx.cat, model),
    )
    assert lamal.price is not None
    return _Priced({"": lamal.gross}, lamal.reductions, [], lamal.price, lamal.group, None,
                   lamal.deductible, None, "lamal", lamal.start, lamal.share,
                   model=lamal.model, insurer=lamal.insurer)


def _model_name(cat: Catalogue, model: str) -> str:
    try:
        return str(cat.lamal.model(model).name())
    except (AttributeError, LookupError):
        return model


def _capital(ctx: _Context, product: Any, level: str | None, tyear: int,
             value: Decimal | None) -> Decimal | None:
    """The insured capital: one of the catalogue's amounts (KH), at most its maximum (ID), and
    required when the product's tariff is priced by capital."""
    priced = ctx.tariffs.lca_capitals.get((tyear, product.code, level or ""), ())
    if value is None:
        if priced:
            raise ValueError(_("choose a capital (options: {known})").format(
                known=", ".join(format_amount(c, dash_for_whole=True) for c in priced)))
        return None
    capital = Decimal(value)
    listed = product.capitals(level)
    choices = sorted(c.amount for c in listed if not c.maximum)
    ceilings = [c.amount for c in listed if c.maximum]
    if priced and choices and capital not in choices:
        raise ValueError(_("capital {capital} is not offered (options: {known})").format(
            capital=format_amount(capital, dash_for_whole=True),
            known=", ".join(format_amount(c, dash_for_whole=True) for c in choices)))
    if ceilings and capital > max(ceilings):
        raise ValueError(_("capital {capital} exceeds the maximum of {maximum}").format(
            capital=format_amount(capital, dash_for_whole=True),
            maximum=format_amount(max(ceilings), dash_for_whole=True)))
    return capital


def _structure(product: Any) -> str:
    structure = product.premium_structure
    return str(getattr(structure, "kind", structure))


def _structure_details(product: Any) -> Any:
    """The catalogue's PremiumStructure (`product.premium`), None when it has none."""
    details = getattr(product, "premium", None)
    if details is None and not isinstance(product.premium_structure, str):
        details = product.premium_structure
    return details


def _age_keys(ctx: _Context, product: Any, structure: str, code: str, tyear: int,
              person: PersonInput) -> tuple[tuple[str, ...], str, Decimal]:
    """Age-class keys to try, the label shown and the premium factor (HS index)."""
    birth, year = person.birth_date, ctx.year
    age = _age(birth, year)
    if structure == "age_classes":
        label = age_class(birth, year)
        return (label, ANY), label, _ONE
    if structure == "uniform_0_18":
        if age > 18:
            raise ValueError(_("premium only for insured persons aged 0 to 18"))
        return ("0-18", ANY), "0-18", _ONE
    if structure == "two_classes_0_18_19_99":
        label = "0-18" if age <= 18 else "19-99"
        return (label, ANY), label, _ONE
    if structure == "single":
        return (ANY,), ANY, _ONE
    if structure == "senior_index":
        params = _structure_details(product)  # the catalogue's index (003 HS)
        index = senior_index(birth, year, getattr(params, "index_base", None) or 100,
                             getattr(params, "index_until_age", None) or 55,
                             getattr(params, "index_step", None) or 7)
        return (ANY,), f"index {index}", Decimal(index) / 100
    # age_bands_capital, own_tariff: the bands of the product's own tariff rows
    for low, high, band in ctx.tariffs.lca_bands.get((tyear, code), ()):
        if low <= age <= high:
            return (band, ANY), band, _ONE
    return (ANY,), ANY, _ONE


def _lookup(ctx: _Context, key: tuple[Any, ...], labels: tuple[str, ...], person: PersonInput,
            *, fallback_level: bool = False) -> Price:
    region = premium_region(person)
    regions = (f"{person.canton}-{region}", person.canton, "CH") if region else \
        (person.canton, "CH")
    levels = (key[3], "") if fallback_level and key[3] else (key[3],)
    table = ctx.tariffs.lca
    for level in levels:
        head = key[:3] + (level,) + key[4:]
        for where in regions:
            for label in labels:
                for sex in (person.sex, ANY):
                    price = table.get(head + (where, label, sex))
                    if price is not None:
                        return price
    described = " ".join(str(k) for k in key[1:] if k not in ("", None))
    raise ValueError(_("no tariff row for {what}, age class {age}, sex {sex}, region {region}")
                     .format(what=described, age=labels[0], sex=person.sex, region=regions[0]))


def premium_region(person: PersonInput) -> int | None:
    """The person's premium region; region 1 in the 15 cantons that have only one
    (shared/DOMAIN.md "Premium regions"); None while the agent has not chosen it."""
    region = person.premium_region
    if region:
        return int(region)
    return 1 if person.canton in SINGLE_REGION_CANTONS else None


def _check_module(product: Any, module: str, level: str | None) -> None:
    for candidate in getattr(product, "modules", ()):
        if candidate.id == module:
            if candidate.levels and level not in candidate.levels:
                raise ValueError(_("module {module} is not available with level {level}")
                                 .format(module=module, level=level))
            return
    raise ValueError(_("module {module} does not exist").format(module=module))


def _lca_first_period(year: int, start: date | None) -> tuple[date, Share]:
    """LCA: the first insurance period runs from the start date to 31 December; its premium
    is the year's pro rata by days (004 art. 27; 003 "Durée minimale")."""
    first = date(year, 1, 1)
    if start is None or start <= first:
        return first, WHOLE_YEAR
    if start.year > year:
        raise ValueError(_("starts after the premium year {year}").format(year=year))
    days = 366 if calendar.isleap(year) else 365
    return start, ((date(year, 12, 31) - start).days + 1, days)


def _finish(ctx: _Context, item: ItemInput, person: PersonInput, priced: _Priced) -> QuoteLine:
    months = ctx.months
    remaining = dict(priced.components)
    gross = sum(remaining.values(), _ZERO)
    exact: list[tuple[str, Decimal, str, Decimal | None, bool]] = []
    for code, amount, reason, illustrative in priced.fixed:
        remaining[""] -= amount
        exact.append((code, amount, reason, None, illustrative))
    for applied in priced.applied:
        targets = [c for c in remaining if applied.components is None or c in applied.components]
        rate = applied.percent / 100
        amount = _ZERO
        for component in targets:
            cut = remaining[component] * rate
            remaining[component] -= cut
            amount += cut
        if amount:
            exact.append((applied.code, amount, applied.reason, applied.percent,
                          applied.illustrative))
    after = sum(remaining.values(), _ZERO)
    surcharge_pct = ctx.tariffs.parameters.surcharges[(priced.law, ctx.frequency)]
    net = after * (1 + surcharge_pct / 100)
    # Per period: round the line's gross, its amount after discounts and its net; the
    # discounts share the rounded difference by largest remainder so the line adds up.
    gross_r = round_chf(gross * months)
    after_r = round_chf(after * months)
    net_r = round_chf(net * months)
    amounts = _allocate([e[1] * months for e in exact], gross_r - after_r)
    discount_lines = tuple(
        DiscountLine(code, amount, reason, percent, illustrative)
        for (code, _x, reason, percent, illustrative), amount in zip(exact, amounts, strict=True)
    )
    numerator, denominator = priced.share
    first_period = round_chf(net * 12 * numerator / denominator)  # the one division
    illustrative = (priced.price.source.illustrative
                    or any(d.illustrative for d in discount_lines)
                    or (net_r != after_r and ctx.tariffs.parameters.payment_illustrative))
    return QuoteLine(
        person=person, person_id=person.id, product=_code(item), level=priced.level,
        deductible=priced.deductible, capital=priced.capital, age_class=priced.age_label,
        gross=gross_r, discounts=discount_lines, surcharge=net_r - after_r, net=net_r,
        start_date=priced.start, first_period=first_period, illustrative=illustrative,
        tariff_source=priced.price.source.path, model=priced.model, insurer=priced.insurer,
        tariff_year=(ctx.tariffs.lamal_year(priced.insurer or "", ctx.year) if priced.law == "lamal"
                     else ctx.tariffs.lca_year(_code(item), ctx.year)),
    )


def _allocate(exact: list[Decimal], total: Decimal) -> list[Decimal]:
    """Split `total` (a multiple of 0.05) into multiples of 0.05 close to `exact`.

    Each amount is floored to 0.05, then the remaining steps go to the largest remainders
    (Hamilton's method); rounding the line's ends guarantees 0 <= steps <= len(exact).
    """
    if not exact:
        return []
    floors = [_floor20(x) for x in exact]
    steps = int(total * 20) - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] * 20 - floors[i]), i))
    for i in order[:max(0, steps)]:
        floors[i] += 1
    return [(Decimal(f) / 20).quantize(_CENT) for f in floors]
