"""Basic insurance rules per insurer (seed 001 = EGK, 002 = SWICA, CMVEO = federal law).

Every expected date is worked out by hand in the comment beside it. Weekdays and public
holidays were checked on a calendar: 31.03.2024 is Easter Sunday (Good Friday 29.03 is a
holiday in ZH and BL, not in VS or TI); 31.03.2029 a Saturday after Good Friday 30.03;
30.09.2028 a Saturday; 30.09.2029 and 30.11.2025 Sundays; 28.02.2027 a Sunday; 31.05.2029
Corpus Christi in VS; 31.12 Restoration Day in GE.
"""

from datetime import date, time
from decimal import Decimal

import pytest

from app.i18n import use_language
from app.services.lamal.deadlines import (
    accident_suspension_start,
    cover_start,
    deductible_change_dates,
    first_month_factor,
    insurers,
    model_change_dates,
    switch_dates,
)

ORDINARY = Decimal("300")
OPTIONAL = Decimal("2500")


# ------------------------------------------------------------------ change of insurer


def test_issue_example_swica() -> None:
    s = switch_dates("SWICA", deductible=Decimal("300"), model="standard",
                     today=date(2027, 2, 10), new_premium_announced=False)
    # 10.02.2027: 30.06.2027 needs 3 months' notice -> by 31.03.2027 (a Wednesday).
    assert (s.earliest_end, s.notice_deadline) == (date(2027, 6, 30), date(2027, 3, 31))
    assert s.deadline_is_working_day and s.last_working_day == date(2027, 3, 31)
    assert s.receipt_cutoff == time(17, 0)  # 002 art. 16.3
    assert s.new_cover_from == date(2027, 7, 1)
    assert (s.rule, s.citation) == ("ordinary", "002 art. 16.1")
    assert not s.blocked_by_arrears


@pytest.mark.parametrize(
    ("today", "end", "deadline"),
    [
        (date(2027, 3, 31), date(2027, 6, 30), date(2027, 3, 31)),  # the deadline day itself
        (date(2027, 4, 1), date(2027, 12, 31), date(2027, 9, 30)),  # one day late -> 31.12
        (date(2027, 9, 30), date(2027, 12, 31), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2028, 6, 30), date(2028, 3, 31)),  # next semester end
    ],
)
@pytest.mark.parametrize("insurer", ["EGK", "SWICA", "CMVEO"])
def test_ordinary_deductible_switches_for_30_june_or_31_december(
        insurer: str, today: date, end: date, deadline: date) -> None:
    s = switch_dates(insurer, ORDINARY, "standard", today)
    assert (s.earliest_end, s.notice_deadline, s.rule) == (end, deadline, "ordinary")


@pytest.mark.parametrize(("deductible", "model"), [(OPTIONAL, "standard"), (ORDINARY, "hmo"),
                                                    (Decimal("500"), "telmed")])
@pytest.mark.parametrize("insurer", ["EGK", "SWICA", "CMVEO"])
def test_optional_deductible_or_special_model_switches_only_for_31_december(
        insurer: str, deductible: Decimal, model: str) -> None:
    # In February the 30 June term is still open for ordinary insurance, not here.
    s = switch_dates(insurer, deductible, model, date(2027, 2, 10))
    assert (s.earliest_end, s.notice_deadline, s.rule) == (
        date(2027, 12, 31), date(2027, 9, 30), "special_form")
    # From 1 October: 31.12.2028, deadline 30.09.2028, a Saturday -> Friday 29.09.2028.
    s = switch_dates(insurer, deductible, model, date(2027, 10, 1))
    assert (s.earliest_end, s.notice_deadline) == (date(2028, 12, 31), date(2028, 9, 30))
    assert not s.deadline_is_working_day and s.last_working_day == date(2028, 9, 29)


def test_child_ordinary_deductible_is_zero() -> None:
    # A child's CHF 300 is optional (OAMal art. 93): 31 December only.
    assert switch_dates("SWICA", Decimal("300"), "standard", date(2027, 2, 10),
                        age_group="child").earliest_end == date(2027, 12, 31)
    assert switch_dates("SWICA", Decimal("0"), "standard", date(2027, 2, 10),
                        age_group="child").earliest_end == date(2027, 6, 30)


