"""Rates beside the premiums: discounts and instalment surcharges.

Read from `discounts.toml` and `payment.toml` of a tariff folder (the shipped ones under
`resources/tariffs/` when the folder has none). Errors name the file and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.paths import RESOURCES

SHIPPED = RESOURCES / "tariffs"
FREQUENCIES = ("annual", "semi_annual", "quarterly", "monthly")
HOLDERS = ("parent", "household_adult")
DISCOUNT_KINDS = ("family", "children", "combination", "bonus", "no_claims", "frame_contract")


class ParameterError(ValueError):
    """Bad tariff parameters; the message names the file and the field."""


@dataclass(frozen=True)
class DiscountRule:
    """One discount's parameters (conditions cited from 003/004, rates possibly illustrative)."""

    code: str
    kind: str
    source: str
    product: str | None = None
    percent: Decimal | None = None
    rate_illustrative: bool = True
    max_age: int | None = None
    parent_products: tuple[str, ...] = ()
    qualifying_products: tuple[str, ...] = ()
    lamal_insurer: str | None = None
    holder: str = "parent"  # who must hold the cover: "parent" or "household_adult" (LJ)
    module: str | None = None  # "base": the cover itself; else an optional module's id
    steps: dict[int, Decimal] = field(default_factory=dict)
    default_level: int = 0
    percent_young: Decimal | None = None  # rate for insured persons up to young_max_age
    young_max_age: int | None = None
    claims_below: Decimal | None = None
    max_percent: Decimal | None = None


@dataclass(frozen=True)
class TariffParameters:
    illustrative: bool
    payment_illustrative: bool  # the instalment surcharges are examples
    months: dict[str, int]
    surcharges: dict[tuple[str, str], Decimal]  # (law "lca"|"lamal", frequency) -> percent
    discounts: dict[str, DiscountRule]
    sources: tuple[str, ...]

    def discount(self, code: str) -> DiscountRule:
        try:
            return self.discounts[code]
        except KeyError:
            raise LookupError(f"no discount parameters for {code!r}") from None

    def discounts_of(self, product: str) -> tuple[DiscountRule, ...]:
        return tuple(rule for rule in self.discounts.values() if rule.product == product)


def load_parameters(folder: Path | None = None) -> TariffParameters:
    discounts = _file(folder, "discounts.toml")
    payment = _file(folder, "payment.toml")
    data_d, data_p = _toml(discounts), _toml(payment)
    return TariffParameters(
        illustrative=bool(data_d.get("illustrative")) or bool(data_p.get("illustrative")),
        payment_illustrative=bool(data_p.get("illustrative")),
        months=_months(payment, data_p),
        surcharges=_surcharges(payment, data_p),
        discounts=_discounts(discounts, data_d),
        sources=(str(discounts), str(payment)),
    )


def _file(folder: Path | None, name: str) -> Path:
    if folder is not None and (folder / name).is_file():
        return folder / name
    return SHIPPED / name


def _toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ParameterError(f"{path}: {error}") from None


def _decimal(path: Path, where: str, value: object, *, low: Decimal = Decimal(0),
             high: Decimal = Decimal(100)) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ParameterError(f"{path}: {where}: {value!r} is not a number") from None
    if not (low <= amount <= high):
        raise ParameterError(f"{path}: {where}: {value} is outside {low}..{high}")
    return amount


def _months(path: Path, data: dict[str, Any]) -> dict[str, int]:
    months = data.get("months", {})
    result = {}
    for frequency in FREQUENCIES:
        value = months.get(frequency)
        if not isinstance(value, int) or value not in (1, 2, 3, 6, 12):
            raise ParameterError(f"{path}: months.{frequency}: expected 12, 6, 3 or 1")
        result[frequency] = value
    return result


def _surcharges(path: Path, data: dict[str, Any]) -> dict[tuple[str, str], Decimal]:
    result = {}
    for law in ("lca", "lamal"):
        table = data.get("surcharge", {}).get(law)
        if not isinstance(table, dict):
            raise ParameterError(f"{path}: surcharge.{law}: missing table")
        for frequency in FREQUENCIES:
            if frequency not in table:
                raise ParameterError(f"{path}: surcharge.{law}.{frequency}: missing")
            result[(law, frequency)] = _decimal(
                path, f"surcharge.{law}.{frequency}", table[frequency], high=Decimal(20))
    return result


_KEYS = {
    "kind", "product", "percent", "rate_illustrative", "max_age", "parent_products",
    "qualifying_products", "lamal_insurer", "holder", "module", "steps", "default_level",
    "percent_young", "young_max_age", "claims_below", "max_percent",
    "source",
}


def _discounts(path: Path, data: dict[str, Any]) -> dict[str, DiscountRule]:
    result = {}
    for code, entry in data.items():
        if not isinstance(entry, dict):
            continue
        where = f"{path}: {code}"
        unknown = set(entry) - _KEYS
        if unknown:
            raise ParameterError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        kind = entry.get("kind")
        if kind not in DISCOUNT_KINDS:
            raise ParameterError(f"{where}.kind: expected one of {', '.join(DISCOUNT_KINDS)}")
        if not entry.get("source"):
            raise ParameterError(f"{where}.source: every discount cites its source")

        def number(name: str, cap: Decimal = Decimal(100), entry: dict[str, Any] = entry,
                   code: str = code) -> Decimal | None:
            value = entry.get(name)
            return None if value is None else _decimal(path, f"{code}.{name}", value, high=cap)

        steps = {}
        for level, percent in entry.get("steps", {}).items():
            if not str(level).isdigit():
                raise ParameterError(f"{where}.steps: {level!r} is not a bonus level")
            steps[int(level)] = _decimal(path, f"{code}.steps.{level}", percent)
        if kind == "bonus" and (not steps or max(steps.values()) > 100):
            raise ParameterError(f"{where}.steps: bonus steps needed, at most 100% (003 SB)")
        rule = DiscountRule(
            code=code, kind=kind, source=str(entry["source"]), product=entry.get("product"),
            percent=number("percent"), rate_illustrative=bool(entry.get("rate_illustrative", True)),
            max_age=entry.get("max_age"), parent_products=tuple(entry.get("parent_products", ())),
            qualifying_products=tuple(entry.get("qualifying_products", ())),
            lamal_insurer=entry.get("lamal_insurer"), holder=str(entry.get("holder", "parent")),
            module=entry.get("module"), steps=steps,
            default_level=int(entry.get("default_level", 0)),
            percent_young=number("percent_young"), young_max_age=entry.get("young_max_age"),
            claims_below=number("claims_below", Decimal(10**6)),
            max_percent=number("max_percent"),
        )
        if rule.holder not in HOLDERS:
            raise ParameterError(f"{where}.holder: expected one of {', '.join(HOLDERS)}")
        if kind in ("family", "children", "combination", "no_claims") and rule.percent is None:
            raise ParameterError(f"{where}.percent: missing")
        if kind == "bonus" and rule.default_level not in steps:
            raise ParameterError(f"{where}.default_level: not one of the steps")
        result[code] = rule
    return result
