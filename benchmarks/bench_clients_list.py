"""Clients list benchmark: the list's search over 100,000 persons (issue 15, item 17).

What the list calls as the agent types (`StoreProposals.search`: the matching clients, their
proposals and their members) against a plain peer measured in the same run: one raw SQL
statement on the same database doing the same search (the same matches, the same rows, the
same order), without the application's row building. Prints medians (ms) and the ratio.
Run: `.venv/bin/python benchmarks/bench_clients_list.py` (`--persons N` for a smaller
database). Target: under 10 ms for every query at 100,000 persons.

The data are skewed on purpose: 25 last names, 24 first names and 28 places, so a name is
borne by one person in 25 and "Lausanne" is home to 7% of them, far more hits than a real
agent's clients give.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.services.application.proposals import StoreProposals  # noqa: E402
from app.services.application.recovery import RecoveryFiles  # noqa: E402
from app.services.store.schema import open_store  # noqa: E402
from app.views.preferences import MemoryPreferences  # noqa: E402

FIRST = ["Zoé", "Chloé", "Léa", "Noémie", "Jérôme", "Loïc", "Anna", "Lukas", "Jürg", "Bärbel",
         "Giulia", "Nicolò", "Matteo", "Sofia", "François", "Hélène", "Beat", "Reto", "Elena",
         "Marco", "Sophie", "Thomas", "Noah", "Mia"]
LAST = ["Rochat", "Favre", "Berset", "Müller", "Meier", "Zürcher", "Bühler", "Bernasconi",
        "Rossi", "Lepori", "Chappuis", "Dubois", "Girard", "Keller", "Huber", "Brunner",
        "Pedrazzini", "Gianola", "Jaquier", "Perrin", "Schneider", "Frei", "Gerber", "Cattaneo",
        "Monnier"]
# (postal code, locality, municipality, canton): towns of the three language regions.
PLACES = [
    ("1003", "Lausanne", "Lausanne", "VD"), ("1004", "Lausanne", "Lausanne", "VD"),
    ("1110", "Morges", "Morges", "VD"), ("1800", "Vevey", "Vevey", "VD"),
    ("1820", "Montreux", "Montreux", "VD"), ("1400", "Yverdon-les-Bains", "Yverdon-les-Bains",
                                             "VD"),
    ("1260", "Nyon", "Nyon", "VD"), ("1201", "Genève", "Genève", "GE"),
    ("1205", "Genève", "Genève", "GE"), ("1227", "Carouge GE", "Carouge (GE)", "GE"),
    ("1700", "Fribourg", "Fribourg", "FR"), ("1950", "Sion", "Sion", "VS"),
    ("2000", "Neuchâtel", "Neuchâtel", "NE"), ("2502", "Biel/Bienne", "Biel/Bienne", "BE"),
    ("3011", "Bern", "Bern", "BE"), ("3012", "Bern", "Bern", "BE"),
    ("4051", "Basel", "Basel", "BS"), ("5000", "Aarau", "Aarau", "AG"),
    ("6003", "Luzern", "Luzern", "LU"), ("7000", "Chur", "Chur", "GR"),
    ("8001", "Zürich", "Zürich", "ZH"), ("8004", "Zürich", "Zürich", "ZH"),
    ("8400", "Winterthur", "Winterthur", "ZH"), ("9000", "St. Gallen", "St. Gallen", "SG"),
    ("6900", "Lugano", "Lugano", "TI"), ("6900", "Massagno", "Massagno", "TI"),
    ("6500", "Bellinzona", "Bellinzona", "TI"), ("6600", "Locarno", "Locarno", "TI"),
]
STATUSES = ["draft"] * 5 + ["ready"] * 2 + ["signed", "submitted", "accepted", "cancelled"]
ROLES = ["policyholder", "spouse", "child", "child", "child"]
# What an agent types: a name, a first name and a name, a town, a postal code, an AHV prefix,
# a name and a town; then the densest: a first name of one person in 24 (12% of the
# households) and a first letter (23% of them).
QUERIES = ["rochat", "zoe rochat", "lausanne", "zurich", "massagno", "1003", "756123",
           "rochat lausanne", "noah", "z"]
START = datetime(2024, 1, 1, tzinfo=UTC)


def populate(path: Path, persons: int) -> tuple[int, int]:
    """`persons` persons in households of 1-5 around one policyholder, with places, and
    proposals for most households (none for about a fifth, two for a tenth), changed over
    two years; inserted in bulk (the full-text triggers index them). Returns the numbers of
    households and proposals."""
    rng = random.Random(1)
    db = sqlite3.connect(path)
    households: list[tuple[object, ...]] = []
    rows: list[tuple[object, ...]] = []
    proposals: list[tuple[object, ...]] = []

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

    while len(rows) < persons:
        hid = str(uuid.uuid4())
        last = rng.choice(LAST) + ("" if rng.random() < 0.8 else f"-{rng.choice(LAST)}")
        place = rng.choice(PLACES)
        changed = START + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        households.append((hid, f"Famille {last}", "fr", stamp(changed), stamp(changed)))
        for position in range(rng.choice((1, 2, 3, 4, 5))):
            rows.append((
                str(uuid.uuid4()), hid, position, ROLES[position], rng.choice(FIRST),
                last if rng.random() < 0.9 else rng.choice(LAST), rng.choice("FM"),
                f"{rng.randrange(1940, 2025)}-01-01", f"756{rng.randrange(10**9):09d}0",
                place[0], place[1], place[2], place[3], stamp(changed), stamp(changed)))
        count = rng.choices((0, 1, 2), weights=(2, 7, 1))[0]
        for _ in range(count):
            moment = changed + timedelta(minutes=rng.randrange(60 * 24 * 90))
            proposals.append((str(uuid.uuid4()), hid, rng.choice(STATUSES), stamp(moment),
                              stamp(moment)))
    db.executemany(
        "INSERT INTO households (id, name, language, created_at, updated_at, version) "
        "VALUES (?, ?, ?, ?, ?, 1)", households)
    db.executemany(
        "INSERT INTO persons (id, household_id, position, role, first_name, last_name, sex, "
        "birth_date, ahv_number, nationality, street, postal_code, locality, municipality, "
        "canton, language, phone, email, iban, created_at, updated_at, version) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'CH', '', ?, ?, ?, ?, 'fr', '', '', '', ?, ?, 1)",
        rows[:persons])
    db.executemany(
        "INSERT INTO proposals (id, household_id, status, signing_place, note, created_at, "
        "updated_at, version) VALUES (?, ?, ?, '', '', ?, ?, 1)", proposals)
    db.commit()
    db.close()
    return len(households), len(proposals)


CPU: list[float] = []  # CPU-time median of the last measurement


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


# The peer: the same search in one statement, straight on sqlite3 (no row objects, no
# formatting): the same matching households (an AHV prefix on the persons' index, else every
# word the start of a member's name or place in `household_search`), the same lines in the
# same order, each with its members.
PEER = """
WITH listed AS (
    SELECT h.id AS hid, pr.id AS pid, pr.status,
           coalesce(pr.updated_at, h.updated_at) AS changed
    FROM households h LEFT JOIN proposals pr ON pr.household_id = h.id
    WHERE {match}
    ORDER BY changed DESC LIMIT 200)
