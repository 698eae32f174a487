"""Import an insurer's real tariff into the agent's data folder, all or nothing.

Accepts Propono's own LCA or LAMal CSV layout and the federal `Prämien_CH.csv` layout. The
whole file is validated first (every bad row reported with its line and column); only a file
without any error is written, one CSV per insurer (LAMal) or product (LCA) and year, each
through a temporary file renamed into place. `tariffs.overlay` then lets these files replace
the shipped illustrative rows of the same insurer or product and year.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.i18n import N_
from app.paths import data_dir
from app.services.pricing.federal_tariff import FederalReport, is_federal, parse_federal
from app.services.pricing.tariffs import (
    LAMAL_COLUMNS,
    LCA_COLUMNS,
    TariffError,
    TariffProblem,
    Tariffs,
    TariffTable,
    iter_rows,
    load_tariffs,
    overlay,
    parse_table,
)

if TYPE_CHECKING:
    from app.services.catalogue import Catalogue


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    rows: int = 0
    federal: FederalReport | None = None


def tariff_folder() -> Path:
    """Where imported tariffs live: `<data dir>/tariffs`."""
    return data_dir() / "tariffs"


def active_tariffs() -> Tariffs:
    """What the application prices with: the shipped tariffs, replaced insurer by insurer and
    product by product by the tariffs imported into the data folder."""
    return overlay(load_tariffs(), tariff_folder())


def read_any(path: str | Path) -> TariffTable | tuple[TariffTable, FederalReport]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TariffError([TariffProblem.found(str(path), 0, "", N_("cannot read: {error}"),
                                               error=str(error))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # spreadsheet exports of the federal file
    first = next((line for line in text.splitlines() if line.strip()
                  and not line.startswith("#")), "")
    if is_federal(next(csv.reader(io.StringIO(first)), [])):
        return parse_federal(text, str(path))
    return parse_table(text, str(path))


def import_tariff(path: str | Path, target: str | Path | None = None,
                  catalogue: Catalogue | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> ImportResult:
    """Validate `path` completely, then write its tables into `target` (default the data
    folder's `tariffs/`). Raises TariffError, writing nothing, when any row is bad.

    `progress(done, total, file name)` is called between steps; an exception it raises (the
    desktop's cancel) stops the import before anything is replaced."""
    report_progress = progress or (lambda _done, _total, _name: None)
    report_progress(0, 0, Path(path).name)
    read = read_any(path)
    table, report = read if isinstance(read, tuple) else (read, None)
    if catalogue is not None and table.kind == "lca":
        problems = check_against_catalogue(table, catalogue)
        if problems:
            raise TariffError(problems)
    folder = Path(target) if target is not None else tariff_folder()
    folder.mkdir(parents=True, exist_ok=True)
    result = ImportResult(rows=len(table.lca) + len(table.lamal), federal=report)
    parts = _split(table)
    temporary: list[tuple[Path, Path]] = []
    try:
        for step, ((kind, year, name), rows) in enumerate(sorted(parts.items())):
            report_progress(step, len(parts), name)
            final = folder / f"{kind}-{year}-{name}.csv"
            handle = tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", newline="", dir=folder, prefix=".import-",
                suffix=".csv", delete=False)
            with handle:
                _write(handle, table, rows, Path(path).name)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.append((Path(handle.name), final))
        report_progress(len(parts), len(parts), "")  # the last moment a cancel changes nothing
        # Every file is complete on disk before the first one replaces anything.
        for temp, final in temporary:
            os.replace(temp, final)
            result.written.append(final)
    finally:
        for temp, _final in temporary:
            if temp.exists():
                temp.unlink()
    return result


def _split(table: TariffTable) -> dict[tuple[str, int, str], list[dict[str, str]]]:
    parts: dict[tuple[str, int, str], list[dict[str, str]]] = {}
    for row in iter_rows(table):
        name = row["product"] if table.kind == "lca" else row["insurer"]
        parts.setdefault((table.kind, int(row["year"]), name), []).append(row)
    return parts


def _write(handle: Any, table: TariffTable, rows: list[dict[str, str]], origin: str) -> None:
    marker = "ILLUSTRATIVE " if table.source.illustrative else ""
    handle.write(f"# {marker}tariff imported from {origin} on {datetime.now(UTC).date().isoformat()}\n")
    columns = LCA_COLUMNS if table.kind == "lca" else LAMAL_COLUMNS
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def check_against_catalogue(table: TariffTable, cat: Catalogue) -> list[TariffProblem]:
    """LCA rows must name a catalogue product, one of its levels, modules and deductibles."""
    problems: list[TariffProblem] = []
    path = table.source.path
    for key, price in table.lca.items():
        _year, code, module, level, deductible, _capital = key[:6]
        try:
            product = cat.product(code)
        except LookupError:
            problems.append(TariffProblem.found(path, price.line, "product",
                                                N_("{code} is not in the catalogue"), code=code))
            continue
        if level and level not in product.levels:
            problems.append(TariffProblem.found(path, price.line, "level",
                                                N_("{code} has no level {level}"),
                                                code=code, level=level))
            continue
        if not level and product.levels and not module:
            problems.append(TariffProblem.found(path, price.line, "level",
                                                N_("{code} needs a level ({levels})"),
                                                code=code, levels=", ".join(product.levels)))
            continue
        if module:
            if module not in {m.id for m in getattr(product, "modules", ())}:
                problems.append(TariffProblem.found(path, price.line, "module",
                                                    N_("{code} has no module {module}"),
                                                    code=code, module=module))
            continue
        options = product.deductibles(level or None)
        shown = ", ".join(str(d) for d in options)
        named = f"{code} {level}".strip()
        if deductible is None and options:
            problems.append(TariffProblem.found(
                path, price.line, "deductible",
                N_("{product} needs a deductible (options: {options})"),
                product=named, options=shown))
        elif deductible is not None and not options:
            problems.append(TariffProblem.found(
                path, price.line, "deductible",
                N_("{product} has no deductible: leave the cell empty"), product=named))
        elif deductible is not None and deductible not in options:
            problems.append(TariffProblem.found(
                path, price.line, "deductible",
                N_("{value} is not a deductible of {product} (options: {options})"),
                value=deductible, product=named, options=shown))
    return problems
