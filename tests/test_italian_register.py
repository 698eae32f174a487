"""Italian speaks to the agent and the client in one register, the courtesy "Lei" (issue 15,
item 19; issue 16, item 11): no "voi" imperative or possessive in any message."""

import re
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "translations/it/LC_MESSAGES/propono.po"
# The "voi" forms found in the catalog before it was made one register, and their family.
VOI = re.compile(r"\b(vostr[oaie]|potete|dovete|volete|vogliate|scegliete|inserite|indicate|"
                 r"rispondete|chiedete|usate|create|annunciate|registrate|cambiate|"
                 r"\w+ate(?:l[aoie]|ne)|\w+ete(?:l[aoie]|ne)|benvenuti)\b", re.IGNORECASE)


def test_no_voi_in_italian_messages() -> None:
    found = []
    for number, line in enumerate(CATALOG.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr") and VOI.search(line):
            found.append(f"{number}: {VOI.search(line).group(0)}: {line[:90]}")  # type: ignore[union-attr]
    assert not found, "\n".join(found)
