"""Minimum terms, notice, revocation and switching deadlines as the seeds state them
(issue 17, items 1, 2, 5, 12).

Expected dates are counted by hand from the seed lines quoted in each test.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.services.catalogue import Catalogue, load_catalogue
from app.services.catalogue.contract import key_dates, minimum_term_end, revocation_deadline
from app.services.lamal import switch_dates
from app.services.proposals import lifecycle

ZURICH = ZoneInfo("Europe/Zurich")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


# 003 "Durée minimale d'assurance": "à l'exception de l'assurance Alterna, Mundo,
# Legis sana+ dont la période minimale du contrat est d'1 an". A year of contract is
# completed, then the contract ends with the calendar year (003 "Fin du contrat": notice
# "pour la fin d'une année civile").
@pytest.mark.parametrize(("code", "start", "signed", "term_end", "notice"), [
    # the case: MU from 01.12.2026 signed 15.11.2026; the year ends 30.11.2027
    ("MU", date(2026, 12, 1), date(2026, 11, 15), date(2027, 12, 31), date(2027, 9, 30)),
    # LS from 01.03.2026: the year ends 28.02.2027, so not after ten months
    ("LS", date(2026, 3, 1), date(2026, 2, 10), date(2027, 12, 31), date(2027, 9, 30)),
    # a start on 1 January completes its year on 31 December of the same year
    ("MU", date(2027, 1, 1), date(2026, 12, 1), date(2027, 12, 31), date(2027, 9, 30)),
    # one day later, the year ends on 1 January of the next: a year more
    ("MU", date(2027, 1, 2), date(2026, 12, 1), date(2028, 12, 31), date(2028, 9, 30)),
    ("MU", date(2026, 12, 31), date(2026, 12, 1), date(2027, 12, 31), date(2027, 9, 30)),
])
def test_one_year_products_end_with_the_period_the_year_is_completed_in(
        cat: Catalogue, code: str, start: date, signed: date, term_end: date,
        notice: date) -> None:
    k = key_dates(cat, code, start, signed)
    assert (k.minimum_term_end, k.notice_deadline) == (term_end, notice)


# 004 art. 13 al. 2: "Au terme de trois périodes d'assurance"; art. 12 al. 2: the first
# period runs from the start to the end of the calendar year. 003 GO: "au terme de 3 ans
# d'assurance pour la fin d'une année civile moyennant un préavis d'un mois". Decision (in
# the catalogue's data): the three years are three insurance periods, as for every 3-year
# product; GO differs by its one month's notice only.
@pytest.mark.parametrize(("start", "periods_end", "years_end"), [
    (date(2026, 3, 1), date(2028, 12, 31), date(2029, 12, 31)),  # the GO case
    (date(2026, 1, 1), date(2028, 12, 31), date(2028, 12, 31)),  # both readings agree
    (date(2026, 1, 2), date(2028, 12, 31), date(2029, 12, 31)),  # a day later they part
    (date(2025, 12, 31), date(2027, 12, 31), date(2028, 12, 31)),
])
def test_go_three_insurance_periods_and_the_other_reading(
        cat: Catalogue, start: date, periods_end: date, years_end: date) -> None:
    k = key_dates(cat, "GO", start, date(2025, 12, 1))
    assert k.minimum_term_end == periods_end
    assert k.notice_deadline == date(periods_end.year, 11, 30)  # one month's notice
    assert minimum_term_end(start, 3, counted_in="periods") == periods_end
    assert minimum_term_end(start, 3, counted_in="years") == years_end


def test_the_reading_is_stated_with_its_source_in_the_data(cat: Catalogue) -> None:
    go, mu = cat.product("GO").term, cat.product("MU").term
    assert go is not None and mu is not None
    assert go.counted_in == "periods" and "004 art. 13 al. 2" in go.source
    assert mu.counted_in == "years" and "d'1 an" in mu.source


def test_no_notice_deadline_before_the_signing(cat: Catalogue) -> None:
    # A start before the signing (a back-dated start agreed with the insurer): the minimum
    # term's own notice date is past, so the earliest end is the next year's.
    k = key_dates(cat, "MU", date(2026, 1, 1), date(2026, 11, 15))
    assert k.notice_deadline is not None and k.notice_deadline >= k.signed_on
    assert (k.minimum_term_end, k.notice_deadline) == (date(2027, 12, 31), date(2027, 9, 30))
    for code in ("GM", "GO", "HC", "LS", "MU", "SB", "DP"):
        for start in (date(2026, 12, 1), date(2027, 1, 1), date(2027, 6, 15)):
            d = key_dates(cat, code, start, date(2026, 11, 15))
            assert d.notice_deadline is None or d.notice_deadline >= d.signed_on, (code, start)


# LCA art. 2a al. 2 and 3: 14 days, met if sent on the last day; CO art. 77 al. 1 ch. 1
# (the day of signing not counted) and art. 78 al. 1 with the federal act of 21 June 1963
# on deadlines falling on a Saturday (SR 173.110.3): a last day on a Saturday, Sunday or
# public holiday moves to the next working day. One rule, the same in key_dates and in
# the lifecycle.
@pytest.mark.parametrize(("signed", "canton", "last"), [
    (date(2026, 10, 3), None, date(2026, 10, 19)),  # the issue: 17.10 is a Saturday
    (date(2026, 10, 2), None, date(2026, 10, 16)),  # a Friday: not moved
    (date(2026, 10, 4), None, date(2026, 10, 19)),  # Sunday 18.10 -> Monday
    (date(2026, 12, 11), None, date(2026, 12, 28)),  # Friday 25.12 (Christmas), weekend
    (date(2026, 12, 19), "VD", date(2027, 1, 4)),  # Saturday 02.01 (Berchtold in VD)
    (date(2026, 12, 20), "VD", date(2027, 1, 4)),  # Sunday 03.01
    (date(2026, 12, 21), "VD", date(2027, 1, 4)),  # Monday 04.01: a working day
])
def test_one_revocation_deadline(cat: Catalogue, signed: date, canton: str | None,
                                 last: date) -> None:
    assert revocation_deadline(signed, canton) == last
    assert lifecycle.revocation_deadline(signed, canton) == last
    assert key_dates(cat, "GM", date(2027, 3, 1), signed, canton=canton).revocation_until == last


# 002 (SWICA) art. 16 al. 3: "réputée conforme au délai lorsqu'elle a été réceptionnée par
# l'assureur le dernier jour ouvrable qui précède l'échéance du délai de résiliation jusqu'à
# 17 heures". Ordinary deductible, standard model: ends 30 June or 31 December with three
# months' notice (LAMal art. 7 al. 1); 30.09.2026 is a Wednesday.
@pytest.mark.parametrize(("received", "end", "deadline"), [
    (date(2026, 9, 30), date(2026, 12, 31), date(2026, 9, 30)),  # a day, no hour: in time
    (datetime(2026, 9, 30, 16, 59, tzinfo=ZURICH), date(2026, 12, 31), date(2026, 9, 30)),
    (datetime(2026, 9, 30, 17, 0, tzinfo=ZURICH), date(2026, 12, 31), date(2026, 9, 30)),
    (datetime(2026, 9, 30, 17, 30, tzinfo=ZURICH), date(2027, 6, 30), date(2027, 3, 31)),  # the case
    (datetime(2026, 10, 1, 8, 0, tzinfo=ZURICH), date(2027, 6, 30), date(2027, 3, 31)),
])
def test_swica_receipt_until_17_00(received: date, end: date, deadline: date) -> None:
    found = switch_dates("SWICA", Decimal("300"), "standard", received)
    assert (found.earliest_end, found.notice_deadline) == (end, deadline)


def test_an_insurer_without_a_cut_off_takes_the_whole_day() -> None:
    # 001 (EGK) and federal law: the notice must reach the insurer by the deadline's day.
    found = switch_dates("EGK", Decimal("300"), "standard", datetime(2026, 9, 30, 23, 0, tzinfo=ZURICH))
    assert found.earliest_end == date(2026, 12, 31)


def test_a_time_of_receipt_is_read_in_swiss_time() -> None:
    # 15:30 UTC on 30.09.2026 is 17:30 in Zurich (summer time): too late at SWICA
    from datetime import UTC
    found = switch_dates("SWICA", Decimal("300"), "standard", datetime(2026, 9, 30, 15, 30, tzinfo=UTC))
    assert found.earliest_end == date(2027, 6, 30)
    with pytest.raises(TypeError):
        switch_dates("SWICA", Decimal("300"), "standard", datetime(2026, 9, 30, 15, 30))  # noqa: DTZ001


# 004 art. 9 al. 3: "Une diminution de couverture au sein du même produit est possible
# seulement une fois la durée contractuelle minimale écoulée moyennant un préavis d'un mois
# pour la fin d'une année civile. Si la demande de diminution de couverture intervient
# suite à une augmentation de prime, seul le préavis d'un mois pour la fin d'une année
# civile est requis." (issue 17, item 9)
@pytest.mark.parametrize(("code", "start", "today", "increase", "effective", "notice"), [
    # GM from 01.03.2027: minimum term to 31.12.2029; a decrease from 01.01.2030,
    # asked by 30.11.2029
    ("GM", date(2027, 3, 1), date(2026, 11, 21), False, date(2030, 1, 1), date(2029, 11, 30)),
    # asked on 30.11.2029 it is still in time, on 01.12.2029 the next year-end
    ("GM", date(2027, 3, 1), date(2029, 11, 30), False, date(2030, 1, 1), date(2029, 11, 30)),
    ("GM", date(2027, 3, 1), date(2029, 12, 1), False, date(2031, 1, 1), date(2030, 11, 30)),
    # after a premium increase only the month's notice: during the minimum term too
    ("GM", date(2027, 3, 1), date(2027, 10, 15), True, date(2028, 1, 1), date(2027, 11, 30)),
    ("GM", date(2027, 3, 1), date(2027, 12, 1), True, date(2029, 1, 1), date(2028, 11, 30)),
    # MU: one year of contract
    ("MU", date(2026, 12, 1), date(2026, 11, 15), False, date(2028, 1, 1), date(2027, 11, 30)),
])
def test_a_decrease_of_cover(cat: Catalogue, code: str, start: date, today: date,
                             increase: bool, effective: date, notice: date) -> None:
    from app.services.catalogue.contract import cover_decrease

    found = cover_decrease(cat, code, start, today=today, after_premium_increase=increase)
    assert (found.effective, found.notice_deadline) == (effective, notice)
    assert "004 art. 9 al. 3" in found.source


def test_key_dates_state_the_earliest_decrease(cat: Catalogue) -> None:
    k = key_dates(cat, "GM", date(2027, 3, 1), date(2026, 11, 21))
    assert (k.decrease_from, k.decrease_notice_deadline) == (date(2030, 1, 1), date(2029, 11, 30))


# 003 "Proposition d'assurance", 004 art. 6 al. 1, LCA art. 1 al. 1: bound 14 days, four
# weeks only when a medical examination or report is required (issue 17, item 4). A health
# questionnaire alone is not one.
def test_the_binding_period_is_14_days_unless_a_medical_report_is_required(
        cat: Catalogue) -> None:
    signed = date(2026, 11, 21)
    assert key_dates(cat, "GM", date(2027, 1, 1), signed).binding_until == date(2026, 12, 5)
    assert key_dates(cat, "GM", date(2027, 1, 1), signed,
                     medical_questions=True).binding_until == date(2026, 12, 19)
