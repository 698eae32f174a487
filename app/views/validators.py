"""`QValidator`s over the store's pure validators (`app/services/validation.py`).

The rule itself (AHV check digit, IBAN, postal code, e-mail, E.164 phone, birth date)
stays a plain function; these adapters only tell Qt while typing whether the text is
acceptable, not yet, or impossible (characters that can never appear are refused), and
the page shows the function's message beside the field when the agent leaves it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QValidator

from app.services.dates import parse_date as parse_date  # the screens read dates with it

Check = Callable[[str], str | None]  # the message naming the problem, or None


# Characters each field may contain at all; anything else is refused as it is typed.
ALLOWED: dict[str, re.Pattern[str]] = {
    "ahv_number": re.compile(r"[0-9. ]{0,16}"),
    "postal_code": re.compile(r"[0-9]{0,4}"),
    "birth_date": re.compile(r"[0-9.]{0,10}"),
    "phone": re.compile(r"[+0-9 ()/-]{0,20}"),
    "iban": re.compile(r"[A-Za-z0-9 ]{0,42}"),
}


class CheckValidator(QValidator):
    """Acceptable when `check` finds nothing to say; Intermediate while it does."""

    def __init__(self, check: Check, allowed: re.Pattern[str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._allowed = allowed

    def validate(self, text: str, pos: int) -> object:
        if self._allowed is not None and not self._allowed.fullmatch(text):
            return QValidator.State.Invalid, text, pos
        if not text.strip():
            return QValidator.State.Intermediate, text, pos
        state = QValidator.State.Acceptable if self._check(text) is None \
            else QValidator.State.Intermediate
        return state, text, pos

    def message(self, text: str) -> str | None:
        return self._check(text)


def field_validator(name: str, check: Check, parent: QObject | None = None) -> CheckValidator:
    return CheckValidator(check, ALLOWED.get(name), parent)
