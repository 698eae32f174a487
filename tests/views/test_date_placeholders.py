"""No date field of any screen shows "dd.mm.yyyy" to a French, German or Italian agent
(issue 15, item 19): the source is read for every placeholder set in the views."""

import re
from pathlib import Path

VIEWS = Path(__file__).resolve().parents[2] / "app" / "views"


def test_every_date_placeholder_goes_through_the_translation() -> None:
    raw = []
    for path in VIEWS.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r'setPlaceholderText\("(dd|mm)\.', line) or re.search(
                    r'[:=]\s*"(dd\.mm\.yyyy|mm\.yyyy)"', line):
                raw.append(f"{path.relative_to(VIEWS)}:{number}: {line.strip()}")
    assert not raw, "\n".join(raw)
