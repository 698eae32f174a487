"""Interface language: gettext catalogs read straight from the Babel `.po` files.

Strings are written in English in the code and marked with `_()` (or `N_()` where
they are defined at import time and translated later). Catalogs live in
`translations/<lang>/LC_MESSAGES/propono.po`; they are parsed on first use, so a
fresh clone needs no compile step. Fuzzy entries are ignored, as gettext would.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from babel.messages.pofile import read_po

from app.paths import TRANSLATIONS

LANGUAGES: tuple[str, ...] = ("fr", "de", "it", "en")
SOURCE_LANGUAGE = "en"
DOMAIN = "propono"

_state = threading.local()
_default_language = SOURCE_LANGUAGE


class _PoTranslations(gettext.NullTranslations):
    def __init__(self, singular: dict[str, str], plural: dict[tuple[str, str], list[str]],
                 plural_expr: Callable[[int], int]):
        super().__init__()
        self._singular = singular
        self._plural = plural
        self._plural_expr = plural_expr

    def gettext(self, message: str) -> str:
        return self._singular.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plural.get((msgid1, msgid2))
        if forms:
            index = self._plural_expr(n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return msgid1 if n == 1 else msgid2


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of one language; English (the source) is the identity."""
    if language not in LANGUAGES:
        raise LookupError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    path = TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    singular: dict[str, str] = {}
    plural: dict[tuple[str, str], list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            plural[(message.id[0], message.id[1])] = [str(s) for s in message.string or ()]
        elif message.string:
            singular[str(message.id)] = str(message.string)
    expr = gettext.c2py(catalog.plural_expr)
    return _PoTranslations(singular, plural, expr)


def set_language(language: str) -> None:
    """Switch the interface language of the whole application (all threads)."""
    global _default_language
    translations(language)  # fail early on an unknown language
    _default_language = language


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Translate into `language` inside the block, in this thread only.

    Documents are written in the client's language while the interface stays
    in the agent's.
    """
    translations(language)
    previous = getattr(_state, "language", None)
    _state.language = language
    try:
        yield
    finally:
        if previous is None:
            del _state.language
        else:
            _state.language = previous


def get_language() -> str:
    return getattr(_state, "language", _default_language)


def _(message: str) -> str:
    """Translate into the current interface language."""
    return translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext name
    """Mark a string for extraction; translate it later with `_()`."""
    return message


def gettext_for(language: str) -> Callable[[str], str]:
    """A `_` bound to one language, for documents in the client's language."""
    return translations(language).gettext
