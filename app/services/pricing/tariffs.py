"""Premium tariffs as data: CSV files read, validated row by row and indexed for the engine.

Two CSV layouts (README "Premiums" documents both); `#` lines are comments, and a comment
containing the word ILLUSTRATIVE marks every row of the file as illustrative (quotes say so):

- complementary (LCA), one row per product, module, level, deductible, capital, premium
  region, age class and sex (004 art. 26.2: "primes différenciées selon le sexe, la région
  de domicile et la classe d'âge"):
  ``year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium``
- basic insurance (LAMal), one row per insurer, canton, region, age group, deductible,
  model and accident cover (shared/DOMAIN.md "Basic insurance facts"):
  ``year,insurer,canton,region,age_group,deductible,model,accident,tariff,monthly_premium``

Rates that are not premiums (discounts, instalment surcharges, LAMal first-month rules)
live beside them in `discounts.toml` and `payment.toml` (`tariff_parameters`).
A file with any bad row raises `TariffError` listing every problem with its line and column,
in the interface language (`tariff_problems`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from app.i18n import N_
from app.paths import RESOURCES
from app.services.pricing.tariff_parameters import TariffParameters, load_parameters
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
)

TARIFF_DIR = RESOURCES / "tariffs"

LCA_COLUMNS = (
    "year", "product", "module", "level", "deductible", "capital", "region", "age_class",
    "sex", "monthly_premium",
)
LAMAL_COLUMNS = (
    "year", "insurer", "canton", "region", "age_group", "deductible", "model", "accident",
    "tariff", "monthly_premium",
)
CANTONS = frozenset(
    "AG AI AR BE BL BS FR GE GL GR JU LU NE NW OW SG SH SO SZ TG TI UR VD VS ZG ZH".split()
)
AGE_GROUPS = ("child", "young_adult", "adult")
LAMAL_MODELS = ("standard", "family_doctor", "hmo", "telmed")
ACCIDENT = ("with", "without")
# OAMal art. 93 and 103: the ordinary deductible and the optional ones (shared/DOMAIN.md).
LAMAL_DEDUCTIBLES = {
    "child": tuple(Decimal(d) for d in (0, 100, 200, 300, 400, 500, 600)),
    "young_adult": tuple(Decimal(d) for d in (300, 500, 1000, 1500, 2000, 2500)),
    "adult": tuple(Decimal(d) for d in (300, 500, 1000, 1500, 2000, 2500)),
}
ANY = "*"
_REGION = re.compile(r"^(CH|[A-Z]{2}(-[1-9])?)$")
_BAND = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_PRODUCT = re.compile(r"^[A-Z]{2}$")
_INSURER = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
_CENT = Decimal("0.01")

# (year, product, module, level, deductible, capital, region, age_class, sex)
LcaKey = tuple[int, str, str, str, Decimal | None, Decimal | None, str, str, str]
# (year, insurer, canton, region, age_group, deductible, model, with accident, tariff)
LamalKey = tuple[int, str, str, int, str, Decimal, str, bool, str]
# Federal limits checked on every LAMal tariff (shared/DOMAIN.md "Basic insurance facts").
ACCIDENT_SHARE_MAX_PERCENT = Decimal("7")  # accident cover suspended: at most 7% less
DEDUCTIBLE_REDUCTION_MAX_PERCENT = Decimal("70")  # OAMal art. 95 al. 2bis


@dataclass(frozen=True)
class TariffSource:
    path: str
    illustrative: bool


class Price(NamedTuple):
    monthly: Decimal
    source: TariffSource
    line: int


@dataclass
class TariffTable:
    """The rows of one file, keyed; `kind` is "lca" or "lamal"."""

    kind: str
    source: TariffSource
    lca: dict[LcaKey, Price] = field(default_factory=dict)
    lamal: dict[LamalKey, Price] = field(default_factory=dict)

    def scopes(self) -> set[tuple[str, int, str]]:
        """(kind, year, product or insurer): what an imported file replaces."""
        if self.kind == "lca":
            return {("lca", key[0], key[1]) for key in self.lca}
        return {("lamal", key[0], key[1]) for key in self.lamal}


@dataclass
class Tariffs:
    """Every premium the engine may use, with the parameters next to them."""

    parameters: TariffParameters
    lca: dict[LcaKey, Price] = field(default_factory=dict)
    lamal: dict[LamalKey, Price] = field(default_factory=dict)
    sources: list[TariffSource] = field(default_factory=list)

    @property
    def illustrative(self) -> bool:
        return self.parameters.illustrative or any(s.illustrative for s in self.sources)

    # -- years: a year's tariff applies until a later one replaces it --------------------
    @cached_property
    def _lca_years(self) -> dict[str, tuple[int, ...]]:
        return _years((key[0], key[1]) for key in self.lca)

    @cached_property
    def _lamal_years(self) -> dict[str, tuple[int, ...]]:
        return _years((key[0], key[1]) for key in self.lamal)

    def lca_year(self, product: str, year: int) -> int | None:
        """The tariff year used for `product` in premium year `year`."""
        return _latest(self._lca_years.get(product, ()), year)

    def lamal_year(self, insurer: str, year: int) -> int | None:
        return _latest(self._lamal_years.get(insurer, ()), year)

    @cached_property
    def lca_bands(self) -> dict[tuple[int, str], tuple[tuple[int, int, str], ...]]:
        """(year, product) -> the age bands of its rows, for products with their own bands."""
        found: dict[tuple[int, str], set[tuple[int, int, str]]] = {}
        for key in self.lca:
            band = key[7]
            if band != ANY:
                low, high = band.split("-")
                found.setdefault((key[0], key[1]), set()).add((int(low), int(high), band))
        return {k: tuple(sorted(v)) for k, v in found.items()}

    @cached_property
    def lca_capitals(self) -> dict[tuple[int, str, str], tuple[Decimal, ...]]:
        """(year, product, level) -> the capitals its rows are priced for, ascending."""
        found: dict[tuple[int, str, str], set[Decimal]] = {}
        for key in self.lca:
            if key[5] is not None:
                found.setdefault((key[0], key[1], key[3]), set()).add(key[5])
        return {k: tuple(sorted(v)) for k, v in found.items()}

    @cached_property
    def lamal_tariffs(self) -> dict[tuple[int, str, str], tuple[str, ...]]:
        """(year, insurer, model) -> the insurer's tariff codes of that model, sorted."""
        found: dict[tuple[int, str, str], set[str]] = {}
        for key in self.lamal:
            found.setdefault((key[0], key[1], key[6]), set()).add(key[8])
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def lca_products(self) -> set[str]:
        return {key[1] for key in self.lca}

    def lamal_insurers(self) -> set[str]:
        return {key[1] for key in self.lamal}