SELECT listed.*, p.first_name, p.last_name, p.role, p.ahv_number, p.postal_code,
       p.locality, p.municipality
FROM listed JOIN persons p ON p.household_id = listed.hid
ORDER BY listed.changed DESC, p.position
"""
# Without a search: the most recent proposals and households without one.
RECENT = """
WITH listed AS (
    SELECT * FROM (SELECT household_id AS hid, id AS pid, status, updated_at AS changed
                   FROM proposals ORDER BY updated_at DESC LIMIT 200)
    UNION ALL
    SELECT * FROM (SELECT h.id, NULL, NULL, h.updated_at FROM households h
                   WHERE NOT EXISTS (SELECT 1 FROM proposals WHERE household_id = h.id)
                   ORDER BY h.updated_at DESC LIMIT 200)
    ORDER BY changed DESC LIMIT 200)
SELECT listed.*, p.first_name, p.last_name, p.role, p.ahv_number, p.postal_code,
       p.locality, p.municipality
FROM listed JOIN persons p ON p.household_id = listed.hid
ORDER BY listed.changed DESC, p.position
"""
BY_WORDS = ("h.rowid IN (SELECT rowid FROM household_search "
            "WHERE household_search MATCH ?)")
BY_AHV = "h.id IN (SELECT household_id FROM persons WHERE ahv_number >= ? AND ahv_number < ?)"


def peer(db: sqlite3.Connection, query: str) -> list[tuple[object, ...]]:
    if not query:
        return db.execute(RECENT).fetchall()
    digits = query.replace(".", "").replace(" ", "")
    if digits.isdigit() and digits.startswith("756") and len(digits) > 4:
        high = digits[:-1] + chr(ord(digits[-1]) + 1)
        return db.execute(PEER.format(match=BY_AHV), (digits, high)).fetchall()
    match = (f'{{places}} : "{digits[:4]}"*' if digits.isdigit()
             else " AND ".join(f'"{word}"*' for word in query.split()))
    return db.execute(PEER.format(match=BY_WORDS), (match,)).fetchall()


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        open_store(path).close()
        start = time.perf_counter()
        households, proposals = populate(path, args.persons)
        print(f"populated {args.persons:,} persons, {households:,} households, "
              f"{proposals:,} proposals in {time.perf_counter() - start:.1f} s")
        store = open_store(path)
        directory = StoreProposals(store, RecoveryFiles(Path(folder) / "drafts"),
                                   MemoryPreferences(), lambda: None,  # type: ignore[arg-type,return-value]
                                   lambda: date(2026, 6, 15))
        db = sqlite3.connect(path)
        print(f"the list's search (StoreProposals.search) against one raw SQL statement, "
              f"medians of {args.runs} runs (load average {load()}):")
        print(f"  {'query':18} {'rows':>5} {'list':>9} {'(cpu)':>9} {'raw SQL':>9} {'ratio':>6}")
        for query in ["", *QUERIES]:
            rows = len(directory.search(query))
            listed = median_ms(lambda q=query: directory.search(q), args.runs)  # type: ignore[misc]
            cpu = CPU[0]
            raw = median_ms(lambda q=query: peer(db, q), args.runs)  # type: ignore[misc]
            print(f"  {query!r:18} {rows:5} {listed:6.2f} ms {cpu:6.2f} ms {raw:6.2f} ms "
                  f"{listed / raw:6.1f}")
        for status in ("draft", "signed"):
            listed = median_ms(lambda s=status: directory.search("rochat", s), args.runs)  # type: ignore[misc]
            print(f"  'rochat', only {status:8} {listed:6.2f} ms {CPU[0]:6.2f} ms")
        print(f"load average at the end: {load()}")
        db.close()
        store.close()


if __name__ == "__main__":
    main()
