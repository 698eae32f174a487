"""Working days in Switzerland: weekends and the public holidays of a canton.

A notice must reach the insurer, so the holidays that count are those of the canton where
it is received (the insurer's seat by default). The `holidays` package knows the federal
and the 26 cantons' holidays (../shared/DOMAIN.md, "Where data comes from").
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from app.services.lamal.insurer_rules import CANTONS

# holidays' own names for the interface languages.
_HOLIDAY_LANGUAGES = {"fr": "fr", "de": "de", "it": "it", "en": "en_US"}


@cache
def _calendar(canton: str, year: int, language: str) -> holidays.HolidayBase:
    return holidays.Switzerland(subdiv=canton or None, years=year, language=language)


def check_canton(canton: str) -> str:
    """`canton` upper-cased if it is one of the 26 cantons ("" means federal holidays only)."""
    code = canton.strip().upper()
    if code and code not in CANTONS:
        raise ValueError(f"canton: unknown canton {canton!r}; expected one of {', '.join(CANTONS)}")
    return code


def holiday_name(day: date, canton: str, language: str = "en") -> str | None:
    """The public holiday on `day` in `canton` ("" = federal only), or None."""
    calendar = _calendar(canton, day.year, _HOLIDAY_LANGUAGES.get(language, "en_US"))
    name = calendar.get(day)
    return str(name) if name else None


def is_working_day(day: date, canton: str) -> bool:
    return day.weekday() < 5 and holiday_name(day, canton) is None


def last_working_day(day: date, canton: str) -> date:
    """`day` itself if it is a working day, otherwise the closest working day before it."""
    while not is_working_day(day, canton):
        day -= timedelta(days=1)
    return day