def _years(pairs: Iterable[tuple[int, str]]) -> dict[str, tuple[int, ...]]:
    found: dict[str, set[int]] = {}
    for year, name in pairs:
        found.setdefault(name, set()).add(year)
    return {name: tuple(sorted(years)) for name, years in found.items()}


def _latest(years: tuple[int, ...], year: int) -> int | None:
    usable = [y for y in years if y <= year]
    return usable[-1] if usable else None


# -- reading ---------------------------------------------------------------------------------

def load_tariffs(path: str | Path | None = None) -> Tariffs:
    """The shipped illustrative tariffs (`resources/tariffs/`), or every CSV of a folder.

    A folder's own `discounts.toml` / `payment.toml` replace the shipped parameters;
    without them the shipped ones apply.
    """
    folder = Path(path) if path is not None else TARIFF_DIR
    if not folder.is_dir():
        raise TariffError([TariffProblem.found(str(folder), 0, "",
                                               N_("is not a folder of tariffs"))])
    tables = [read_table(file) for file in sorted(folder.glob("*.csv"))]
    tariffs = Tariffs(parameters=load_parameters(folder))
    problems: list[TariffProblem] = []
    for table in tables:
        _merge(tariffs, table, problems)
    if problems:
        raise TariffError(problems)
    return tariffs


def overlay(base: Tariffs, folder: str | Path) -> Tariffs:
    """`base` with the tables of `folder` (imported tariffs) replacing the same scopes.

    An imported LAMal file replaces every row of its insurer and year, an imported LCA file
    every row of its product and year, so no illustrative row survives beside a real tariff.
    """
    folder = Path(folder)
    tables = [read_table(file) for file in sorted(folder.glob("*.csv"))] if folder.is_dir() else []
    scopes = set().union(*(t.scopes() for t in tables)) if tables else set()
    result = Tariffs(parameters=base.parameters)
    result.lca = {k: v for k, v in base.lca.items() if ("lca", k[0], k[1]) not in scopes}
    result.lamal = {k: v for k, v in base.lamal.items() if ("lamal", k[0], k[1]) not in scopes}
    used = {p.source for p in (*result.lca.values(), *result.lamal.values())}
    result.sources = [s for s in base.sources if s in used]
    problems: list[TariffProblem] = []
    for table in tables:
        _merge(result, table, problems)
    if problems:
        raise TariffError(problems)
    return result


