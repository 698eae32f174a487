"""Basic insurance (LAMal) premiums from the insurers' tariffs.

The line's gross is the insurer's premium for the person's canton, region and age group with
the standard model, the ordinary deductible and accident cover; the chosen model, optional
deductible and suspended accident cover then appear as separate reductions, each the
difference of two tariff rows (001 art. 6.1 and 9.8, 002 art. 13.1; OAMal art. 95 al. 2bis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from app.i18n import _
from app.services.formatting import format_chf
from app.services.lamal import deadlines as lamal
from app.services.pricing.model import PersonInput
from app.services.pricing.tariffs import LAMAL_DEDUCTIBLES, LAMAL_MODELS, Price, Tariffs


@dataclass
class LamalPriced:
    gross: Decimal
    reductions: list[tuple[str, Decimal, str, bool]] = field(default_factory=list)
    price: Price | None = None
    group: str = ""
    deductible: Decimal = Decimal(0)
    model: str = "standard"
    insurer: str = ""
    start: date = date(2000, 1, 1)
    share: tuple[int, int] = (1, 1)  # of the year's premium, from `start`


def price_lamal(tariffs: Tariffs, year: int, person: PersonInput, group: str, insurer: str | None,
                model: str | None, accident_cover: bool, tariff: str | None,
                deductible: Decimal | None, start: date | None,
                model_name: Callable[[str], str] = str) -> LamalPriced:
    """One person's basic insurance; `model_name` gives a model's name for the reasons."""
    if not insurer:
        raise ValueError(_("no basic insurer chosen"))
    model = model or "standard"
    if model not in LAMAL_MODELS:
        raise ValueError(_("unknown model {model} (models: {known})").format(
            model=model, known=", ".join(LAMAL_MODELS)))
    options = LAMAL_DEDUCTIBLES[group]
    base_deductible = options[0]
    deductible = base_deductible if deductible is None else Decimal(deductible)
    if deductible not in options:
        raise ValueError(_("deductible {deductible} is not offered (options: {known})").format(
            deductible=deductible, known=", ".join(str(d) for d in options)))
    tyear = tariffs.lamal_year(insurer, year)
    if tyear is None:
        raise ValueError(_("no basic insurance tariff of {insurer} for {year}").format(
            insurer=insurer, year=year))
    codes = tariffs.lamal_tariffs.get((tyear, insurer, model), ())
    if tariff is None and codes:
        tariff = codes[0]  # several tariffs of one model: the first code, unless chosen
    if not codes:
        raise ValueError(_("{insurer} has no tariff for the model {model}").format(
            insurer=insurer, model=model_name(model)))
    if tariff not in codes:
        raise ValueError(_("{insurer} has no tariff {tariff} for the model {model}").format(
            insurer=insurer, tariff=tariff, model=model_name(model)))
    region = int(person.premium_region or 1)  # None only in one-region cantons (pricing)

    def row(m: str, t: str, d: Decimal, accident: bool) -> Price | None:
        return tariffs.lamal.get((tyear, insurer, person.canton, region, group, d, m, accident, t))

    final = row(model, tariff, deductible, accident_cover)
    if final is None:
        raise ValueError(_("no basic insurance premium of {insurer} for canton {canton}, "
                           "region {region}, {group}, deductible {deductible}").format(
            insurer=insurer, canton=person.canton, region=region, group=group,
            deductible=deductible))
    standard = tariffs.lamal_tariffs.get((tyear, insurer, "standard"), ())
    steps: list[tuple[str, Price | None, str]] = [
        ("", row("standard", standard[0], base_deductible, True) if standard else None, ""),
        ("lamal_model", row(model, tariff, base_deductible, True),
         _("Model {model} instead of the standard model").format(model=model_name(model))),
        ("lamal_deductible", row(model, tariff, deductible, True),
         _("Optional deductible of {amount} instead of {base}").format(
             amount=format_chf(deductible, dash_for_whole=True),
             base=format_chf(base_deductible, dash_for_whole=True))),
        ("lamal_accident", final,
         _("Accident cover suspended: insured under the accident insurance act (LAA)")),
    ]
    known = [(code, price, reason) for code, price, reason in steps if price is not None]
    priced = LamalPriced(gross=final.monthly, price=final, group=group,
                         deductible=deductible, model=model, insurer=insurer)
    amounts = [p.monthly for _c, p, _r in known]
    if all(a >= b for a, b in zip(amounts, amounts[1:], strict=False)):
        priced.gross = known[0][1].monthly
        for (_c, before, _r), (code, after, reason) in zip(known, known[1:], strict=False):
            cut = before.monthly - after.monthly
            if cut:
                priced.reductions.append((code, cut, reason, final.source.illustrative))
    priced.start, priced.share = first_period(insurer, year, start)
    return priced


@lru_cache(maxsize=4096)
def first_period(insurer: str, year: int, start: date | None) -> tuple[date, tuple[int, int]]:
    """From the start to 31 December: the first month per the insurer's rule, then whole
    months; as a share of the year's premium."""
    first = date(year, 1, 1)
    if start is None or start <= first:
        return first, (1, 1)
    if start.year > year:
        raise ValueError(_("starts after the premium year {year}").format(year=year))
    # app.services.lamal.deadlines holds each insurer's rule (EGK the whole month, 001 art. 7.3; SWICA
    # to the day, 002 art. 10.4). Its Decimal is days / month days, so the fraction is exact
    # again with a denominator of at most 31.
    factor = Fraction(lamal.first_month_factor(insurer, start)).limit_denominator(31)
    months = factor + (12 - start.month)
    return start, (months.numerator, months.denominator * 12)
