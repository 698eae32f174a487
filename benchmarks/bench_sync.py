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
medians: wall time, and CPU time of the client, of `propono serve` and of PostgreSQL (all
its processes) during each phase, since a shared machine's wall time is noisy.

    .venv/bin/python benchmarks/bench_sync.py [--runs 3] [--synchronous NORMAL]

The laptop database runs with synchronous=FULL, as the application opens it (the figures
of session 1 were measured with NORMAL: `--synchronous NORMAL` measures that way). Each
run line ends with the load average, since other jobs on the machine slow it down.
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
    from app.services.store.crypto import KdfParams
    from app.services.store.schema import open_store

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


def client(phase: str, database: Path, url: str, token: str, synchronous: str) -> None:
    """One sync phase in this (fresh) process; prints seconds, CPU and peak memory."""
    from app.services import agents
    from app.services.store.schema import open_store
    from app.services.sync import settings as sync_settings
    from app.services.sync.api import HttpTransport, SyncApi
    from app.services.sync.client import SyncEngine, SyncReport
    from app.services.sync.replica import StoreReplica

    store = open_store(database, synchronous=synchronous)
    agents.login(store, PASSWORD)
    sync_settings.configure(store, url, token)
    engine = SyncEngine(SyncApi(HttpTransport(url, ACCREDITATION, token)),
                        StoreReplica(store, releases_root=database.parent / "updates"),
                        batch_size=1000, pull_limit=500)
    report = SyncReport()
    started, cpu_started = time.perf_counter(), time.process_time()
    if phase == "push":
        engine.push(report)
        count = report.pushed  # the journal, then the "submitted" moves it leads to
    else:
        engine.pull(report)
        count = report.decisions
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"phase": phase, "count": count, "seconds": seconds, "cpu": cpu,
                      "peak_mb": peak_mb}))
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


def _cpu_seconds(pid: int, children: bool = False) -> float:
    """User + system CPU of a live process (Linux /proc), with its reaped children's."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _postgres_cpu(postmaster: int) -> float:
    """The postmaster, its live backends, and the backends that have exited."""
    total = _cpu_seconds(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    total += _cpu_seconds(int(entry.name))
            except (OSError, ValueError):
                continue  # exited meanwhile
    return total


def run_client(phase: str, database: Path, url: str, token: str, synchronous: str,
               server_pid: int, postmaster: int) -> dict[str, float]:
    server, postgres = _cpu_seconds(server_pid), _postgres_cpu(postmaster)
    # The token travels in the environment: one starting with "-" (1 in 64) is an option
    # to argparse, and the client failed now and then with "expected 4 arguments".
    result = subprocess.run([sys.executable, __file__, "--client", phase, str(database), url,
                             synchronous], capture_output=True, text=True, cwd=ROOT,
                            env=dict(os.environ, PROPONO_BENCH_TOKEN=token))
    if result.returncode != 0:
        raise RuntimeError(f"the {phase} client failed:\n{result.stderr}")
    found = dict(json.loads(result.stdout.strip().splitlines()[-1]))
    found["server_cpu"] = _cpu_seconds(server_pid) - server
    found["postgres_cpu"] = _postgres_cpu(postmaster) - postgres
    return found


def _cpu_line(row: dict[str, float]) -> str:
    return ", ".join(f"{phase} CPU client {row[f'{phase}_cpu']:.2f} s, "
                     f"server {row[f'{phase}_server_cpu']:.2f} s, "
                     f"postgres {row[f'{phase}_postgres_cpu']:.2f} s" for phase in ("push", "pull"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--synchronous", choices=("FULL", "NORMAL"), default="FULL",
                        help="the laptop database's setting: FULL as the application uses "
                             "(default); NORMAL as the figures of session 1 were measured")
    parser.add_argument("--client", nargs=4, metavar=("PHASE", "DB", "URL", "SYNC"))
    args = parser.parse_args()
    if args.client:
        phase, database, url, synchronous = args.client
        client(phase, Path(database), url, os.environ["PROPONO_BENCH_TOKEN"], synchronous)
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
            postmaster = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
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
                    assert server.process is not None
                    pids = (server.process.pid, postmaster)
                    push = run_client("push", database, server.url, token, args.synchronous,
                                      *pids)
                    decided = decide_everything(config, agent_id)
                    pull = run_client("pull", database, server.url, token, args.synchronous,
                                      *pids)
                # Each signed proposal the server confirms becomes "submitted": 1,000 moves
                # the sync itself journals and ships in the same push.
                assert push["count"] == changes + HOUSEHOLDS and pull["count"] == decided
                row = {"push": push["seconds"], "pull": pull["seconds"],
                       "total": push["seconds"] + pull["seconds"],
                       "peak_mb": max(push["peak_mb"], pull["peak_mb"])}
                for where in ("cpu", "server_cpu", "postgres_cpu"):
                    row[f"push_{where}"], row[f"pull_{where}"] = push[where], pull[where]
                rows.append(row)
                print(f"run {run}: push {changes} changes (+{HOUSEHOLDS} 'submitted' moves) "
                      f"{push['seconds']:.2f} s, "
                      f"pull {int(pull['count'])} decisions {pull['seconds']:.2f} s, "
                      f"total {row['total']:.2f} s, client peak {row['peak_mb']:.0f} MB; "
                      f"{_cpu_line(row)}; load average {os.getloadavg()[0]:.1f}")
                cluster.drop_database(name)
        medians = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
        print(f"median over {len(rows)} runs: push {medians['push']:.2f} s, "
              f"pull {medians['pull']:.2f} s, total {medians['total']:.2f} s (target < 10 s), "
              f"client peak memory {medians['peak_mb']:.0f} MB (target < 200 MB); "
              f"{_cpu_line(medians)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