def _merge(tariffs: Tariffs, table: TariffTable, problems: list[TariffProblem]) -> None:
    target: dict = tariffs.lca if table.kind == "lca" else tariffs.lamal  # type: ignore[type-arg]
    rows: Mapping = table.lca if table.kind == "lca" else table.lamal  # type: ignore[type-arg]
    for key, price in rows.items():
        other = target.get(key)
        if other is not None:
            problems.append(TariffProblem.found(
                table.source.path, price.line, "",
                N_("same tariff key as {path}:{line}"), path=other.source.path, line=other.line,
            ))
            continue
        target[key] = price
    tariffs.sources.append(table.source)


def read_table(path: str | Path) -> TariffTable:
    """Read and validate one tariff CSV; every problem is reported, nothing half-read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TariffError([TariffProblem.found(str(path), 0, "", N_("cannot read: {error}"),
                                               error=str(error))]) from None
    return parse_table(text, str(path))


def parse_table(text: str, name: str) -> TariffTable:
    comments, rows = _split(text)
    illustrative = any("ILLUSTRATIVE" in c.upper() for c in comments)
    source = TariffSource(name, illustrative)
    if not rows:
        raise TariffError([TariffProblem.found(name, 0, "", N_("no header row"))])
    header_line, header = rows[0]
    columns = tuple(c.strip() for c in header)
    if set(columns) == set(LCA_COLUMNS) and len(columns) == len(LCA_COLUMNS):
        table = TariffTable("lca", source)
        problems = _read_rows(table, columns, rows[1:], _lca_row)
        problems += check_lca(table)
    elif set(columns) == set(LAMAL_COLUMNS) and len(columns) == len(LAMAL_COLUMNS):
        table = TariffTable("lamal", source)
        problems = _read_rows(table, columns, rows[1:], _lamal_row)
        problems += check_lamal(table)
    else:
        raise TariffError([TariffProblem.found(
            name, header_line, "",
            N_("unknown header; expected the columns {lca} (LCA) or {lamal} (LAMal)"),
            lca=",".join(LCA_COLUMNS), lamal=",".join(LAMAL_COLUMNS),
        )])
    if not problems and not (table.lca or table.lamal):
        problems.append(TariffProblem.found(name, header_line, "",
                                            N_("the file has no tariff row")))
    if problems:
        raise TariffError(problems)
    return table


def _split(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Comment lines and (line number, cells) of the other non-blank lines."""
    comments: list[str] = []
    numbers: list[int] = []
    lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped)
        elif stripped:
            numbers.append(number)
            lines.append(line)
    return comments, list(zip(numbers, csv.reader(lines), strict=True))


def _read_rows(table: TariffTable, columns: tuple[str, ...],
               rows: list[tuple[int, list[str]]], parse) -> list[TariffProblem]:  # type: ignore[no-untyped-def]
    problems: list[TariffProblem] = []
    target: dict = table.lca if table.kind == "lca" else table.lamal  # type: ignore[type-arg]
    first_line: dict[object, int] = {}
    for number, cells in rows:
        if len(cells) != len(columns):
            problems.append(TariffProblem.found(
                table.source.path, number, "", CELL_COUNT,
                expected=len(columns), count=len(cells),
            ))
            continue
        record = dict(zip(columns, map(str.strip, cells), strict=True))
        try:
            key, premium = parse(record)
        except BadCell as bad:
            problems.append(TariffProblem.worded(table.source.path, number, bad.column,
                                                 bad.wording))
            continue
        if key in first_line:
            problems.append(TariffProblem.found(
                table.source.path, number, "", DUPLICATE, line=first_line[key]))
            continue
        first_line[key] = number
        target[key] = Price(premium, table.source, number)
    return problems


@cache
def _year(value: str) -> int:
    if not re.fullmatch(r"20\d\d", value):
        raise BadCell("year", NOT_A_YEAR, value=value)
    return int(value)


@cache
def _amount(column: str, value: str, *, optional: bool = False,
            positive: bool = False) -> Decimal | None:
    if value == "":
        if optional:
            return None
        raise BadCell(column, N_("is empty"))
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise BadCell(column, NOT_AN_AMOUNT, value=value) from None
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise BadCell(column, NOT_ABOVE_ZERO if positive else N_("{value!r} must be at least 0"),
                      value=value)
    if amount != amount.quantize(_CENT):
        raise BadCell(column, N_("{value!r} has more than 2 decimals"), value=value)
    return amount


