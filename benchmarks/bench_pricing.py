"""Premium engine speed: the "compare deductibles" view of a household of 5 persons with
8 products each, every deductible option priced (target: median under 50 ms).

    .venv/bin/python benchmarks/bench_pricing.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.catalogue import load_catalogue  # noqa: E402
from app.services.pricing.engine import (  # noqa: E402
    HouseholdInput,
    ItemInput,
    PersonInput,
    compare_deductibles,
    quote,
)
from app.services.pricing.tariffs import load_tariffs  # noqa: E402

RUNS = 30

PERSONS = (
    PersonInput("p1", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 2, "policyholder"),
    PersonInput("p2", "Marc", "Rochat", date(1983, 2, 2), "M", "VD", 2, "spouse"),
    PersonInput("p3", "Zoé", "Rochat", date(2006, 1, 5), "F", "VD", 2, "child"),
    PersonInput("p4", "Léo", "Rochat", date(2014, 8, 9), "M", "VD", 2, "child"),
    PersonInput("p5", "Mia", "Rochat", date(2019, 3, 3), "F", "VD", 2, "child"),
)
# 8 products each, most with a choice of deductible.
PRODUCTS = (
    ("LAMAL", None, None), ("HC", "2", None), ("GL", "2", None), ("GO", "3", None),
    ("SC", "1", None), ("SD", None, None), ("SO", None, None), ("MU", None, None),
)


def items() -> list[ItemInput]:
    result = []
    for person in PERSONS:
        for code, level, capital in PRODUCTS:
            extra = {"model": "telmed", "insurer": "SWICA"} if code == "LAMAL" else {}
            result.append(ItemInput(person.id, code, level, None, capital,
                                    start_date=date(2027, 3, 17), **extra))  # type: ignore[arg-type]
    return result


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    start = time.perf_counter()
    tariffs = load_tariffs()
    cold_ms = (time.perf_counter() - start) * 1000
    load_ms = median_ms(load_tariffs, runs=5)
    cat = load_catalogue()
    household = HouseholdInput(PERSONS, lamal_insurer="SWICA", frame_contract_discount=D(5))
    basket = items()
    views = compare_deductibles(cat, tariffs, household, basket, year=2027)
    options = sum(len(v.options) for v in views)
    compare_ms = median_ms(lambda: compare_deductibles(cat, tariffs, household, basket,
                                                       year=2027))
    quote_ms = median_ms(lambda: quote(cat, tariffs, household, basket, year=2027))
    print(f"load shipped tariffs ({len(tariffs.lca) + len(tariffs.lamal)} rows): "
          f"first {cold_ms:.0f} ms, then median {load_ms:.0f} ms")
    print(f"quote, 5 persons x 8 products ({len(basket)} lines): median {quote_ms:.2f} ms")
    print(f"compare deductibles, 5 persons x 8 products ({options} priced lines): "
          f"median {compare_ms:.2f} ms (target < 50 ms)")
    return 0 if compare_ms < 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
