"""The shipped illustrative tariffs: every catalogue product priced, amounts plausible, the
generator reproduces the committed files."""

from __future__ import annotations

import csv
import importlib.util
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.services.catalogue import load_catalogue
from app.services.pricing.engine import AGE_CLASSES as CLASSES
from app.services.pricing.engine import HouseholdInput, ItemInput, PersonInput, quote
from app.services.pricing.tariffs import TARIFF_DIR, load_tariffs

CAT = load_catalogue()
TARIFFS = load_tariffs()
ROOT = Path(__file__).resolve().parents[2]


def _age_for(product: object, level: str | None) -> int:
    """An age the product admits (entry limits of the catalogue)."""
    limits = product.age_limits(level)  # type: ignore[attr-defined]
    low = limits.min_age or 0
    high = limits.max_age if limits.max_age is not None else 99
    return max(low, min(high, 35))


@pytest.mark.parametrize("product", CAT.products(), ids=lambda p: p.code)
def test_every_product_level_deductible_module_and_capital_is_priced(product: object) -> None:
    code = product.code  # type: ignore[attr-defined]
    for level in product.levels or (None,):  # type: ignore[attr-defined]
        age = _age_for(product, level)
        person = PersonInput("p", "P", "Test", date(2027 - age, 6, 1), "F", "VD", 1,
                             "policyholder")
        household = HouseholdInput((person,))
        tyear = TARIFFS.lca_year(code, 2027)
        capitals = TARIFFS.lca_capitals.get((tyear or 0, code, level or ""), ()) or (None,)
        modules = tuple(m.id for m in product.modules  # type: ignore[attr-defined]
                        if m.optional and (not m.levels or level in m.levels))
        for deductible in product.deductibles(level) or (None,):  # type: ignore[attr-defined]
            for capital in capitals:
                items = [ItemInput("p", code, level, deductible, capital, modules=modules)]
                q = quote(CAT, TARIFFS, household, items)
                assert q.illustrative and q.total > 0, (code, level, deductible, capital)


def test_capitals_of_the_catalogue_are_the_priced_ones() -> None:
    kh = TARIFFS.lca_capitals[(TARIFFS.lca_year("KH", 2027) or 0, "KH", "")]
    assert kh == CAT.product("KH").capital_amounts()  # 003: 11 capitals


def _rows() -> list[dict[str, str]]:
    text = (TARIFF_DIR / "lca_illustrative.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))


def test_premiums_rise_with_age_class() -> None:
    # children < young adults < adults, and never cheaper in an older class
    series: dict[tuple[str, ...], dict[str, Decimal]] = defaultdict(dict)
    for row in _rows():
        if row["age_class"] in CLASSES:
            key = tuple(row[c] for c in ("product", "module", "level", "deductible", "capital",
                                         "region", "sex"))
            series[key][row["age_class"]] = Decimal(row["monthly_premium"])
    assert series
    for key, by_class in series.items():
        amounts = [by_class[c] for c in CLASSES if c in by_class]
        assert amounts == sorted(amounts), key
        if {"0-18", "19-25", "26-30"} <= set(by_class):
            assert by_class["0-18"] < by_class["19-25"] < by_class["26-30"], key


def test_lamal_illustrative_tariff_covers_whole_cantons() -> None:
    # regions per canton: shared/DOMAIN.md "Premium regions"
    regions = {"GE": 1, "NE": 1, "JU": 1, "BS": 1, "VD": 2, "VS": 2, "FR": 2, "TI": 2,
               "BE": 3, "ZH": 3}
    for insurer in ("EGK", "SWICA", "CMVEO"):
        found: dict[str, set[int]] = defaultdict(set)
        for key in TARIFFS.lamal:
            if key[1] == insurer:
                found[key[2]].add(key[3])
        assert {c: len(r) for c, r in found.items()} == regions, insurer


def test_the_generator_reproduces_the_committed_files(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_illustrative_tariffs", ROOT / "tools" / "make_illustrative_tariffs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert module.main() == 0
    for name in ("lca_illustrative.csv", "lamal_illustrative.csv"):
        assert (tmp_path / name).read_bytes() == (TARIFF_DIR / name).read_bytes(), name