def _premium(value: str) -> Decimal:
    amount = _amount("monthly_premium", value, positive=True)
    assert amount is not None
    return amount


def _lca_row(r: dict[str, str]) -> tuple[tuple, Decimal]:  # type: ignore[type-arg]
    year = _year(r["year"])
    product = r["product"]
    if not _PRODUCT.match(product):
        raise BadCell("product", N_("{value!r} is not a product code (two capital letters)"),
                      value=product)
    region = r["region"]
    if not _REGION.match(region) or (region != "CH" and region[:2] not in CANTONS):
        raise BadCell("region",
                      N_("{value!r}: expected CH, a canton (VD) or canton-region (VD-2)"),
                      value=region)
    band = r["age_class"]
    if band != ANY:
        match = _BAND.match(band)
        if not match or int(match[1]) > int(match[2]):
            raise BadCell("age_class", N_("{value!r}: expected an age band like 26-30, or *"),
                          value=band)
    sex = r["sex"]
    if sex not in ("F", "M", ANY):
        raise BadCell("sex", N_("{value!r}: expected F, M or *"), value=sex)
    deductible = _amount("deductible", r["deductible"], optional=True)
    capital = _amount("capital", r["capital"], optional=True, positive=True)
    key = (year, product, r["module"], r["level"], deductible, capital, region, band, sex)
    return key, _premium(r["monthly_premium"])


ONE_OF = N_("{value!r}: expected one of {options}")


def _lamal_row(r: dict[str, str]) -> tuple[tuple, Decimal]:  # type: ignore[type-arg]
    year = _year(r["year"])
    insurer = r["insurer"]
    if not _INSURER.match(insurer):
        raise BadCell("insurer", N_("{value!r} is not an insurer code (EGK, SWICA, CMVEO...)"),
                      value=insurer)
    canton = r["canton"]
    if canton not in CANTONS:
        raise BadCell("canton", N_("{value!r} is not a canton"), value=canton)
    if r["region"] not in ("1", "2", "3"):
        raise BadCell("region", N_("{value!r}: premium regions are 1, 2 or 3"),
                      value=r["region"])
    group = r["age_group"]
    if group not in AGE_GROUPS:
        raise BadCell("age_group", ONE_OF, value=group, options=", ".join(AGE_GROUPS))
    deductible = _amount("deductible", r["deductible"])
    assert deductible is not None
    if deductible not in LAMAL_DEDUCTIBLES[group]:
        raise BadCell("deductible", NOT_A_DEDUCTIBLE, value=r["deductible"], group=group,
                      options=", ".join(str(d) for d in LAMAL_DEDUCTIBLES[group]))
    model = r["model"]
    if model not in LAMAL_MODELS:
        raise BadCell("model", ONE_OF, value=model, options=", ".join(LAMAL_MODELS))
    if r["accident"] not in ACCIDENT:
        raise BadCell("accident", N_("{value!r}: expected with or without"),
                      value=r["accident"])
    tariff = r["tariff"] or model
    key = (year, insurer, canton, int(r["region"]), group, deductible, model,
           r["accident"] == "with", tariff)
    return key, _premium(r["monthly_premium"])


# -- cross-row rules -------------------------------------------------------------------------

def check_lca(table: TariffTable) -> list[TariffProblem]:
    """A higher deductible never costs more (it is a reduction of cover, 003 per product)."""
    problems: list[TariffProblem] = []
    groups: dict[tuple, list[tuple[Decimal, Price]]] = {}  # type: ignore[type-arg]
    for key, price in table.lca.items():
        if key[4] is not None:
            groups.setdefault(key[:4] + key[5:], []).append((key[4], price))
    for rows in groups.values():
        problems += _monotonic(table, sorted(rows, key=lambda r: r[0]))
    return problems


def _monotonic(table: TariffTable, rows: list[tuple[Decimal, Price]]) -> list[TariffProblem]:
    problems = []
    for (low, cheap), (high, dear) in zip(rows, rows[1:], strict=False):
        if dear.monthly > cheap.monthly:
            problems.append(TariffProblem.found(
                table.source.path, dear.line, "monthly_premium",
                N_("deductible {high} costs more than deductible {low} (line {line})"),
                high=high, low=low, line=cheap.line,
            ))
    return problems