@pytest.mark.parametrize("insurer", ["EGK", "SWICA", "CMVEO"])
def test_premium_announcement_gives_30_november_for_31_december(insurer: str) -> None:
    # New premium from 01.01.2028: end 31.12.2027 with one month's notice -> 30.11.2027.
    s = switch_dates(insurer, OPTIONAL, "hmo", date(2027, 11, 30), new_premium_announced=True)
    assert (s.earliest_end, s.notice_deadline, s.rule) == (
        date(2027, 12, 31), date(2027, 11, 30), "premium_announcement")
    # 01.12.2027: too late for 31.12.2027 -> the special-form term 31.12.2028 (30.09.2028).
    s = switch_dates(insurer, OPTIONAL, "hmo", date(2027, 12, 1), new_premium_announced=True)
    assert (s.earliest_end, s.notice_deadline, s.rule) == (
        date(2028, 12, 31), date(2028, 9, 30), "special_form")


def test_premium_announcement_keeps_the_later_deadline_for_the_same_end() -> None:
    # 15.09.2027: 31.12.2027 is open both ways (30.09 ordinary, 30.11 after the announcement).
    s = switch_dates("EGK", ORDINARY, "standard", date(2027, 9, 15), new_premium_announced=True)
    assert (s.earliest_end, s.notice_deadline, s.citation) == (
        date(2027, 12, 31), date(2027, 11, 30), "001 art. 5.2")


def test_mid_year_premium_change_in_a_leap_year() -> None:
    # New premium from 01.04.2028: end 31.03.2028, one month's notice -> 29.02.2028 (Tuesday).
    s = switch_dates("EGK", ORDINARY, "standard", date(2028, 1, 15), new_premium_announced=True,
                     premium_effective=date(2028, 4, 1))
    assert (s.earliest_end, s.notice_deadline) == (date(2028, 3, 31), date(2028, 2, 29))
    assert s.deadline_is_working_day
    # Same in 2027: 28.02.2027 is a Sunday -> Friday 26.02.2027.
    s = switch_dates("EGK", ORDINARY, "standard", date(2027, 1, 15), new_premium_announced=True,
                     premium_effective=date(2027, 4, 1))
    assert (s.notice_deadline, s.last_working_day) == (date(2027, 2, 28), date(2027, 2, 26))


@pytest.mark.parametrize("effective", [date(2028, 4, 15), date(2027, 1, 1)])
def test_premium_effective_must_be_a_future_first_of_month(effective: date) -> None:
    with pytest.raises(ValueError, match="premium_effective"):
        switch_dates("EGK", ORDINARY, "standard", date(2027, 1, 15), new_premium_announced=True,
                     premium_effective=effective)


def test_sunday_deadline_swica_counts_the_last_working_day_at_17() -> None:
    # 31.03.2024 is Easter Sunday; Saturday 30.03, Good Friday 29.03 (ZH): Thursday 28.03.
    s = switch_dates("SWICA", ORDINARY, "standard", date(2024, 1, 10))
    assert (s.earliest_end, s.notice_deadline) == (date(2024, 6, 30), date(2024, 3, 31))
    assert not s.deadline_is_working_day
    assert (s.last_working_day, s.canton, s.receipt_cutoff) == (date(2024, 3, 28), "ZH", time(17))
    assert any("falls on a Sunday" in t for t in s.explanations)
    assert any("Thursday 28.03.2024" in t and "17:00" in t for t in s.explanations)
    # On Good Friday the notice can no longer reach SWICA in time (002 art. 16.3):
    # next term 31.12.2024, deadline 30.09.2024 (a Monday).
    s = switch_dates("SWICA", ORDINARY, "standard", date(2024, 3, 29))
    assert (s.earliest_end, s.notice_deadline) == (date(2024, 12, 31), date(2024, 9, 30))


def test_sunday_deadline_at_insurers_without_a_receipt_rule() -> None:
    # EGK (seat BL: Good Friday is a holiday) and CMVEO (VS: it is not); both name the last
    # working day but, without SWICA's rule, keep the nominal deadline open.
    egk = switch_dates("EGK", ORDINARY, "standard", date(2024, 3, 30))
    cmveo = switch_dates("CMVEO", ORDINARY, "standard", date(2024, 3, 30))
    assert egk.earliest_end == cmveo.earliest_end == date(2024, 6, 30)
    assert (egk.last_working_day, egk.receipt_cutoff) == (date(2024, 3, 28), None)
    assert (cmveo.last_working_day, cmveo.canton) == (date(2024, 3, 29), "VS")


