"""Document speed (issue 5): median time of an offer for 5 persons x 6 products and of a
6-page proposal (target < 300 ms each), and the throughput of a batch of 1,000 offers.

    .venv/bin/python benchmarks/bench_documents.py [--batch 1000] [--runs 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from app.services.documents import load_record, render_document  # noqa: E402
from app.services.documents.records import ProposalRecord  # noqa: E402
from tests.services.documents.helpers import scaled_record  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "family-favre-rossi.json"
TARGET_MS = 300


def median_ms(work: Callable[[], bytes], runs: int) -> tuple[float, float, bytes]:
    """Median wall-clock and CPU milliseconds (CPU time shows the cost on a busy machine)."""
    pdf = work()  # warm-up: fonts registered, catalogs parsed
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = work()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), pdf


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _batch(record: ProposalRecord, count: int, lang: str) -> int:
    for _ in range(count):
        render_document("offer", record, lang, variant="B")
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()

    big = scaled_record(5, 6)
    family = load_record(EXAMPLE)
    offer_ms, offer_cpu, offer_pdf = median_ms(lambda: render_document("offer", big, "fr"), args.runs)
    proposal_ms, proposal_cpu, proposal_pdf = median_ms(
        lambda: render_document("proposal", family, "de"), args.runs)
    print(f"offer, 5 persons x 6 products ({pages(offer_pdf)} pages): median {offer_ms:.0f} ms "
          f"wall, {offer_cpu:.0f} ms CPU (target < {TARGET_MS} ms)")
    print(f"proposal, example family ({pages(proposal_pdf)} pages): median {proposal_ms:.0f} ms "
          f"wall, {proposal_cpu:.0f} ms CPU (target < {TARGET_MS} ms)")

    single = render_document("offer", family, "fr", variant="B")
    start, start_cpu = time.perf_counter(), time.process_time()
    _batch(family, args.batch, "fr")
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(f"batch of {args.batch} offers (example family, {pages(single)} pages), one process: "
          f"{seconds:.1f} s wall ({args.batch / seconds:.1f} offers/s), {cpu:.1f} s CPU "
          f"({args.batch / cpu:.1f} offers/s of CPU)")
    workers = 2
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        share = [args.batch // workers + (1 if i < args.batch % workers else 0) for i in range(workers)]
        done = sum(pool.map(_batch, [family] * workers, share, ["fr"] * workers))
    seconds = time.perf_counter() - start
    print(f"batch of {done} offers, {workers} processes: {seconds:.1f} s, {done / seconds:.1f} offers/s")
    return 0 if offer_ms < TARGET_MS and proposal_ms < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
