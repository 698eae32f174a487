"""Amounts and dates the way Swiss insurers print them, in every language.

Babel's locale defaults differ between fr_CH, de_CH and CLDR versions (space,
U+2019 or apostrophe as group separator), so the patterns are explicit here
(shared/DOMAIN.md, "Formatting"; seed 003 prints "CHF 1'234.50" and "CHF 300.–").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

EN_DASH = "\u2013"


def format_amount(amount: Decimal, *, dash_for_whole: bool = False) -> str:
    """`1234.5` -> "1'234.50"; with dash_for_whole, `300` -> "300.–"."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"amounts are Decimal, got {type(amount).__name__}")
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    francs, _, centimes = f"{abs(cents):.2f}".partition(".")
    groups: list[str] = []
    while len(francs) > 3:
        groups.insert(0, francs[-3:])
        francs = francs[:-3]
    groups.insert(0, francs)
    whole = "'".join(groups)
    if dash_for_whole and centimes == "00":
        return f"{sign}{whole}.{EN_DASH}"
    return f"{sign}{whole}.{centimes}"


def format_chf(amount: Decimal, *, dash_for_whole: bool = False) -> str:
    """`Decimal("1234.5")` -> "CHF 1'234.50"; whole francs "CHF 300.–" when asked."""
    return f"CHF {format_amount(amount, dash_for_whole=dash_for_whole)}"


def format_date(value: date) -> str:
    """dd.mm.yyyy in every language."""
    return value.strftime("%d.%m.%Y")