def test_canton_changes_the_holidays() -> None:
    # TI keeps no Good Friday: the last working day before 31.03.2024 is Friday 29.03.
    s = switch_dates("SWICA", ORDINARY, "standard", date(2024, 1, 10), canton="ti")
    assert (s.canton, s.last_working_day) == ("TI", date(2024, 3, 29))
    with pytest.raises(ValueError, match="canton"):
        switch_dates("SWICA", ORDINARY, "standard", date(2024, 1, 10), canton="XY")


def test_saturday_deadline_after_good_friday_2029() -> None:
    # 31.03.2029 Saturday, 30.03.2029 Good Friday: ZH Thursday 29.03, VS Friday 30.03.
    swica = switch_dates("SWICA", ORDINARY, "standard", date(2029, 2, 1))
    cmveo = switch_dates("CMVEO", ORDINARY, "standard", date(2029, 2, 1))
    assert swica.notice_deadline == cmveo.notice_deadline == date(2029, 3, 31)
    assert (swica.last_working_day, cmveo.last_working_day) == (date(2029, 3, 29),
                                                                date(2029, 3, 30))
    with use_language("en"):
        texts = switch_dates("SWICA", ORDINARY, "standard", date(2029, 2, 1)).explanations
    assert any("falls on a Saturday" in t for t in texts)


def test_sunday_30_september_and_30_november() -> None:
    # 30.09.2029 Sunday -> Friday 28.09.2029.
    s = switch_dates("EGK", OPTIONAL, "standard", date(2029, 6, 1))
    assert (s.notice_deadline, s.last_working_day) == (date(2029, 9, 30), date(2029, 9, 28))
    # 30.11.2025 Sunday -> Friday 28.11.2025.
    s = switch_dates("SWICA", ORDINARY, "standard", date(2025, 11, 3), new_premium_announced=True)
    assert (s.earliest_end, s.notice_deadline, s.last_working_day) == (
        date(2025, 12, 31), date(2025, 11, 30), date(2025, 11, 28))


def test_public_holiday_deadline_corpus_christi_in_valais() -> None:
    # New premium from 01.07.2029: end 30.06.2029, deadline 31.05.2029 = Corpus Christi (VS).
    s = switch_dates("CMVEO", ORDINARY, "standard", date(2029, 5, 2), new_premium_announced=True,
                     premium_effective=date(2029, 7, 1))
    assert (s.earliest_end, s.notice_deadline, s.last_working_day) == (
        date(2029, 6, 30), date(2029, 5, 31), date(2029, 5, 30))
    assert any("public holiday (Corpus Christi)" in t for t in s.explanations)
    with use_language("de"):
        texts = switch_dates("CMVEO", ORDINARY, "standard", date(2029, 5, 2), True,
                             premium_effective=date(2029, 7, 1)).explanations
    assert any("Fronleichnam" in t for t in texts)
    # SWICA with the same holidays closed on Wednesday 30.05 at 17:00, so on 31.05 the
    # premium path is shut; the next ordinary term is 31.12.2029 (deadline 30.09.2029).
    s = switch_dates("SWICA", ORDINARY, "standard", date(2029, 5, 31), new_premium_announced=True,
                     premium_effective=date(2029, 7, 1), canton="VS")
    assert (s.earliest_end, s.notice_deadline) == (date(2029, 12, 31), date(2029, 9, 30))


def test_arrears_block_the_switch_with_each_insurers_citation() -> None:
    s = switch_dates("SWICA", ORDINARY, "standard", date(2027, 2, 10), in_arrears=True)
    assert s.blocked_by_arrears and s.earliest_end == date(2027, 6, 30)
    assert any("Arrears block" in t and "002 art. 16.5" in t for t in s.explanations)
    # 001 is silent: federal law (LAMal art. 64a al. 6).
    e = switch_dates("EGK", ORDINARY, "standard", date(2027, 2, 10), in_arrears=True)
    assert any("LAMal art. 64a al. 6" in t for t in e.explanations)
    assert not switch_dates("EGK", ORDINARY, "standard", date(2027, 2, 10)).blocked_by_arrears


