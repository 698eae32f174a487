"""The federal basic-insurance premium open data (`Prämien_CH.csv`) as a LAMal tariff table.

Columns (shared/DOMAIN.md): Versicherer, Kanton, Hoheitsgebiet, Geschäftsjahr,
Erhebungsjahr, Region, Altersklasse, Unfalleinschluss, Tarif, Tariftyp, Altersuntergruppe,
Franchisestufe, Franchise, Prämie, isBaseP, isBaseF, Tarifbezeichnung. The code mapping is
data (`resources/tariffs/federal_codes.toml`), covering the codes before and from 2027.
Rows of other insurers, territories, unmapped models and sibling subgroups are skipped and
counted; a bad row of a kept insurer is an error with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.paths import RESOURCES
from app.services.tariffs import (
    CANTONS,
    LAMAL_DEDUCTIBLES,
    Price,
    TariffError,
    TariffProblem,
    TariffSource,
    TariffTable,
    check_lamal,
)

CODES_FILE = RESOURCES / "tariffs" / "federal_codes.toml"
FEDERAL_COLUMNS = (
    "Versicherer", "Kanton", "Hoheitsgebiet", "Geschäftsjahr", "Erhebungsjahr", "Region",
    "Altersklasse", "Unfalleinschluss", "Tarif", "Tariftyp", "Altersuntergruppe",
    "Franchisestufe", "Franchise", "Prämie", "isBaseP", "isBaseF", "Tarifbezeichnung",
)
_TRAILING_NUMBER = re.compile(r"(\d+)$")


@dataclass
class FederalReport:
    rows: int = 0
    kept: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> rows


def is_federal(header: list[str]) -> bool:
    return "Versicherer" in (c.strip().lstrip("\ufeff") for c in header)


def _codes(path: Path = CODES_FILE) -> dict:  # type: ignore[type-arg]
    with path.open("rb") as handle:
        return tomllib.load(handle)


def parse_federal(text: str, name: str) -> tuple[TariffTable, FederalReport]:
    """Convert the federal file; raises TariffError listing every bad row."""
    codes = _codes()
    insurers = {str(k): v for k, v in codes["insurers"].items()}
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
        else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    table = TariffTable("lamal", TariffSource(name, illustrative=False))
    report = FederalReport()
    problems: list[TariffProblem] = []
    header: list[str] = []
    for cells in reader:  # the first non-blank line is the header
        header = [c.strip().lstrip("\ufeff") for c in cells]
        if any(header):
            break
    missing = [c for c in FEDERAL_COLUMNS if c not in header]
    if missing:
        raise TariffError([TariffProblem(name, reader.line_num, "",
                                         f"missing columns {', '.join(missing)}")])
    index = {c: header.index(c) for c in FEDERAL_COLUMNS}
    first_line: dict[tuple, int] = {}  # type: ignore[type-arg]
    for cells in reader:
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        if len(cells) < len(header):
            problems.append(TariffProblem(name, number, "", f"{len(cells)} cells, expected "
                                                            f"{len(header)}"))
            continue
        row = {c: cells[i].strip() for c, i in index.items()}
        skip = _skip_reason(row, insurers, codes)
        if skip:
            report.skipped[skip] += 1
            continue
        try:
            key = _key(row, insurers, codes)
            premium = _decimal("Prämie", row["Prämie"])
        except ValueError as error:
            column, _sep, message = str(error).partition("|")
            problems.append(TariffProblem(name, number, column, message))
            continue
        if key in first_line:
            problems.append(TariffProblem(name, number, "", f"duplicate of line "
                                                            f"{first_line[key]} (same key)"))
            continue
        first_line[key] = number
        table.lamal[key] = Price(premium, table.source, number)
        report.kept += 1
    if not problems and not table.lamal:
        problems.append(TariffProblem(name, 0, "", "no row of a known insurer "
                                                   f"({', '.join(insurers.values())})"))
    problems += check_lamal(table)
    if problems:
        raise TariffError(problems)
    return table, report


def _skip_reason(row: dict[str, str], insurers: dict[str, str], codes: dict) -> str:  # type: ignore[type-arg]
    if _bag_number(row["Versicherer"]) not in insurers:
        return "other insurers"
    if row["Hoheitsgebiet"] not in codes.get("territories", ["CH"]):
        return f"territory {row['Hoheitsgebiet']}"
    if row["Kanton"] not in CANTONS:
        return f"canton {row['Kanton']} (outside Switzerland)"
    if row["Tariftyp"] not in codes["models"]:
        return f"tariff type {row['Tariftyp']} (no model mapped)"
    if row["Altersuntergruppe"] not in codes["subgroups"]["keep"]:
        return "further children's subgroups (K2, K3...)"
    return ""


def _bag_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return str(int(digits)) if digits else value


def _key(row: dict[str, str], insurers: dict[str, str], codes: dict) -> tuple:  # type: ignore[type-arg]
    year_text = row["Geschäftsjahr"]
    if not re.fullmatch(r"20\d\d", year_text):
        raise ValueError(f"Geschäftsjahr|{year_text!r} is not a premium year")
    group = codes["age_groups"].get(row["Altersklasse"])
    if group is None:
        raise ValueError(f"Altersklasse|unknown code {row['Altersklasse']!r}")
    accident = codes["accident"].get(row["Unfalleinschluss"])
    if accident is None:
        raise ValueError(f"Unfalleinschluss|unknown code {row['Unfalleinschluss']!r}")
    region_match = _TRAILING_NUMBER.search(row["Region"])
    if not region_match or int(region_match[1]) > 3:
        raise ValueError(f"Region|unknown code {row['Region']!r}")
    # "PR-REG CH0" is the single region of a canton without regions: region 1 in Propono.
    region = max(1, int(region_match[1]))
    deductible_match = _TRAILING_NUMBER.search(row["Franchise"])
    if not deductible_match:
        raise ValueError(f"Franchise|unknown code {row['Franchise']!r}")
    deductible = Decimal(int(deductible_match[1]))
    if deductible not in LAMAL_DEDUCTIBLES[group]:
        raise ValueError(f"Franchise|{deductible} is not a {group} deductible")
    tariff = row["Tarif"] or row["Tariftyp"]
    return (int(year_text), insurers[_bag_number(row["Versicherer"])], row["Kanton"], region,
            group, deductible, codes["models"][row["Tariftyp"]], accident == "with", tariff)


def _decimal(column: str, value: str) -> Decimal:
    try:
        amount = Decimal(value.replace("'", ""))
    except InvalidOperation:
        raise ValueError(f"{column}|{value!r} is not an amount") from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"{column}|{value!r} must be above 0")
    return amount.quantize(Decimal("0.01"))
