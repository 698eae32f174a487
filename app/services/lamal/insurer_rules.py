"""The insurers' basic-insurance (LAMal) rules, read from `resources/insurers/<CODE>.toml`.

Each file holds one insurer's rules as tables, each with the article it comes from
(`source`). A file with `inherits = "federal"` takes every rule table it leaves out from
`resources/lamal/federal.toml`: where an insurer's general conditions are silent, federal
law applies. A table replaces the federal one as a whole, so a citation always matches its
values. Files are checked on load: an unknown or missing key, a wrong type or value raises
`RulesFileError` naming the file, the table and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from app.paths import RESOURCES

INSURERS_DIR = RESOURCES / "insurers"
LAMAL_DIR = RESOURCES / "lamal"
FEDERAL = "federal"

CANTONS = (
    "AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
    "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH",
)
RETROACTIVE_REASONS = ("birth", "arrival")
FIRST_MONTH_CHARGES = ("whole_month", "per_day")
SUSPENSION_STARTS = ("first_of_next_month", "day_after_receipt")
MODEL_CHANGE_EFFECTS = ("first_of_next_month", "end_of_year")


class RulesFileError(ValueError):
    """A rules file is malformed; the message names the file, table and key."""


@dataclass(frozen=True)
class Rule:
    source: str
    assumed: bool  # no seed or federal article settles it: confirm with the insurer


@dataclass(frozen=True)
class SwitchTerm(Rule):
    end_dates: tuple[tuple[int, int], ...]  # (month, day) of the possible ends
    notice_months: int


@dataclass(frozen=True)
class NoticeRule(Rule):
    notice_months: int


@dataclass(frozen=True)
class ReceiptRule(Rule):
    by_last_working_day: bool
    cutoff: str  # "17:00" or ""


@dataclass(frozen=True)
class MinimumStay(Rule):
    months_after_optional_deductible: int


@dataclass(frozen=True)
class ArrearsRule(Rule):
    blocks: bool


@dataclass(frozen=True)
class CoverStartRule(Rule):
    window_months: int
    retroactive_reasons: tuple[str, ...]
    late_source: str


@dataclass(frozen=True)
class SurchargeRule(Rule):
    rate_min: Decimal
    rate_max: Decimal
    duration_factor: int
    max_months: int


@dataclass(frozen=True)
class FirstMonthRule(Rule):
    charge: str  # "whole_month" | "per_day"


@dataclass(frozen=True)
class SuspensionRule(Rule):
    starts: str  # "first_of_next_month" | "day_after_receipt"


@dataclass(frozen=True)
class YearEndChangeRule(Rule):
    """A change for the end of a calendar year; 0 months = no notice beyond the year end."""

    notice_months: int
    notice_months_after_premium_announcement: int


@dataclass(frozen=True)
class ToLimitedChoiceRule(Rule):
    effective: str  # "first_of_next_month" | "end_of_year"


@dataclass(frozen=True)
class InsurerRules:
    code: str
    name: str
    seat_canton: str  # "" when unknown: federal public holidays only
    seat_source: str
    basis: str
    switch_ordinary: SwitchTerm
    switch_special_form: SwitchTerm
    switch_premium_announcement: NoticeRule
    switch_receipt: ReceiptRule
    minimum_stay: MinimumStay
    switch_confirmation: Rule
    switch_arrears: ArrearsRule
    cover_start: CoverStartRule
    late_surcharge: SurchargeRule
    first_month: FirstMonthRule | None  # None only for federal law, which sets no rule
    accident_suspension: SuspensionRule
    deductible_higher: Rule
    deductible_lower: YearEndChangeRule
    model_to_limited_choice: ToLimitedChoiceRule
    model_other: YearEndChangeRule
    cost_sharing: Rule


@dataclass(frozen=True)
class CostSharingFigures:
    ordinary_deductible_adult: Decimal
    ordinary_deductible_child: Decimal
    optional_deductibles_adult: tuple[Decimal, ...]
    optional_deductibles_child: tuple[Decimal, ...]
    copayment_rate: Decimal
    copayment_rate_original_medicines: Decimal
    copayment_cap_adult: Decimal
    copayment_cap_child: Decimal
    family_children_factor: int
    hospital_contribution_per_day: Decimal
    source: str


class _Table:
    """Typed reads from one TOML table; every key must be read, none may be left over."""

    def __init__(self, path: Path, name: str, data: Any):
        self.path, self.name = path, name
        if not isinstance(data, dict):
            raise self.error("", "must be a table")
        self.data: dict[str, Any] = dict(data)

    def error(self, key: str, message: str) -> RulesFileError:
        where = f"{self.path.name}: [{self.name}]" if self.name else f"{self.path.name}:"
        return RulesFileError(f"{where} {key}: {message}" if key else f"{where} {message}")

    def _take(self, key: str, kind: type, default: Any = None) -> Any:
        if key not in self.data:
            if default is not None:
                return default
            raise self.error(key, "missing")
        value = self.data.pop(key)
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise self.error(key, f"expected {kind.__name__}, got {value!r}")
        return value

    def text(self, key: str, *, allow_empty: bool = False) -> str:
        value: str = self._take(key, str)
        if not value.strip() and not allow_empty:
            raise self.error(key, "must not be empty")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value: bool = self._take(key, bool, default)
        return value

    def count(self, key: str, low: int, high: int) -> int:
        value: int = self._take(key, int)
        if not low <= value <= high:
            raise self.error(key, f"must be between {low} and {high}, got {value}")
        return value

    def money(self, key: str) -> Decimal:
        return self._decimal(key, self._take(key, str))

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self.error(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values: list[Any] = self._take(key, list)
        if not all(isinstance(v, str) for v in values):
            raise self.error(key, "must be a list of strings")
        return tuple(values)

    def moneys(self, key: str) -> tuple[Decimal, ...]:
        return tuple(self._decimal(key, v) for v in self.texts(key))

    def _decimal(self, key: str, raw: str) -> Decimal:
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.error(key, f"not a decimal number: {raw!r}") from None
        if not value.is_finite() or value < 0:
            raise self.error(key, f"must be a non-negative number, got {raw!r}")
        return value

    def rule(self) -> tuple[str, bool]:
        return self.text("source"), self.flag("assumed", False)

    def done(self) -> None:
        if self.data:
            raise self.error(", ".join(sorted(self.data)), "unknown key")


def _end_dates(table: _Table) -> tuple[tuple[int, int], ...]:
    result = []
    for raw in table.texts("end_dates"):
        try:
            month, day = (int(part) for part in raw.split("-"))
            if (month, day) not in ((6, 30), (12, 31)):
                raise ValueError
        except ValueError:
            raise table.error("end_dates", f"{raw!r}: an end is 06-30 or 12-31") from None
        result.append((month, day))
    if not result:
        raise table.error("end_dates", "must not be empty")
    return tuple(sorted(result))


def _parse_rule(table: _Table, kind: str) -> Rule:
    source, assumed = table.rule()
    rule: Rule
    if kind == "switch_term":
        rule = SwitchTerm(source, assumed, _end_dates(table), table.count("notice_months", 1, 6))
    elif kind == "notice":
        rule = NoticeRule(source, assumed, table.count("notice_months", 1, 6))
    elif kind == "receipt":
        by_last = table.flag("by_last_working_day")
        cutoff = table.text("cutoff", allow_empty=True)
        if cutoff and not (len(cutoff) == 5 and cutoff[2] == ":" and cutoff.replace(":", "").isdigit()):
            raise table.error("cutoff", f"expected HH:MM or empty, got {cutoff!r}")
        rule = ReceiptRule(source, assumed, by_last, cutoff)
    elif kind == "minimum_stay":
        rule = MinimumStay(source, assumed, table.count("months_after_optional_deductible", 0, 60))
    elif kind == "arrears":
        rule = ArrearsRule(source, assumed, table.flag("blocks"))
    elif kind == "cover_start":
        window = table.count("window_months", 1, 12)
        reasons = table.texts("retroactive_reasons")
        unknown = sorted(set(reasons) - set(RETROACTIVE_REASONS))
        if unknown:
            raise table.error("retroactive_reasons", f"unknown reason(s) {unknown}")
        rule = CoverStartRule(source, assumed, window, reasons, table.text("late_source"))
    elif kind == "surcharge":
        low, high = table.money("rate_min"), table.money("rate_max")
        if not low <= high <= 1:
            raise table.error("rate_max", "rates must satisfy rate_min <= rate_max <= 1")
        rule = SurchargeRule(source, assumed, low, high, table.count("duration_factor", 1, 10),
                             table.count("max_months", 1, 240))
    elif kind == "first_month":
        rule = FirstMonthRule(source, assumed, table.choice("charge", FIRST_MONTH_CHARGES))
    elif kind == "suspension":
        rule = SuspensionRule(source, assumed, table.choice("starts", SUSPENSION_STARTS))
    elif kind == "year_end_change":
        rule = YearEndChangeRule(source, assumed, table.count("notice_months", 0, 6),
                                 table.count("notice_months_after_premium_announcement", 0, 6))
    elif kind == "to_limited":
        rule = ToLimitedChoiceRule(source, assumed, table.choice("effective", MODEL_CHANGE_EFFECTS))
    else:
        rule = Rule(source, assumed)
    table.done()
    return rule


# Rule tables: TOML path -> (InsurerRules field, parser kind).
RULE_TABLES: dict[str, tuple[str, str]] = {
    "switch.ordinary": ("switch_ordinary", "switch_term"),
    "switch.special_form": ("switch_special_form", "switch_term"),
    "switch.premium_announcement": ("switch_premium_announcement", "notice"),
    "switch.receipt": ("switch_receipt", "receipt"),
    "minimum_stay": ("minimum_stay", "minimum_stay"),
    "switch.confirmation": ("switch_confirmation", "plain"),
    "switch.arrears": ("switch_arrears", "arrears"),
    "cover_start": ("cover_start", "cover_start"),
    "late_surcharge": ("late_surcharge", "surcharge"),
    "first_month": ("first_month", "first_month"),
    "accident_suspension": ("accident_suspension", "suspension"),
    "deductible_change.higher": ("deductible_higher", "plain"),
    "deductible_change.lower": ("deductible_lower", "year_end_change"),
    "model_change.to_limited_choice": ("model_to_limited_choice", "to_limited"),
    "model_change.other": ("model_other", "year_end_change"),
    "cost_sharing": ("cost_sharing", "plain"),
}
# Rules federal law does not settle: every insurer file must give them.
FEDERAL_GAPS = ("first_month",)
_GROUPS = {path.split(".")[0] for path in RULE_TABLES if "." in path}


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"{path.name}: {exc}") from None


def _flatten(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Rule tables by dotted path; anything that is not a known table is an error."""
    tables: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("inherits", "insurer"):
            continue
        if key in _GROUPS and isinstance(value, dict):
            for sub, table in value.items():
                dotted = f"{key}.{sub}"
                if dotted not in RULE_TABLES:
                    raise RulesFileError(f"{path.name}: [{dotted}] unknown table")
                tables[dotted] = table
        elif key in RULE_TABLES:
            tables[key] = value
        else:
            raise RulesFileError(f"{path.name}: [{key}] unknown table or key")
    return tables


