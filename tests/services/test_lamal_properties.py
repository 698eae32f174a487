"""Properties of the basic-insurance date and premium arithmetic, over many days."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.dates import add_months, last_day_of_month
from app.services.lamal.deadlines import (
    accident_suspension_start,
    cover_start,
    first_month_factor,
    switch_dates,
)
from app.services.lamal.working_days import is_working_day, last_working_day

INSURERS = st.sampled_from(["EGK", "SWICA", "CMVEO"])
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2035, 12, 31))
FORMS = st.sampled_from([(Decimal("300"), "standard"), (Decimal("2500"), "standard"),
                         (Decimal("300"), "hmo"), (Decimal("1000"), "telmed")])


@settings(max_examples=300, deadline=None)
@given(INSURERS, DAYS, FORMS, st.booleans())
def test_switch_dates_are_the_earliest_open_term(insurer: str, today: date,
                                                 form: tuple[Decimal, str],
                                                 announced: bool) -> None:
    deductible, model = form
    s = switch_dates(insurer, deductible, model, today, announced)
    end, deadline = s.earliest_end, s.notice_deadline
    assert end == last_day_of_month(end.year, end.month)
    assert s.new_cover_from == end + timedelta(days=1)
    months = 1 if s.rule == "premium_announcement" else 3
    first = add_months(date(end.year, end.month, 1), -months)
    assert deadline == last_day_of_month(first.year, first.month)
    # Still open today; SWICA counts only until the last working day (002 art. 16.3).
    assert (s.last_working_day if insurer == "SWICA" else deadline) >= today
    # The last working day is one, and no working day lies between it and the deadline.
    assert s.last_working_day <= deadline and is_working_day(s.last_working_day, s.canton)
    day = s.last_working_day + timedelta(days=1)
    while day <= deadline:
        assert not is_working_day(day, s.canton)
        day += timedelta(days=1)
    assert s.deadline_is_working_day == (s.last_working_day == deadline)
    if s.rule == "premium_announcement":
        assert end == date(today.year, 12, 31)  # default: new premium from 1 January
    else:
        special = model != "standard" or deductible != Decimal("300")
        assert (end.month, end.day) in ([(12, 31)] if special else [(6, 30), (12, 31)])
        # The term before would already be closed: nothing earlier was possible.
        step = 12 if special else 6
        earlier = last_day_of_month(*divmod_month(end, -step))
        first_earlier = add_months(date(earlier.year, earlier.month, 1), -3)
        earlier_deadline = last_day_of_month(first_earlier.year, first_earlier.month)
        closes = last_working_day(earlier_deadline, s.canton) if insurer == "SWICA" \
            else earlier_deadline
        assert closes < today


def divmod_month(day: date, months: int) -> tuple[int, int]:
    moved = add_months(date(day.year, day.month, 1), months)
    return moved.year, moved.month


@given(DAYS)
def test_first_month_factor_is_the_share_of_days_left(start: date) -> None:
    month_days = last_day_of_month(start.year, start.month).day
    factor = first_month_factor("SWICA", start)
    assert factor == Decimal(month_days - start.day + 1) / Decimal(month_days)
    assert Decimal(0) < factor <= Decimal(1)
    if start.day > 1:
        assert factor < first_month_factor("SWICA", start - timedelta(days=1))
    assert first_month_factor("EGK", start) == Decimal(1)


@settings(max_examples=300)
@given(INSURERS, st.sampled_from(["birth", "arrival"]), DAYS,
       st.integers(min_value=-60, max_value=3000))
def test_cover_start_is_retroactive_only_within_three_months(
        insurer: str, reason: str, event: date, offset: int) -> None:
    received = event + timedelta(days=offset)
    c = cover_start(insurer, reason, event, received)
    in_time = received <= add_months(event, 3)
    assert c.late == (not in_time)
    assert c.start_date == (event if in_time else received)
    if c.late:
        s = c.surcharge
        assert s is not None and s.start == received
        assert s.delay_days == offset
        assert 1 <= s.months <= 60
        # The months cover the period exactly: the last one is started, not exceeded.
        assert add_months(s.start, s.months - 1) <= s.end < add_months(s.start, s.months)
        # Twice the delay, counted in calendar months then days: within ten days of twice the
        # days late (months differ in length; at most 7 days apart over 2024-2027).
        if not s.capped:
            assert abs((s.end - s.start).days + 1 - 2 * offset) <= 10
    else:
        assert c.surcharge is None


@given(DAYS)
def test_accident_suspension_is_never_retroactive(received: date) -> None:
    egk = accident_suspension_start("EGK", received)
    swica = accident_suspension_start("SWICA", received)
    assert swica == received + timedelta(days=1)
    assert egk.day == 1 and received < egk <= received + timedelta(days=31)