def test_egk_minimum_stay_with_an_optional_deductible() -> None:
    # Optional deductible since 01.07.2027: EGK only from 01.07.2028 on (001 art. 10.2), so
    # 31.12.2027 is out; 31.12.2028, deadline 30.09.2028 (Saturday). SWICA has no such rule.
    egk = switch_dates("EGK", OPTIONAL, "standard", date(2027, 8, 1),
                       optional_deductible_since=date(2027, 7, 1))
    swica = switch_dates("SWICA", OPTIONAL, "standard", date(2027, 8, 1),
                         optional_deductible_since=date(2027, 7, 1))
    assert egk.earliest_end == date(2028, 12, 31)
    assert swica.earliest_end == date(2027, 12, 31)
    # Taken on 01.01.2027: the one year is over on 01.01.2028, so 31.12.2027 works.
    assert switch_dates("EGK", OPTIONAL, "standard", date(2027, 8, 1),
                        optional_deductible_since=date(2027, 1, 1)).earliest_end == date(2027, 12, 31)
    with pytest.raises(ValueError, match="optional_deductible_since"):
        switch_dates("EGK", ORDINARY, "standard", date(2027, 8, 1),
                     optional_deductible_since=date(2027, 1, 1))


def test_federal_rules_for_an_insurer_without_a_file() -> None:
    s = switch_dates(None, ORDINARY, "standard", date(2025, 11, 3), new_premium_announced=True)
    assert (s.earliest_end, s.notice_deadline, s.canton) == (
        date(2025, 12, 31), date(2025, 11, 30), "")
    assert s.last_working_day == date(2025, 11, 28) and s.citation == "LAMal art. 7 al. 2"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"deductible": Decimal("750")}, ValueError),  # not offered to adults or children
        ({"deductible": 300.0}, TypeError),
        ({"model": "premium"}, ValueError),
        ({"today": "2027-02-10"}, TypeError),
    ],
)
def test_switch_rejects_bad_input(kwargs: dict[str, object], error: type[Exception]) -> None:
    args: dict[str, object] = {"deductible": ORDINARY, "model": "standard",
                               "today": date(2027, 2, 10)}
    args.update(kwargs)
    with pytest.raises(error):
        switch_dates("EGK", **args)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["AXA", "egk", "federal", ""])
def test_unknown_insurer_is_a_lookup_error(code: str) -> None:
    for call in (
        lambda: switch_dates(code, ORDINARY, "standard", date(2027, 2, 10)),
        lambda: cover_start(code, "birth", date(2027, 1, 1), date(2027, 1, 5)),
        lambda: first_month_factor(code, date(2027, 3, 17)),
        lambda: accident_suspension_start(code, date(2027, 3, 1)),
        lambda: deductible_change_dates(code, OPTIONAL, ORDINARY, date(2027, 1, 1),
                                        date(2027, 3, 1)),
        lambda: model_change_dates(code, "standard", "hmo", date(2027, 3, 1)),
    ):
        with pytest.raises(LookupError):
            call()


def test_insurers_lists_codes_and_names() -> None:
    assert [(i.code, i.name) for i in insurers()] == [
        ("CMVEO", "CMVEO"), ("EGK", "EGK-Caisse de Santé"), ("SWICA", "SWICA Assurance-maladie SA")]


# ------------------------------------------------------------------ start of cover


def test_issue_example_cover_start() -> None:
    c = cover_start("EGK", reason="arrival", event_date=date(2027, 1, 10),
                    received_on=date(2027, 3, 1))
    assert (c.start_date, c.late, c.surcharge) == (date(2027, 1, 10), False, None)
    assert c.in_time_until == date(2027, 4, 10) and c.citation == "001 art. 3.1"


@pytest.mark.parametrize("insurer", ["EGK", "SWICA", "CMVEO"])
def test_three_month_window_boundary(insurer: str) -> None:
    # Arrival 10.01.2027: in time until 10.04.2027 inclusive.
    on_time = cover_start(insurer, "arrival", date(2027, 1, 10), date(2027, 4, 10))
    late = cover_start(insurer, "arrival", date(2027, 1, 10), date(2027, 4, 11))
    assert (on_time.start_date, on_time.late) == (date(2027, 1, 10), False)
    assert (late.start_date, late.late) == (date(2027, 4, 11), True)
    # Delay 10.01 -> 11.04 = 3 months 1 day (91 days: 21 + 28 + 31 + 11); twice: 6 months 2
    # days from 11.04.2027 -> until 12.10.2027 inclusive; 7 started months.
    assert late.surcharge is not None
    assert (late.surcharge.delay_days, late.surcharge.end, late.surcharge.months) == (
        91, date(2027, 10, 12), 7)
    assert (late.surcharge.rate_min, late.surcharge.rate_max) == (Decimal("0.30"), Decimal("0.50"))


