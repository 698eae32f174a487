"""What the person form shows: its fields in tab order, their labels, the option lists."""

from __future__ import annotations

from functools import cache

from babel import Locale

from app.i18n import N_

CANTONS = ("AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
           "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH")

# (attribute of PersonDraft, label); the order is the tab order.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", N_("Fi&rst name")),
    ("last_name", N_("&Last name")),
    ("birth_date", N_("&Birth date (dd.mm.yyyy)")),
    ("ahv_number", N_("&AHV number")),
    ("street", N_("S&treet and number")),
    ("postal_code", N_("Postal co&de")),
    ("phone", N_("Ph&one")),
    ("email", N_("&E-mail")),
    ("iban", N_("IBAN for refunds")),
)
CHOICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("role", N_("Role")),
    ("sex", N_("Se&x")),
    ("nationality", N_("Nationality")),
    ("language", N_("Lan&guage")),
    ("municipality", N_("&Municipality")),
    ("canton", N_("Canton")),
    ("premium_region", N_("Premium region")),
)
FIELD_ORDER = ("role", "first_name", "last_name", "sex", "birth_date", "ahv_number",
               "nationality", "language", "street", "postal_code", "municipality", "canton",
               "premium_region", "phone", "email", "iban")
LABELS = dict(TEXT_FIELDS + CHOICE_FIELDS)


@cache
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name in `language`) for the nationality list, Switzerland first."""
    names = {str(code): str(name) for code, name in Locale.parse(language).territories.items()}
    codes = sorted((c for c in names if len(c) == 2 and c.isalpha() and c != "CH"),
                   key=lambda c: names[c])
    return tuple((c, names[c]) for c in ("CH", *codes))
