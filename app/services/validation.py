"""Validators for what the agent types, pure functions without a database.

Each returns the value in its stored form (compact AHV number, upper-case IBAN,
E.164 phone...) or raises `ValidationError` naming the field, with a message in
the interface language. `ValidationErrors` carries several at once, so a form
can mark every wrong field in one go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache

from stdnum import iban as stdnum_iban
from stdnum.ch import ssn
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from app.i18n import _
from app.paths import RESOURCES
from app.services import postal_codes


class ValidationError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ValidationErrors(ValueError):
    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(e) for e in self.errors))

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(e.field for e in self.errors)


def has_control_characters(value: str) -> bool:
    """NUL, other control characters or a lone surrogate: nothing a person types, and what
    the insurer's database refuses (issue 19, item 2); tabs and line breaks excepted."""
    return any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127
               or 0xD800 <= ord(c) <= 0xDFFF for c in value)


def required(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, _("This field is required."))
    return text


def ahv_number(value: str, field: str = "ahv_number") -> str:
    """AHV/AVS number 756.XXXX.XXXX.XC with its EAN-13 check digit -> 13 digits."""
    try:
        return str(ssn.validate(value))
    except InvalidChecksum as error:
        raise ValidationError(field, _("The AHV number's check digit is wrong.")) from error
    except StdnumError as error:
        raise ValidationError(
            field, _("Enter the AHV number as 756.XXXX.XXXX.XX (13 digits).")
        ) from error


def format_ahv(compact: str) -> str:
    return str(ssn.format(compact))


def iban(value: str, field: str = "iban") -> str:
    """An IBAN of any country (mod-97 check and country format) -> compact upper case."""
    try:
        return str(stdnum_iban.validate(value))
    except StdnumError as error:
        raise ValidationError(field, _("This IBAN is not valid.")) from error


def postal_code(value: str, field: str = "postal_code") -> str:
    """A Swiss postal code: 4 digits that exist in the postal code list."""
    text = value.strip()
    if not re.fullmatch(r"[1-9]\d{3}", text):
        raise ValidationError(field, _("A Swiss postal code has 4 digits."))
    if not postal_codes.is_known(text):
        raise ValidationError(field, _("This postal code does not exist in Switzerland."))
    return text


def canton(value: str, field: str = "canton") -> str:
    text = value.strip().upper()
    if text not in postal_codes.REGION_COUNT:
        raise ValidationError(field, _("Unknown canton."))
    return text


def birth_date(value: date | None, today: date, field: str = "birth_date") -> date:
    if value is None:
        raise ValidationError(field, _("This field is required."))
    if value > today:
        raise ValidationError(field, _("The birth date cannot be in the future."))
    if value.year < 1900:
        raise ValidationError(field, _("The birth date is before 1900."))
    return value


# Pragmatic address check: one @, no spaces, a dot in the domain; the agent re-reads it.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def email(value: str, field: str = "email") -> str:
    text = value.strip()
    if not _EMAIL.fullmatch(text) or len(text) > 254:
        raise ValidationError(field, _("This e-mail address is not valid."))
    return text


def phone(value: str, field: str = "phone") -> str:
    """A phone number in E.164 (+41791234567); Swiss national forms are converted.

    "079 123 45 67" -> "+41791234567", "0041 79 123 45 67" -> "+41791234567".
    """
    text = re.sub(r"[\s./()\-]", "", value.strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("0"):
        text = "+41" + text[1:]
    if not re.fullmatch(r"\+[1-9]\d{6,14}", text):
        raise ValidationError(field, _("Enter the phone number as +41 79 123 45 67."))
    # Swiss numbers have 9 digits after the country code (ITU-T E.164, Swiss numbering plan).
    if text.startswith("+41") and len(text) != 12:
        raise ValidationError(field, _("A Swiss phone number has 10 digits (079 123 45 67)."))
    return text


def sex(value: str, field: str = "sex") -> str:
    text = value.strip().upper()
    if text not in ("F", "M"):
        raise ValidationError(field, _("Choose female or male."))
    return text


def language(value: str, field: str = "language") -> str:
    from app.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise ValidationError(field, _("Choose French, German, Italian or English."))
    return value


def password(value: str, field: str = "password") -> str:
    # Seed 000, art. 5: "une longueur d'au moins 8 caractères est requise".
    if len(value) < 8:
        raise ValidationError(field, _("The password needs at least 8 characters."))
    if _guessable(value):  # the data it guards is health data (issue 19, item 9)
        raise ValidationError(field, _(
            "This password is among the first an attacker tries (a common word, a run of "
            "keys or digits): choose a phrase of your own."))
    return value


def _guessable(value: str) -> bool:
    plain = "".join(value.split()).casefold()
    if len(set(plain)) <= 2:  # "        ", "aaaaaaaa", "abababab"
        return True
    core = plain.rstrip("0123456789!?.*#@$_-+")
    if not core or core in _common_passwords() or plain in _common_passwords():
        return True
    # a run such as 12345678, 87654321, abcdefgh
    steps = {ord(b) - ord(a) for a, b in zip(plain, plain[1:], strict=False)}
    return steps <= {1} or steps <= {-1}


@cache
def _common_passwords() -> frozenset[str]:
    path = RESOURCES / "security" / "common_passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def swiss_today() -> date:
    """Today's date in Switzerland (the laptop's clock, Swiss time zone)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Zurich")).date()
