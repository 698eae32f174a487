"""Demo database speed: the desktop creates it on first start (`demo.ensure_demo_database`).

Median wall-clock seconds of `create_demo_database` (36 households, the real key-derivation
costs of the demo agent) and of `fill` alone (the households and proposals).

    .venv/bin/python benchmarks/bench_demo.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services import agents  # noqa: E402
from app.services.demo import data as demo  # noqa: E402
from app.services.store.crypto import KdfParams  # noqa: E402
from app.services.store.schema import open_store  # noqa: E402

FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


def create_once() -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        demo.create_demo_database(Path(folder) / demo.DATABASE_NAME).close()
        return time.perf_counter() - start


def fill_once() -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / demo.DATABASE_NAME)
        agents.create_profile(store, demo.DEMO_AGENT, kdf=FAST_KDF)
        start = time.perf_counter()
        demo.fill(store)
        elapsed = time.perf_counter() - start
        store.close()
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    create_once()  # warm-up: catalogue, questionnaire and fonts loaded once per process
    create = statistics.median(create_once() for _ in range(args.runs))
    fill = statistics.median(fill_once() for _ in range(args.runs))
    print(f"demo database, 36 households: create {create:.2f} s, of which fill {fill:.2f} s "
          f"(median of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
