"""Calendar arithmetic shared by the contract, pricing and basic-insurance rules."""

from __future__ import annotations

import calendar
import re
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


# The Swiss way of writing a date, as the agent types it.
DATE_PATTERN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str) -> date | None:
    """`dd.mm.yyyy` (or `d.m.yyyy`) as typed by the agent; None if it is not a date."""
    match = DATE_PATTERN.fullmatch(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
