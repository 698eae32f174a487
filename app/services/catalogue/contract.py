"""Contract dates an agent quotes: binding, revocation, waiting periods, term and notice.

Sources (cited per rule below): LCA art. 1 and 2a, seed 003 "Proposition d'assurance",
"Durée minimale d'assurance", "Fin du contrat d'assurance", seed 004 art. 6, 12 and 13.

Day counting follows the Swiss Code of Obligations art. 77: a period of days does not count
the day of signing (signed 1 March + 14 days = 15 March is the last day), a period of weeks
ends on the same weekday (4 weeks = 28 days), a period of months on the same day of the
month, clamped to the month's end (31 January + 1 month = 28/29 February). A last day on a
revocation deadline on a Saturday, Sunday or public holiday moves to the next working day
(CO art. 78 al. 1, federal act of 21 June 1963 on deadlines falling on a Saturday, SR
173.110.3): one function, `revocation_deadline`, for the documents, the screens and the
lifecycle. The binding period is quoted as counted (the insurer's time to answer; CO art.
78 would only lengthen it).

PI (daily allowance) has no fixed minimum term: its expiry, a 31 December, is stated in
the policy and it renews yearly unless notice is received by 30 September (003 "PI").
`key_dates` takes that expiry as `policy_expiry`; without it PI's `minimum_term_end` and
`notice_deadline` are None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from app.services.catalogue.model import (
    LAMAL_CODE,
    Catalogue,
    Product,
    Text,
    Transfer,
    WaitingRule,
)
from app.services.dates import add_months, end_of_year

# LCA art. 1 al. 1 (text of 003 "Proposition d'assurance", 004 art. 6 al. 1): 14 days,
# 4 weeks "si des renseignements médicaux sont nécessaires".
BINDING_DAYS = 14
BINDING_DAYS_MEDICAL = 28
# LCA art. 2a al. 3; 003 "Proposition d'assurance"; 004 art. 6 al. 2.
REVOCATION_DAYS = 14


@dataclass(frozen=True)
class WaitingPeriod:
    benefit: str
    months: int
    covered_from: date  # first day the benefit is covered
    source: str
    text: Text | None = None
    waived_if: Text | None = None


@dataclass(frozen=True)
class KeyDates:
    product: str
    signed_on: date
    start_date: date
    binding_until: date  # last day the proposer is bound (LCA art. 1)
    revocation_until: date  # last day a revocation may be sent (LCA art. 2a)
    first_period_end: date  # 31 December of the start year (004 art. 12 al. 2)
    minimum_term_years: int | None  # insurance periods; None for PI (term in the policy)
    minimum_term_end: date | None  # earliest end the policyholder may give notice for
    notice_months: int
    notice_deadline: date | None  # last day the notice may reach the insurer for that end
    expiry_in_policy: bool
    medical_questions: bool
    sources: tuple[str, ...]
    # 004 art. 9 al. 3: lowering the cover within the product, at the earliest
    decrease_from: date | None = None  # first day of the lower cover
    decrease_notice_deadline: date | None = None  # the request must reach the insurer by


@dataclass(frozen=True)
class CoverDecrease:
    effective: date  # 1 January: the first day of the lower cover
    notice_deadline: date  # last day the request may reach the insurer
    source: str


def waiting_periods(
    catalogue: Catalogue, code: str, level: str | None = None, *, start_date: date
) -> tuple[WaitingPeriod, ...]:
    """Waiting periods (délais de carence) of a product and level, running from start_date.

    A period of M months covers the benefit from start_date + M months (003 "Délais de
    carence", 004 art. 10 al. 3). With `level=None` on a product with levels the periods
    must be the same for every level, else ValueError; an unknown level raises LookupError.
    """
    product = catalogue.product(code)
    rules = _rules_for(product, level)
    return tuple(
        WaitingPeriod(rule.benefit, rule.months, add_months(start_date, rule.months),
                      rule.source, rule.text, rule.waived_if)
        for rule in rules
    )


def _rules_for(product: Product, level: str | None) -> tuple[WaitingRule, ...]:
    if level is not None:
        product.level(level)  # raises for an unknown level
        return tuple(r for r in product.waiting_rules if not r.levels or level in r.levels)
    if not product.levels:
        return product.waiting_rules
    per_level = {
        lv: tuple(r for r in product.waiting_rules if not r.levels or lv in r.levels)
        for lv in product.levels
    }
    if len(set(per_level.values())) > 1:
        raise ValueError(f"{product.code}: waiting periods differ between levels; pass a level")
    return next(iter(per_level.values()))


def key_dates(
    catalogue: Catalogue,
    code: str,
    start_date: date,
    signed_on: date,
    medical_questions: bool | None = None,
    *,
    policy_expiry: date | None = None,
    canton: str | None = None,
) -> KeyDates:
    """The dates to quote for a complementary (LCA) product signed on `signed_on`.

    medical_questions: whether the insurer requires a medical examination or report (a
    referral to its medical officer, a doctor's report asked for): then the proposer is
    bound four weeks, else 14 days (LCA art. 1 al. 1; 003 "Proposition d'assurance"; 004
    art. 6 al. 1). A health questionnaire alone is not one (issue 17, item 4); None: no.
    canton: the proposer's, for the
    public holidays that move the revocation deadline. Raises ValueError for the basic
    insurance, whose rules differ (LAMal: no binding period, change of insurer dates).
    """
    product = catalogue.product(code)
    if product.code == LAMAL_CODE or product.term is None:
        raise ValueError(f"{product.code}: key dates apply to complementary (LCA) products")
    term = product.term
    medical = bool(medical_questions)
    binding = signed_on + timedelta(days=BINDING_DAYS_MEDICAL if medical else BINDING_DAYS)
    revocation = revocation_deadline(signed_on, canton)
    first_end = end_of_year(start_date)
    term_end: date | None
    notice: date | None
    if term.expiry_in_policy:
        term_end = _checked_expiry(product, policy_expiry, first_end)
        notice = None
        if term_end is not None:
            notice = (date(term_end.year, *term.notice_received_by) if term.notice_received_by
                      else notice_deadline_for(term_end, term.notice_months))
    else:
        if policy_expiry is not None:
            raise ValueError(f"{product.code}: the term is not stated in the policy")
        assert term.minimum_years is not None
        term_end = minimum_term_end(start_date, term.minimum_years, counted_in=term.counted_in)
        notice = notice_deadline_for(term_end, term.notice_months)
        while notice < signed_on:  # that end's notice is past: the next year's end is the first
            term_end = date(term_end.year + 1, 12, 31)
            notice = notice_deadline_for(term_end, term.notice_months)
    decrease = None if term_end is None else cover_decrease(
        catalogue, code, start_date, today=signed_on, policy_expiry=policy_expiry)
    return KeyDates(
        product=product.code, signed_on=signed_on, start_date=start_date,
        binding_until=binding, revocation_until=revocation, first_period_end=first_end,
        minimum_term_years=term.minimum_years, minimum_term_end=term_end,
        notice_months=term.notice_months, notice_deadline=notice,
        expiry_in_policy=term.expiry_in_policy, medical_questions=medical,
        sources=("LCA art. 1", "LCA art. 2a", "003 §Proposition d'assurance", "004 art. 6",
                 "004 art. 12", term.source),
        decrease_from=decrease.effective if decrease else None,
        decrease_notice_deadline=decrease.notice_deadline if decrease else None,
    )


DECREASE_NOTICE_MONTHS = 1  # 004 art. 9 al. 3


def cover_decrease(catalogue: Catalogue, code: str, start_date: date, *, today: date,
                   after_premium_increase: bool = False,
                   policy_expiry: date | None = None) -> CoverDecrease:
    """When a lower cover within the same product (a lower level or capital, a higher
    deductible) can take effect, for a request made on `today`.

    004 art. 9 al. 3: only once the minimum term is over, with one month's notice for the
    end of a calendar year; after a premium increase, the month's notice alone.
    """
    product = catalogue.product(code)
    if product.term is None:
        raise ValueError(f"{product.code}: a decrease of cover applies to complementary products")
    if after_premium_increase:
        end = date(today.year, 12, 31)
    elif product.term.expiry_in_policy:
        if policy_expiry is None:
            raise ValueError(f"{product.code}: the term is stated in the policy; give its expiry")
        end = policy_expiry
    else:
        assert product.term.minimum_years is not None
        end = minimum_term_end(start_date, product.term.minimum_years,
                               counted_in=product.term.counted_in)
    notice = notice_deadline_for(end, DECREASE_NOTICE_MONTHS)
    while notice < today:  # too late for that year's end: the next one
        end = date(end.year + 1, 12, 31)
        notice = notice_deadline_for(end, DECREASE_NOTICE_MONTHS)
    return CoverDecrease(end + timedelta(days=1), notice,
                         "004 art. 9 al. 3" + ("" if after_premium_increase else "; " +
                                                product.term.source))


def _checked_expiry(product: Product, expiry: date | None, first_end: date) -> date | None:
    if expiry is None:
        return None
    if (expiry.month, expiry.day) != (12, 31) or expiry < first_end:
        raise ValueError(
            f"{product.code}: the policy expiry is a 31 December on or after {first_end}, "
            f"got {expiry}"
        )
    return expiry


def minimum_term_end(start_date: date, periods: int, *, counted_in: str = "periods") -> date:
    """The earliest end of a minimum term of `periods`, always a 31 December.

    "periods": the end of the last of that many insurance periods, the first from the start
    date to 31 December, each later one a calendar year (004 art. 12, 13 al. 2). "years":
    that many years of contract completed, then to the end of that calendar year (003
    "Durée minimale d'assurance" for the 1-year products; started 01.12.2026, a year ends
    30.11.2027 and the term 31.12.2027).
    """
    if periods < 1:
        raise ValueError("a minimum term has at least one insurance period")
    if counted_in == "periods":
        return date(start_date.year + periods - 1, 12, 31)
    if counted_in == "years":
        completed = add_months(start_date, 12 * periods) - timedelta(days=1)
        return date(completed.year, 12, 31)
    raise ValueError(f"counted_in is 'periods' or 'years', got {counted_in!r}")


def revocation_deadline(signed_on: date, canton: str | None = None) -> date:
    """Last day a revocation may be sent (it is met if sent that day: LCA art. 2a al. 3,
    004 art. 6 al. 2).

    14 days from the proposal (LCA art. 2a al. 2), the signing day not counted (CO art. 77
    al. 1 ch. 1, applicable through LCA art. 100); a last day on a Saturday, Sunday or public
    holiday at the proposer's place (`canton`; None: federal holidays only) moves to the
    next working day (CO art. 78 al. 1; federal act on deadlines falling on a Saturday,
    SR 173.110.3).
    """
    last = signed_on + timedelta(days=REVOCATION_DAYS)
    calendar = _holidays(canton)
    while last.weekday() >= 5 or last in calendar:
        last += timedelta(days=1)
    return last


@cache
def _holidays(canton: str | None) -> holidays.HolidayBase:
    try:
        return holidays.country_holidays("CH", subdiv=canton)
    except NotImplementedError:
        raise ValueError(f"unknown canton {canton!r}") from None


def notice_deadline_for(end: date, notice_months: int) -> date:
    """Last day a notice of `notice_months` may reach the insurer for a contract end.

    31 December with 3 months -> 30 September; with 1 month -> 30 November (003 "Fin du
    contrat d'assurance").
    """
    return add_months(end + timedelta(days=1), -notice_months) - timedelta(days=1)


def cover_end(catalogue: Catalogue, code: str, birth_date: date) -> date | None:
    """Last day of cover set by age (KP: 31 December of the year of the 17th birthday)."""
    rule = catalogue.product(code).cover_end
    return None if rule is None else date(birth_date.year + rule.age, 12, 31)


def transfer(
    catalogue: Catalogue, code: str, level: str | None, birth_date: date
) -> tuple[Transfer, date] | None:
    """The automatic transfer of a product/level and its date, if any.

    003 "DP" and "AB": on 1 January of the year after the one in which the insured reached
    the age (18), e.g. DP0 -> DP1, AB eco -> AJ, AB light/standard -> ID.
    """
    product = catalogue.product(code)
    for rule in product.transfers:
        if rule.from_level is None or rule.from_level == level:
            return rule, date(birth_date.year + rule.age + 1, 1, 1)
    return None