def test_late_arrival_surcharge_for_twice_the_delay() -> None:
    # Arrival 10.01.2027, received 20.05.2027: 4 months 10 days late (130 days:
    # 21 + 28 + 31 + 30 + 20). Twice: 8 months 20 days from 20.05.2027 -> 20.01.2028 + 20 days
    # = 09.02.2028 exclusive, so the last day is 08.02.2028; 9 started months.
    c = cover_start("EGK", "arrival", date(2027, 1, 10), date(2027, 5, 20))
    assert (c.start_date, c.late, c.citation) == (date(2027, 5, 20), True, "LAMal art. 5 al. 2")
    s = c.surcharge
    assert s is not None
    assert (s.delay_days, s.start, s.end, s.months, s.capped) == (
        130, date(2027, 5, 20), date(2028, 2, 8), 9, False)
    assert s.citation == "001 art. 3.2; OAMal art. 8 al. 1"
    swica = cover_start("SWICA", "arrival", date(2027, 1, 10), date(2027, 5, 20))
    assert swica.citation == "002 art. 10.3"  # SWICA's own article on the late start


def test_surcharge_is_capped_at_five_years() -> None:
    # Arrival 01.01.2020, received 01.07.2023: 42 months late, twice = 84 > 60 months.
    c = cover_start("SWICA", "arrival", date(2020, 1, 1), date(2023, 7, 1))
    assert c.surcharge is not None
    assert (c.surcharge.end, c.surcharge.months, c.surcharge.capped) == (date(2028, 6, 30), 60, True)
    assert any("60 months" in t for t in c.explanations)


def test_birth_window_across_a_leap_february() -> None:
    # Born 30.11.2027: three months end on 29.02.2028 (no 30 February).
    assert not cover_start("SWICA", "birth", date(2027, 11, 30), date(2028, 2, 29)).late
    assert cover_start("SWICA", "birth", date(2027, 11, 30), date(2028, 3, 1)).late
    # Born 30.11.2026: until 28.02.2027.
    assert not cover_start("EGK", "birth", date(2026, 11, 30), date(2027, 2, 28)).late
    assert cover_start("EGK", "birth", date(2026, 11, 30), date(2027, 3, 1)).late
    # Born 29.02.2028: until 29.05.2028.
    assert cover_start("EGK", "birth", date(2028, 2, 29), date(2028, 5, 29)).start_date == \
        date(2028, 2, 29)


def test_proposal_before_the_birth_starts_at_birth() -> None:
    c = cover_start("SWICA", "birth", date(2027, 6, 3), date(2027, 4, 20))
    assert (c.start_date, c.late) == (date(2027, 6, 3), False)


def test_change_of_insurer_starts_without_a_gap() -> None:
    c = cover_start("SWICA", "change_of_insurer", date(2028, 1, 1), date(2027, 11, 15))
    assert (c.start_date, c.late, c.citation) == (date(2028, 1, 1), False, "002 art. 16.4")


def test_cover_start_rejects_an_unknown_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        cover_start("EGK", "marriage", date(2027, 1, 1), date(2027, 1, 2))


# ------------------------------------------------------------------ first premium


def test_issue_example_first_month() -> None:
    assert first_month_factor("SWICA", date(2027, 3, 17)) == Decimal(15) / Decimal(31)
    assert first_month_factor("EGK", date(2027, 3, 17)) == Decimal("1")


@pytest.mark.parametrize(
    ("start", "days", "month_days"),
    [
        (date(2027, 3, 1), 31, 31),
        (date(2027, 3, 31), 1, 31),
        (date(2028, 2, 17), 13, 29),  # leap February: 29 - 17 + 1
        (date(2027, 2, 17), 12, 28),
        (date(2028, 2, 29), 1, 29),
    ],
)
def test_swica_charges_the_first_month_to_the_day(start: date, days: int, month_days: int) -> None:
    assert first_month_factor("SWICA", start) == Decimal(days) / Decimal(month_days)
    assert first_month_factor("EGK", start) == 1
    assert first_month_factor("CMVEO", start) == Decimal(days) / Decimal(month_days)  # assumed