def _load(path: Path, expected_code: str) -> InsurerRules:
    data = _read(path)
    tables = _flatten(path, data)
    sources = {name: path for name in tables}
    inherits = data.get("inherits")
    if inherits is not None:
        if inherits != FEDERAL:
            raise RulesFileError(f"{path.name}: inherits: only \"federal\" is known, got {inherits!r}")
        base_path = LAMAL_DIR / "federal.toml"
        base = _flatten(base_path, _read(base_path))
        for name, table in base.items():
            if name not in tables:
                tables[name], sources[name] = table, base_path
    head = _Table(path, "insurer", data.get("insurer"))
    code = head.text("code")
    if code != expected_code:
        raise head.error("code", f"{code!r} differs from the file name {expected_code!r}")
    name = head.text("name")
    seat = head.text("seat_canton", allow_empty=True)
    if seat and seat not in CANTONS:
        raise head.error("seat_canton", f"unknown canton {seat!r}")
    seat_source, basis = head.text("seat_source"), head.text("basis")
    head.done()
    fields: dict[str, Any] = {}
    for dotted, (field, kind) in RULE_TABLES.items():
        if dotted not in tables and code == FEDERAL and dotted in FEDERAL_GAPS:
            fields[field] = None
            continue
        if dotted not in tables:
            raise RulesFileError(f"{path.name}: [{dotted}] missing (and not inherited)")
        fields[field] = _parse_rule(_Table(sources[dotted], dotted, tables[dotted]), kind)
    return InsurerRules(code=code, name=name, seat_canton=seat, seat_source=seat_source,
                        basis=basis, **fields)


