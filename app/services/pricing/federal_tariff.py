"""The federal basic-insurance premium open data (`Prämien_CH.csv`) as a LAMal tariff table.

Columns (shared/DOMAIN.md): Versicherer, Kanton, Hoheitsgebiet, Geschäftsjahr,
Erhebungsjahr, Region, Altersklasse, Unfalleinschluss, Tarif, Tariftyp, Altersuntergruppe,
Franchisestufe, Franchise, Prämie, isBaseP, isBaseF, Tarifbezeichnung. The code mapping is
data (`resources/tariffs/federal_codes.toml`), covering the codes before and from 2027.
Rows of other insurers, territories, unmapped models and sibling subgroups are skipped and
counted under a stable English reason (`FederalReport.skipped`), put into the interface
language where it is shown (`FederalReport.reason`); a bad row of a kept insurer is an error
with its line and column.
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

from app.i18n import N_, _
from app.paths import RESOURCES
from app.services.pricing.tariff_problems import (
    CELL_COUNT,
    DUPLICATE,
    NOT_A_DEDUCTIBLE,
    NOT_A_YEAR,
    NOT_ABOVE_ZERO,
    NOT_AN_AMOUNT,
    BadCell,
    TariffError,
    TariffProblem,
    Wording,
)
from app.services.pricing.tariffs import (
    CANTONS,
    LAMAL_DEDUCTIBLES,
    Price,
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
# Why rows are skipped; the English text is the key of `FederalReport.skipped`.
OTHER_INSURERS = Wording(N_("other insurers"))
SUBGROUPS = Wording(N_("further children's subgroups (K2, K3...)"))
TERRITORY = N_("territory {code}")
FOREIGN_CANTON = N_("canton {code} (outside Switzerland)")
UNMAPPED_TARIFF_TYPE = N_("tariff type {code} (no model mapped)")
UNKNOWN_CODE = N_("unknown code {value!r}")


@dataclass
class FederalReport:
    rows: int = 0
    kept: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason (English) -> rows
    wordings: dict[str, Wording] = field(default_factory=dict, repr=False)

    def skip(self, reason: Wording) -> None:
        key = reason.english()
        self.skipped[key] += 1
        self.wordings.setdefault(key, reason)

    def reason(self, key: str) -> str:
        """A key of `skipped` in the interface language."""
        wording = self.wordings.get(key)
        return _(key) if wording is None else str(wording)


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
        raise TariffError([TariffProblem.found(name, reader.line_num, "",
                                               N_("missing columns {columns}"),
                                               columns=", ".join(missing))])
    index = {c: header.index(c) for c in FEDERAL_COLUMNS}
    first_line: dict[tuple, int] = {}  # type: ignore[type-arg]
    for cells in reader:
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        if len(cells) < len(header):
            problems.append(TariffProblem.found(name, number, "", CELL_COUNT,
                                                expected=len(header), count=len(cells)))
            continue
        row = {c: cells[i].strip() for c, i in index.items()}
        skip = _skip_reason(row, insurers, codes)
        if skip is not None:
            report.skip(skip)
            continue
        try:
            key = _key(row, insurers, codes)
            premium = _decimal("Prämie", row["Prämie"])
        except BadCell as bad:
            problems.append(TariffProblem.worded(name, number, bad.column, bad.wording))
            continue
        if key in first_line:
            problems.append(TariffProblem.found(name, number, "", DUPLICATE,
                                                line=first_line[key]))
            continue
        first_line[key] = number
        table.lamal[key] = Price(premium, table.source, number)
        report.kept += 1
    if not problems and not table.lamal:
        problems.append(TariffProblem.found(
            name, 0, "", N_("no row of a known insurer ({insurers})"),
            insurers=", ".join(insurers.values())))
    problems += check_lamal(table)
    if problems:
        raise TariffError(problems)
    return table, report


def _skip_reason(row: dict[str, str], insurers: dict[str, str],
                 codes: dict) -> Wording | None:  # type: ignore[type-arg]
    if _bag_number(row["Versicherer"]) not in insurers:
        return OTHER_INSURERS
    if row["Hoheitsgebiet"] not in codes.get("territories", ["CH"]):
        return Wording.of(TERRITORY, code=row["Hoheitsgebiet"])
    if row["Kanton"] not in CANTONS:
        return Wording.of(FOREIGN_CANTON, code=row["Kanton"])
    if row["Tariftyp"] not in codes["models"]:
        return Wording.of(UNMAPPED_TARIFF_TYPE, code=row["Tariftyp"])
    if row["Altersuntergruppe"] not in codes["subgroups"]["keep"]:
        return SUBGROUPS
    return None


def _bag_number(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return str(int(digits)) if digits else value


def _key(row: dict[str, str], insurers: dict[str, str], codes: dict) -> tuple:  # type: ignore[type-arg]
    year_text = row["Geschäftsjahr"]
    if not re.fullmatch(r"20\d\d", year_text):
        raise BadCell("Geschäftsjahr", NOT_A_YEAR, value=year_text)
    group = codes["age_groups"].get(row["Altersklasse"])
    if group is None:
        raise BadCell("Altersklasse", UNKNOWN_CODE, value=row["Altersklasse"])
    accident = codes["accident"].get(row["Unfalleinschluss"])
    if accident is None:
        raise BadCell("Unfalleinschluss", UNKNOWN_CODE, value=row["Unfalleinschluss"])
    region_match = _TRAILING_NUMBER.search(row["Region"])
    if not region_match or int(region_match[1]) > 3:
        raise BadCell("Region", UNKNOWN_CODE, value=row["Region"])
    # "PR-REG CH0" is the single region of a canton without regions: region 1 in Propono.
    region = max(1, int(region_match[1]))
    deductible_match = _TRAILING_NUMBER.search(row["Franchise"])
    if not deductible_match:
        raise BadCell("Franchise", UNKNOWN_CODE, value=row["Franchise"])
    deductible = Decimal(int(deductible_match[1]))
    if deductible not in LAMAL_DEDUCTIBLES[group]:
        raise BadCell("Franchise", NOT_A_DEDUCTIBLE, value=deductible, group=group,
                      options=", ".join(str(d) for d in LAMAL_DEDUCTIBLES[group]))
    tariff = row["Tarif"] or row["Tariftyp"]
    return (int(year_text), insurers[_bag_number(row["Versicherer"])], row["Kanton"], region,
            group, deductible, codes["models"][row["Tariftyp"]], accident == "with", tariff)


def _decimal(column: str, value: str) -> Decimal:
    try:
        amount = Decimal(value.replace("'", ""))
    except InvalidOperation:
        raise BadCell(column, NOT_AN_AMOUNT, value=value) from None
    if not amount.is_finite() or amount <= 0:
        raise BadCell(column, NOT_ABOVE_ZERO, value=value)
    return amount.quantize(Decimal("0.01"))