# ------------------------------------------------------------------ accident cover


@pytest.mark.parametrize(
    ("received", "egk", "swica"),
    [
        (date(2027, 3, 1), date(2027, 4, 1), date(2027, 3, 2)),
        (date(2027, 3, 15), date(2027, 4, 1), date(2027, 3, 16)),
        (date(2027, 12, 31), date(2028, 1, 1), date(2028, 1, 1)),
        (date(2028, 2, 28), date(2028, 3, 1), date(2028, 2, 29)),
    ],
)
def test_accident_suspension_start(received: date, egk: date, swica: date) -> None:
    assert accident_suspension_start("EGK", received) == egk  # 001 art. 6.1
    assert accident_suspension_start("SWICA", received) == swica  # 002 art. 13.1
    assert accident_suspension_start("CMVEO", received) == egk  # OAMal art. 11 al. 1


# ------------------------------------------------------------------ deductible and model


def test_higher_deductible_only_from_1_january() -> None:
    c = deductible_change_dates("EGK", ORDINARY, Decimal("1000"), date(2020, 1, 1),
                                date(2027, 6, 15))
    assert (c.effective_from, c.notice_deadline, c.rule, c.citation) == (
        date(2028, 1, 1), date(2027, 12, 31), "higher_deductible", "001 art. 10.1")
    # 31.12 is Restoration Day in Geneva: the last working day is Thursday 30.12.2027.
    g = deductible_change_dates("SWICA", ORDINARY, Decimal("1000"), date(2020, 1, 1),
                                date(2027, 6, 15), canton="GE")
    assert (g.last_working_day, g.citation) == (date(2027, 12, 30), "002 art. 11.3")


def test_lower_deductible_notice_differs_between_insurers() -> None:
    # 15.10.2027: EGK needs 3 months (30.09.2027 passed -> 01.01.2029, deadline 30.09.2028),
    # SWICA 1 month (30.11.2027 -> 01.01.2028).
    egk = deductible_change_dates("EGK", OPTIONAL, ORDINARY, date(2025, 1, 1), date(2027, 10, 15))
    swica = deductible_change_dates("SWICA", OPTIONAL, ORDINARY, date(2025, 1, 1),
                                    date(2027, 10, 15))
    assert (egk.effective_from, egk.notice_deadline) == (date(2029, 1, 1), date(2028, 9, 30))
    assert egk.last_working_day == date(2028, 9, 29)  # 30.09.2028 is a Saturday
    assert (swica.effective_from, swica.notice_deadline) == (date(2028, 1, 1), date(2027, 11, 30))
    assert (egk.citation, swica.citation) == ("001 art. 10.2", "002 art. 11.4")


def test_lower_deductible_minimum_stay_at_egk_only() -> None:
    # Optional deductible since 01.07.2027 (a mid-year entry): EGK not before 01.07.2028, so
    # the first year end is 31.12.2028 -> 01.01.2029. SWICA: 01.01.2028 (by 30.11.2027).
    egk = deductible_change_dates("EGK", OPTIONAL, ORDINARY, date(2027, 7, 1), date(2027, 8, 1))
    swica = deductible_change_dates("SWICA", OPTIONAL, ORDINARY, date(2027, 7, 1),
                                    date(2027, 8, 1))
    assert egk.effective_from == date(2029, 1, 1)
    assert swica.effective_from == date(2028, 1, 1)
    # Since 01.01.2027: exactly one year on 01.01.2028, so EGK allows it (by 30.09.2027).
    assert deductible_change_dates("EGK", OPTIONAL, Decimal("1000"), date(2027, 1, 1),
                                   date(2027, 3, 1)).effective_from == date(2028, 1, 1)


def test_lower_deductible_under_federal_law_after_a_premium_announcement() -> None:
    # CMVEO: 3 months (30.09), or 1 month once the new premium is announced (30.11).
    late = deductible_change_dates("CMVEO", OPTIONAL, ORDINARY, date(2025, 1, 1),
                                   date(2027, 10, 15))
    announced = deductible_change_dates("CMVEO", OPTIONAL, ORDINARY, date(2025, 1, 1),
                                        date(2027, 10, 15), new_premium_announced=True)
    assert late.effective_from == date(2029, 1, 1)
    assert (announced.effective_from, announced.notice_deadline) == (
        date(2028, 1, 1), date(2027, 11, 30))