def check_lamal(table: TariffTable) -> list[TariffProblem]:
    """Federal rules every LAMal tariff must meet (shared/DOMAIN.md, federal law)."""
    problems: list[TariffProblem] = []
    path = table.source.path
    by_deductible: dict[tuple, dict[Decimal, Price]] = {}  # type: ignore[type-arg]
    for key, price in table.lamal.items():
        rest = key[:5] + key[6:]
        by_deductible.setdefault(rest, {})[key[5]] = price
        # Accident cover suspended: reduced by the accident share, at most 7% (DOMAIN.md;
        # LAMal art. 8, OAMal art. 91a).
        if key[7]:
            without = table.lamal.get(key[:7] + (False,) + key[8:])
            if without is not None:
                share = price.monthly - without.monthly
                if share < 0:
                    problems.append(TariffProblem.found(
                        path, without.line, "monthly_premium",
                        N_("costs more without accident cover than with it (line {line})"),
                        line=price.line))
                elif share * 100 > ACCIDENT_SHARE_MAX_PERCENT * price.monthly:
                    problems.append(TariffProblem.found(
                        path, without.line, "monthly_premium",
                        N_("accident share {share} exceeds {limit}% of {premium} "
                           "(line {line})"),
                        share=share, limit=ACCIDENT_SHARE_MAX_PERCENT, premium=price.monthly,
                        line=price.line))
    for rest, prices in by_deductible.items():
        ordered = sorted(prices.items())
        problems += _monotonic(table, ordered)
        base_deductible, base = ordered[0]
        if base_deductible != LAMAL_DEDUCTIBLES[rest[4]][0]:
            continue
        # OAMal art. 95 al. 2bis: the yearly reduction for an optional deductible is at most
        # 70% of the extra risk (the difference of deductibles).
        for deductible, price in ordered[1:]:
            reduction = (base.monthly - price.monthly) * 12
            allowed = (deductible - base_deductible) * DEDUCTIBLE_REDUCTION_MAX_PERCENT / 100
            if reduction > allowed:
                problems.append(TariffProblem.found(
                    path, price.line, "monthly_premium",
                    N_("yearly reduction {reduction} for deductible {deductible} exceeds "
                       "{limit}% of the extra risk ({allowed}), OAMal art. 95 al. 2bis "
                       "(base line {line})"),
                    reduction=reduction, deductible=deductible,
                    limit=DEDUCTIBLE_REDUCTION_MAX_PERCENT, allowed=allowed, line=base.line))
    problems += _check_age_groups(table)
    return problems


def _check_age_groups(table: TariffTable) -> list[TariffProblem]:
    """LAMal art. 61 al. 3: children pay less than older insured persons; young adults may
    pay less than adults, never more. Compared at each group's ordinary deductible."""
    problems: list[TariffProblem] = []
    base: dict[tuple, dict[str, Price]] = {}  # type: ignore[type-arg]
    for key, price in table.lamal.items():
        group = key[4]
        if key[5] == LAMAL_DEDUCTIBLES[group][0]:
            base.setdefault(key[:4] + key[6:], {})[group] = price
    for groups in base.values():
        child, young, adult = (groups.get(g) for g in AGE_GROUPS)
        for low, high, strict in ((child, young, True), (child, adult, True),
                                  (young, adult, False)):
            if low is None or high is None:
                continue
            if low.monthly > high.monthly or (strict and low.monthly == high.monthly):
                problems.append(TariffProblem.found(
                    table.source.path, low.line, "monthly_premium",
                    N_("{premium} is not below the older age group's {older} (line {line}), "
                       "LAMal art. 61 al. 3"),
                    premium=low.monthly, older=high.monthly, line=high.line))
    return problems


def iter_rows(table: TariffTable) -> Iterator[dict[str, str]]:
    """The rows of a table as CSV records (used to write imported tariffs)."""
    if table.kind == "lca":
        for key, price in sorted(table.lca.items(), key=lambda kv: kv[1].line):
            year, product, module, level, deductible, capital, region, band, sex = key
            yield {
                "year": str(year), "product": product, "module": module, "level": level,
                "deductible": "" if deductible is None else str(deductible),
                "capital": "" if capital is None else str(capital), "region": region,
                "age_class": band, "sex": sex, "monthly_premium": str(price.monthly),
            }
    else:
        for lkey, price in sorted(table.lamal.items(), key=lambda kv: kv[1].line):
            yield {
                "year": str(lkey[0]), "insurer": lkey[1], "canton": lkey[2],
                "region": str(lkey[3]), "age_group": lkey[4], "deductible": str(lkey[5]),
                "model": lkey[6], "accident": "with" if lkey[7] else "without",
                "tariff": lkey[8], "monthly_premium": str(price.monthly),
            }
