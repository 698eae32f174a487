"""Local store benchmark: name search over 100,000 persons, saving a proposal.

Prints medians (ms). Run: `.venv/bin/python benchmarks/bench_store.py` (or `make bench`).
Targets (issue 3): first 50 name hits < 20 ms; a proposal with 4 persons and 12
items, with journal and audit, saved in < 10 ms.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.households import HouseholdData, PersonData  # noqa: E402
from app.services.proposals.records import ItemData, ProposalData  # noqa: E402
from app.services.store.database import Store  # noqa: E402
from app.services.store.schema import open_store  # noqa: E402

FIRST = ["Zoé", "Chloé", "Léa", "Noémie", "Jérôme", "Loïc", "Anna", "Lukas", "Jürg", "Bärbel",
         "Giulia", "Nicolò", "Matteo", "Sofia", "François", "Hélène", "Beat", "Reto", "Elena", "Marco"]
LAST = ["Rochat", "Favre", "Berset", "Müller", "Meier", "Zürcher", "Bühler", "Bernasconi", "Rossi",
        "Lepori", "Chappuis", "Dubois", "Girard", "Keller", "Huber", "Brunner", "Pedrazzini",
        "Gianola", "Jaquier", "Perrin", "Schneider", "Frei", "Gerber", "Cattaneo", "Monnier"]
PERSONS = 100_000


CPU: list[float] = []  # CPU-time median of the last measurement (less disturbed by other jobs)


def median_ms(func: Callable[[], object], runs: int) -> float:
    """Median wall time in ms; the CPU-time median is left in CPU[0]."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times)


def populate(path: Path) -> None:
    """100,000 persons in 40,000 households, inserted in bulk (the FTS triggers index them)."""
    rng = random.Random(1)
    db = sqlite3.connect(path)
    stamp = "2026-01-01 00:00:00.000000"
    households: list[tuple[object, ...]] = []
    persons: list[tuple[object, ...]] = []
    while len(persons) < PERSONS:
        hid = str(uuid.uuid4())
        last = rng.choice(LAST) + ("" if rng.random() < 0.7 else f"-{rng.choice(LAST)}")
        households.append((hid, f"Famille {last}", "fr", stamp, stamp))
        for position in range(rng.choice((1, 2, 3, 4))):
            persons.append((
                str(uuid.uuid4()), hid, position, "policyholder" if position == 0 else "child",
                rng.choice(FIRST) + ("" if rng.random() < 0.9 else f"{rng.randrange(100)}"),
                last, rng.choice("FM"), f"{rng.randrange(1940, 2025)}-01-01",
                f"756{rng.randrange(10**9):09d}0", f"{rng.randrange(1000, 9999)}", "VD",
                stamp, stamp,
            ))
    db.executemany(
        "INSERT INTO households (id, name, language, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, ?, 1)", households)
    db.executemany(
        "INSERT INTO persons (id, household_id, position, role, first_name, last_name, sex, "
        "birth_date, ahv_number, nationality, street, postal_code, locality, municipality, canton, "
        "language, phone, email, iban, created_at, updated_at, version) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'CH', '', ?, '', '', ?, 'fr', '', '', '', ?, ?, 1)",
        persons[:PERSONS])
    db.commit()
    db.close()


def household_of_four() -> HouseholdData:
    def person(first: str, role: str, year: int) -> PersonData:
        return PersonData(first_name=first, last_name="Rochat", sex="F", birth_date=date(year, 5, 1),
                          role=role, postal_code="1003",
                          locality="Lausanne", language="fr")
    return HouseholdData("Famille Rochat", "fr", [
        person("Zoé", "policyholder", 1984), person("Luc", "spouse", 1982),
        person("Léa", "child", 2014), person("Noé", "child", 2018),
    ])


def proposal_of_twelve(household: hh.HouseholdRecord) -> ProposalData:
    codes = ("LAMAL", "GL", "HC")
    items = [
        ItemData(p.id, code, None if code == "LAMAL" else "2", Decimal("300") if code == "LAMAL" else None,
                 start_date=date(2027, 1, 1))
        for p in household.persons for code in codes
    ]
    return ProposalData(start_date=date(2027, 1, 1), signing_place="Lausanne", items=items)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        open_store(path).close()
        start = time.perf_counter()
        populate(path)
        print(f"populated {PERSONS:,} persons in {time.perf_counter() - start:.1f} s")
        store = open_store(path)
        print("name search, first 50 hits (median of 30 runs each):")
        for query in ("zoe", "mul", "ber", "rochat l", "jurg muller", "z"):
            hits = len(hh.search_by_name(store, query))
            ms = median_ms(lambda q=query: hh.search_by_name(store, q), 30)  # type: ignore[misc]
            print(f"  {query!r:14} {hits:3} hits  {ms:6.2f} ms  (cpu {CPU[0]:5.2f} ms)")
        print(f"  AHV prefix '756123'      {median_ms(lambda: hh.search_by_ahv(store, '756123'), 30):6.2f} ms")
        print(f"  postal code prefix '10'  {median_ms(lambda: hh.search_by_postal_code(store, '10'), 30):6.2f} ms")
        store.close()

        for sync in ("FULL", "NORMAL"):
            store = open_store(path, synchronous=sync)
            household = hh.create_household(store, household_of_four())
            data = proposal_of_twelve(household)
            save = median_ms(lambda: pr.create_proposal(store, household.id, data), 100)  # noqa: B023
            save_cpu = CPU[0]
            proposal = pr.create_proposal(store, household.id, data)
            version = [proposal.version]

            def autosave() -> None:
                version[0] = pr.save_draft(store, proposal.id, "note", f"v{version[0]}", version[0])  # noqa: B023

            draft = median_ms(autosave, 100)
            draft_cpu = CPU[0]

            def both(store: Store = store) -> None:
                with store.unit_of_work():
                    record = hh.create_household(store, household_of_four())
                    pr.create_proposal(store, record.id, proposal_of_twelve(record))

            whole = median_ms(both, 50)
            whole_cpu = CPU[0]
            print(f"synchronous={sync} (medians of 50-100 runs):")
            print(f"  save proposal, 12 items, journal + audit   {save:6.2f} ms  (cpu {save_cpu:5.2f} ms)")
            print(f"  household of 4 + that proposal, one commit  {whole:6.2f} ms  (cpu {whole_cpu:5.2f} ms)")
            print(f"  autosave of one field                       {draft:6.2f} ms  (cpu {draft_cpu:5.2f} ms)")
            store.close()


if __name__ == "__main__":
    main()