def insurer_codes() -> tuple[str, ...]:
    """Codes of the insurers with a rules file, sorted."""
    return tuple(sorted(p.stem for p in INSURERS_DIR.glob("*.toml")))


@cache
def load_rules(code: str) -> InsurerRules:
    """One insurer's rules; `federal` gives federal law alone. Unknown code -> LookupError."""
    if code == FEDERAL:
        return _load(LAMAL_DIR / "federal.toml", FEDERAL)
    if code not in insurer_codes():
        raise LookupError(
            f"unknown insurer {code!r}; known: {', '.join(insurer_codes())}")
    return _load(INSURERS_DIR / f"{code}.toml", code)


def insurer_rules(code: str | None) -> InsurerRules:
    """An insurer's rules; None gives federal law alone (an insurer without a rules file).
    The internal code "federal" is not an insurer: it raises LookupError like any unknown."""
    if code is None:
        return load_rules(FEDERAL)
    if code == FEDERAL:
        raise LookupError(f"unknown insurer {code!r}; known: {', '.join(insurer_codes())}")
    return load_rules(code)


@cache
def cost_sharing_figures() -> CostSharingFigures:
    path = LAMAL_DIR / "cost_sharing.toml"
    table = _Table(path, "", _read(path))
    figures = CostSharingFigures(
        ordinary_deductible_adult=table.money("ordinary_deductible_adult"),
        ordinary_deductible_child=table.money("ordinary_deductible_child"),
        optional_deductibles_adult=table.moneys("optional_deductibles_adult"),
        optional_deductibles_child=table.moneys("optional_deductibles_child"),
        copayment_rate=table.money("copayment_rate"),
        copayment_rate_original_medicines=table.money("copayment_rate_original_medicines"),
        copayment_cap_adult=table.money("copayment_cap_adult"),
        copayment_cap_child=table.money("copayment_cap_child"),
        family_children_factor=table.count("family_children_factor", 1, 10),
        hospital_contribution_per_day=table.money("hospital_contribution_per_day"),
        source=table.text("source"),
    )
    table.done()
    return figures
