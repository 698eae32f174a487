"""Sync on loopback: push 10,000 journalled changes, pull 1,000 decisions.

Target (issue 7): under 10 s in total, under 200 MB of memory on the client.

Set-up (not timed): a throwaway PostgreSQL cluster, `propono serve` in its own process,
one laptop database whose journal holds 10,000 changes made by the local store itself
(1,000 households: household, 4 persons, proposal, 3 items, the signing = 10 rows each).
Each run copies that database, gets a fresh server database, then runs the client in a
fresh process (so its peak memory is the sync's own): push everything, then the back
office decides every proposal (written straight into the database), then a second client
process pulls the 1,000 decisions and follows them in the proposals' lifecycle
(reservations to consent to, a decision per product, policies). Prints each run and the
medians.

    .venv/bin/python benchmarks/bench_sync.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOUSEHOLDS = 1000
PASSWORD = "correct horse"
ACCREDITATION = "AG-BENCH"


def make_laptop(path: Path) -> int:
    from sqlalchemy import func, select

    from app.models import Household, JournalEntry, Person, Proposal, ProposalItem
    from app.services import agents
    from app.services.crypto import KdfParams
    from app.services.schema import open_store

    store = open_store(path, synchronous="OFF")
    agents.create_profile(store, agents.ProfileData("Bench Agent", ACCREDITATION, ["fr"],
                                                    PASSWORD),
                          kdf=KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    proposals = []
    for start in range(0, HOUSEHOLDS, 250):
        with store.unit_of_work() as session:
            for number in range(start, start + 250):
                household = Household(id=str(uuid.uuid4()), name=f"Famille {number}",
                                      language="fr")
                persons = [Person(id=str(uuid.uuid4()), role=role, first_name=f"P{number}-{i}",
                                  last_name="Bench", sex="F", birth_date=date(1980 + i, 1, 1),
                                  postal_code="1950", locality="Sion", municipality="Sion",
                                  canton="VS", premium_region=1, language="fr", position=i)
                           for i, role in enumerate(("policyholder", "spouse", "child", "child"))]
                household.persons = persons
                proposal = Proposal(id=str(uuid.uuid4()), household_id=household.id,
                                    status="draft", signing_place="Sion")
                proposal.items = [ProposalItem(person_id=persons[i].id, product_code=code,
                                               position=i)
                                  for i, code in enumerate(("HOSPITA", "DENTA", "MEDICO"))]
                session.add(household)
                session.add(proposal)
                proposals.append(proposal)
        with store.unit_of_work() as session:
            for proposal in proposals[start:start + 250]:
                session.get(Proposal, proposal.id).status = "signed"  # type: ignore[union-attr]
    with store.reading() as session:
        count = int(session.scalar(select(func.count(JournalEntry.id))) or 0)
    store.close()
    return count


def client(phase: str, database: Path, url: str, token: str) -> None:
    """One sync phase in this (fresh) process; prints seconds and peak memory."""
    from app.services import agents, sync_settings
    from app.services.schema import open_store
    from app.services.sync import SyncEngine, SyncReport
    from app.services.sync_api import HttpTransport, SyncApi
    from app.services.sync_replica import StoreReplica

    store = open_store(database, synchronous="NORMAL")
    agents.login(store, PASSWORD)
    sync_settings.configure(store, url, token)
    engine = SyncEngine(SyncApi(HttpTransport(url, ACCREDITATION, token)),
                        StoreReplica(store, releases_root=database.parent / "updates"),
                        batch_size=1000, pull_limit=500)
    report = SyncReport()
    started = time.perf_counter()
    if phase == "push":
        engine.push(report)
        count = report.pushed  # the journal, then the "submitted" moves it leads to
    else:
        engine.pull(report)
        count = report.decisions
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"phase": phase, "count": count, "seconds": seconds, "peak_mb": peak_mb}))
    store.close()


def decide_everything(config: object, agent_id: uuid.UUID) -> int:
    """The back office decides every proposal (straight into the database, not timed)."""
    from sqlalchemy import select

    from app.server import decisions, feed
    from app.server.crypto import ServerKeys
    from app.server.db import make_engine, make_sessionmaker
    from app.server.models import Entity

    engine = make_engine(config.database_url)  # type: ignore[attr-defined]
    keys = ServerKeys(config.master_key)  # type: ignore[attr-defined]
    with make_sessionmaker(engine).begin() as session:
        proposals = list(session.scalars(select(Entity.id).where(
            Entity.entity_type == "proposal", Entity.owner_id == agent_id)))
        items: dict[uuid.UUID, list[Entity]] = {}
        for item in session.scalars(select(Entity).where(Entity.entity_type == "proposal_item",
                                                         Entity.owner_id == agent_id)):
            assert item.parent_id is not None
            items.setdefault(item.parent_id, []).append(item)
        events = []
        for number, proposal_id in enumerate(proposals):
            decided = []
            for item in sorted(items[proposal_id], key=lambda i: i.data["position"]):
                outcome = {"HOSPITA": "accepted", "DENTA": "refused", "MEDICO": "accepted"}[
                    item.data["product_code"]]
                reserve = number % 4 == 0 and item.data["product_code"] == "HOSPITA"
                decided.append({
                    "item_id": str(item.id), "person_id": item.data["person_id"],
                    "product": item.data["product_code"],
                    "outcome": "accepted_with_reservations" if reserve else outcome,
                    "reservations": [{"condition": "knee"}] if reserve else []})
            decision = decisions.build(proposal_id, agent_id, agent_id, decided,
                                       f"GM-{number:06d}", None, keys)
            session.add(decision)
            events.append((agent_id, feed.DECISION, decision.id))
        session.flush()
        feed.append(session, events)
    engine.dispose()
    return len(proposals)


def run_client(phase: str, database: Path, url: str, token: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, "--client", phase, str(database), url,
                             token], capture_output=True, text=True, check=True, cwd=ROOT)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--client", nargs=4, metavar=("PHASE", "DB", "URL", "TOKEN"))
    args = parser.parse_args()
    if args.client:
        phase, database, url, token = args.client
        client(phase, Path(database), url, token)
        return

    from app.server import principals
    from app.server.config import ServerConfig
    from app.server.db import make_engine, make_sessionmaker
    from app.server.migrate import upgrade
    from app.server.testing import ServerProcess, running_cluster

    folder = Path(tempfile.mkdtemp(prefix="propono-bench-sync-"))
    try:
        started = time.perf_counter()
        changes = make_laptop(folder / "prepared.sqlite")
        print(f"laptop prepared: {changes} journalled changes "
              f"({time.perf_counter() - started:.1f} s, not timed)")
        rows = []
        with running_cluster() as cluster:
            cluster.admin('CREATE DATABASE "bench_template"')
            upgrade(cluster.url("bench_template"))
            for run in range(1, args.runs + 1):
                name = cluster.create_database(template="bench_template")
                config = ServerConfig(cluster.url(name), os.urandom(32))
                engine = make_engine(config.database_url)
                with make_sessionmaker(engine).begin() as session:
                    agent, token = principals.create(session, ACCREDITATION, "Bench")
                    agent_id = agent.id
                engine.dispose()
                database = folder / f"run{run}" / "propono.sqlite"
                database.parent.mkdir()
                shutil.copy(folder / "prepared.sqlite", database)
                with ServerProcess(config.database_url, config.master_key) as server:
                    push = run_client("push", database, server.url, token)
                    decided = decide_everything(config, agent_id)
                    pull = run_client("pull", database, server.url, token)
                # Each signed proposal the server confirms becomes "submitted": 1,000 moves
                # the sync itself journals and ships in the same push.
                assert push["count"] == changes + HOUSEHOLDS and pull["count"] == decided
                total = push["seconds"] + pull["seconds"]
                rows.append((push["seconds"], pull["seconds"], total,
                             max(push["peak_mb"], pull["peak_mb"])))
                print(f"run {run}: push {changes} changes (+{HOUSEHOLDS} 'submitted' moves) "
                      f"{push['seconds']:.2f} s, "
                      f"pull {int(pull['count'])} decisions {pull['seconds']:.2f} s, "
                      f"total {total:.2f} s, client peak {rows[-1][3]:.0f} MB")
                cluster.drop_database(name)
        medians = [statistics.median(column) for column in zip(*rows, strict=True)]
        print(f"median over {len(rows)} runs: push {medians[0]:.2f} s, pull {medians[1]:.2f} s, "
              f"total {medians[2]:.2f} s (target < 10 s), client peak memory "
              f"{medians[3]:.0f} MB (target < 200 MB)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
