"""An answer's text in a line edit and its value in the draft, by kind of question."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from app.i18n import N_
from app.services.formatting import format_date
from app.views.validators import parse_date

MONTH = re.compile(r"(\d{1,2})\.(\d{4})")
Value = bool | str | date | Decimal | None

PLACEHOLDERS = {"date": N_("dd.mm.yyyy"), "month_year": N_("mm.yyyy")}  # shown through _()


def value_of(kind: str, text: str) -> Value:
    """The value of a typed answer; text that cannot be read is kept for the check to report."""
    text = text.strip()
    if not text:
        return None
    if kind == "date":
        return parse_date(text) or text
    if kind == "month_year":
        match = MONTH.fullmatch(text)
        if match and 1 <= int(match.group(1)) <= 12:
            return f"{int(match.group(2)):04d}-{int(match.group(1)):02d}"
        return text
    if kind == "number":
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text
    return text


def text_of(kind: str, value: object) -> str:
    """What a line edit shows for a stored value (a month as mm.yyyy)."""
    if isinstance(value, date):
        return format_date(value)
    if kind == "month_year" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{value[5:]}.{value[:4]}"
    return "" if value is None else str(value)
