"""Every interface string is translated into French, German and Italian (no fuzzy entries)."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES, SOURCE_LANGUAGE, _, gettext_for, use_language

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _extracted() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "app"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_catalog_is_complete(language: str) -> None:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "propono.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    fuzzy = sorted(str(m.id) for m in catalog if m.id and m.fuzzy)
    missing = sorted(_extracted() - translated)
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy}"
    assert not missing, f"{language}: untranslated {missing}"


def test_language_switch_and_per_document_language() -> None:
    assert gettext_for("de")("Clients and proposals") == "Kunden und Anträge"
    with use_language("it"):
        assert _("Clients and proposals") == "Clienti e proposte"
    assert gettext_for("en")("Clients and proposals") == "Clients and proposals"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(LookupError):
        gettext_for("rm")


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE])
def test_catalog_has_no_duplicate_entries(language: str) -> None:
    # Branches append to the catalogs and git merges them with the union driver.
    path = ROOT / "translations" / language / "LC_MESSAGES" / "propono.po"
    ids = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("msgid ")]
    duplicates = sorted({line for line in ids if ids.count(line) > 1} - {'msgid ""'})
    assert not duplicates, f"{language}: duplicated {duplicates}"
