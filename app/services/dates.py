"""Calendar arithmetic shared by the contract, pricing and basic-insurance rules."""

from __future__ import annotations

import calendar
from datetime import date


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end: 31.01 + 1 -> 28.02 or 29.02."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def age_on(birth_date: date, on: date) -> int:
    """Age in completed years ("âge révolu") on a given day.

    A person born on 29 February completes a year on 1 March in common years
    (the day after 28 February), as Swiss civil law counts it.
    """
    if on < birth_date:
        raise ValueError("the day is before the birth date")
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def end_of_year(day: date) -> date:
    return date(day.year, 12, 31)