def test_deductible_change_rejects_bad_amounts() -> None:
    with pytest.raises(ValueError, match="already"):
        deductible_change_dates("EGK", ORDINARY, ORDINARY, date(2027, 1, 1), date(2027, 3, 1))
    with pytest.raises(ValueError, match="deductible"):
        deductible_change_dates("EGK", ORDINARY, Decimal("100"), date(2027, 1, 1),
                                date(2027, 3, 1), age_group="adult")
    # A child's deductibles: 0 ordinary, 100-600 optional.
    c = deductible_change_dates("SWICA", Decimal("0"), Decimal("600"), date(2027, 1, 1),
                                date(2027, 3, 1), age_group="child")
    assert c.effective_from == date(2028, 1, 1)


def test_swica_limited_choice_model_from_the_first_of_any_next_month() -> None:
    c = model_change_dates("SWICA", "standard", "hmo", date(2027, 3, 17))
    assert (c.effective_from, c.notice_deadline, c.rule, c.citation) == (
        date(2027, 4, 1), date(2027, 3, 31), "to_limited_choice", "002 art. 11.1")
    assert model_change_dates("SWICA", "standard", "telmed",
                              date(2027, 12, 31)).effective_from == date(2028, 1, 1)
    # EGK's 001 is silent: federal law, OAMal art. 100 al. 2.
    e = model_change_dates("EGK", "standard", "family_doctor", date(2027, 3, 17))
    assert (e.effective_from, e.citation) == (date(2027, 4, 1), "OAMal art. 100 al. 2")


def test_other_model_changes_only_at_the_year_end() -> None:
    # SWICA between special forms: 1 month (002 art. 11.2) -> by 30.11.2027 for 01.01.2028.
    assert model_change_dates("SWICA", "hmo", "telmed", date(2027, 11, 30)).effective_from == \
        date(2028, 1, 1)
    assert model_change_dates("SWICA", "hmo", "telmed", date(2027, 12, 1)).effective_from == \
        date(2029, 1, 1)
    # EGK back to standard: 3 months (001 art. 10.2); 01.10.2027 -> 01.01.2029.
    e = model_change_dates("EGK", "hmo", "standard", date(2027, 10, 1))
    assert (e.effective_from, e.notice_deadline, e.rule) == (
        date(2029, 1, 1), date(2028, 9, 30), "other_form")


def test_optional_deductible_makes_a_model_change_a_year_end_change() -> None:
    # SWICA: an optional deductible is a special form (002 art. 6.1) -> 11.2, 31.12.
    s = model_change_dates("SWICA", "standard", "hmo", date(2027, 3, 17),
                           optional_deductible_since=date(2020, 1, 1))
    assert (s.effective_from, s.notice_deadline) == (date(2028, 1, 1), date(2027, 11, 30))
    # EGK with the optional deductible since 01.07.2027: one year -> 01.01.2029.
    e = model_change_dates("EGK", "standard", "hmo", date(2027, 8, 1),
                           optional_deductible_since=date(2027, 7, 1))
    assert e.effective_from == date(2029, 1, 1)
    assert any("01.07.2028" in t for t in e.explanations)


def test_model_change_rejects_the_same_or_an_unknown_model() -> None:
    with pytest.raises(ValueError, match="already"):
        model_change_dates("EGK", "hmo", "hmo", date(2027, 3, 1))
    with pytest.raises(ValueError, match="new"):
        model_change_dates("EGK", "hmo", "gold", date(2027, 3, 1))


def test_explanations_follow_the_interface_language() -> None:
    with use_language("fr"):
        s = switch_dates("SWICA", ORDINARY, "standard", date(2024, 1, 10))
    assert any("tombe un dimanche" in t for t in s.explanations)
    assert any("jeudi 28.03.2024" in t for t in s.explanations)
    with use_language("it"):
        c = cover_start("EGK", "birth", date(2027, 1, 10), date(2027, 3, 1))
    assert c.explanations[0].startswith("Ricevuta entro 3 mesi dalla nascita")
