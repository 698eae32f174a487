"""What a catalogue or tariff release must be before anyone applies it (issue 19, item 3).

The same checks as `import-tariff` and `check-catalogue`: the server refuses to publish a
release that fails them, and a laptop refuses to apply one (keeping the version it has).
A release's payload is a JSON object `{"files": {name: text}}`: tariff CSV files, or the
catalogue's TOML files.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from app.services.catalogue.model import CatalogueError
from app.services.pricing.tariffs import TariffError, parse_table

KINDS = {"tariff": ".csv", "catalogue": ".toml"}
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def check_release(kind: str, payload: object) -> list[str]:
    """Every problem of the release, each naming what is wrong; [] when it may be applied."""
    if kind not in KINDS:
        return [f"kind: expected one of {', '.join(KINDS)}, got {kind!r}"]
    if not isinstance(payload, dict):
        return [f"payload: expected a JSON object with its files, got {type(payload).__name__}"]
    files = payload.get("files")
    if not isinstance(files, dict) or not files:
        return ["payload.files: expected an object of file names and their text, with at "
                "least one file"]
    problems = []
    for name, text in files.items():
        if not isinstance(name, str) or not SAFE_NAME.fullmatch(name):
            problems.append(f"payload.files: {name!r} is not a plain file name")
        elif not name.endswith(KINDS[kind]):
            problems.append(f"payload.files.{name}: a {kind} file ends in {KINDS[kind]}")
        elif not isinstance(text, str):
            problems.append(f"payload.files.{name}: expected the file's text, got "
                            f"{type(text).__name__}")
        elif kind == "tariff":
            try:
                parse_table(text, name)
            except TariffError as error:
                problems.append(f"payload.files.{name}: {error.describe(limit=5)}")
    if kind == "catalogue" and not problems:
        problems += _catalogue_problems({str(k): str(v) for k, v in files.items()})
    return problems


def _catalogue_problems(files: dict[str, str]) -> list[str]:
    from app.services.catalogue.loader import read_catalogue

    with tempfile.TemporaryDirectory(prefix="propono-release-") as folder:
        for name, text in files.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        try:
            read_catalogue(Path(folder))
        except CatalogueError as error:
            return [f"payload.files: {error}"]
        except ValueError as error:  # e.g. TOML syntax
            return [f"payload.files: {error}"]
    return []
