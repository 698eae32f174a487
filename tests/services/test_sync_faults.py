"""Faults: a server killed in the middle of pushes, answers lost, requests delivered twice,
batches in another order, a laptop clock hours wrong. Afterwards both sides hold exactly
the same data, and every journalled change was applied once: none lost, none doubled."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.server.api import create_app
from app.server.config import ServerConfig
from app.server.testing import PostgresCluster, ServerProcess, ThreadedServer
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.records import ItemData, ProposalData
from app.services.store.database import Store
from app.services.sync import service as sync_service
from app.services.sync.api import HttpTransport, SyncApi, TransportError
from app.services.sync.client import SyncProgress, SyncReport
from app.services.sync.replica import StoreReplica
from tests.server.helpers import sql
from tests.services.sync_helpers import (
    TODAY,
    applied_change_count,
    assert_same_data,
    connect,
    family,
    laptop,
    pending,
    person,
)
from tests.sync_fixtures import TEMPLATE, Account, Enrol, RunningServer

FAST_RETRY: dict[str, Any] = {"backoff": lambda attempt: 0.05, "max_attempts": 600}
ROUNDS = 12  # server kills at random points, each followed by a restart


def work(store: Store, rng: random.Random, households: int = 4) -> None:
    """A few minutes of an agent's work: new families and proposals, edits, a removal."""
    for number in range(households):
        household = hh.create_household(store, family(f"Famille {rng.randrange(10**6)}"),
                                         today=TODAY)
        persons = household.persons
        proposal = pr.create_proposal(store, household.id, ProposalData(items=[
            ItemData(persons[0].id, "HOSPITA"), ItemData(persons[1].id, "DENTA")]))
        pr.save_draft(store, proposal.id, "signing_place", f"Sion {number}", proposal.version)
        if rng.random() < 0.5:
            pr.remove_item(store, proposal.items[1].id)
        data = household.to_data()
        data.persons[0].phone = f"+4179{rng.randrange(10**7):07d}"
        data.persons.append(person(first_name="Noé", birth_date=TODAY.replace(year=2020),
                                   role="child", ahv_number="", phone="", email="", iban=""))
        hh.update_household(store, household.id, data,
                            hh.get_household(store, household.id).version, today=TODAY)


def journal_size(store: Store) -> int:
    from sqlalchemy import func, select

    from app.models import JournalEntry

    with store.reading() as session:
        return int(session.scalar(select(func.count(JournalEntry.id))) or 0)


def test_server_killed_in_the_middle_of_pushes_loses_and_doubles_nothing(
        tmp_path: Path, server_config: ServerConfig, enrol: Enrol) -> None:
    account = enrol("AG-1001")
    anna = laptop(tmp_path, "AG-1001")
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    rng = random.Random(20261121)
    kills = 0
    with ServerProcess(server_config.database_url, server_config.master_key) as server:
        connect(anna, server.url, account.token)
        for _ in range(ROUNDS):
            work(anna, rng)
            # Kill at a random point of the push: after a random number of batches,
            # plus a random few milliseconds (inside the next request or its commit).
            target = rng.randrange(0, pending(anna))
            reached = threading.Event()
            outcome: dict[str, Any] = {}

            def watch(progress: SyncProgress, target: int = target,
                      reached: threading.Event = reached) -> None:
                if progress.phase == "push" and progress.done >= target:
                    reached.set()

            def run(found: dict[str, Any] = outcome, watch: Any = watch) -> None:
                found["report"] = sync_service.synchronise(
                    anna, replica=replica, progress=watch, batch_size=8, **FAST_RETRY)

            syncing = threading.Thread(target=run)
            syncing.start()
            reached.wait(timeout=60)
            time.sleep(rng.uniform(0.0, 0.03))
            if syncing.is_alive():
                kills += 1
            server.kill()
            server.start()
            syncing.join(timeout=120)
            assert not syncing.is_alive() and "report" in outcome
        final = sync_service.synchronise(anna, replica=replica)
    assert kills >= ROUNDS - 2
    assert final.pushed == 0 and pending(anna) == 0
    assert_same_data(anna, server_config, "AG-1001")
    rows, distinct = applied_change_count(server_config)
    assert rows == distinct == journal_size(anna)
    # No half-done request stayed behind as applied: every change maps to one log entry.
    [(unlogged,)] = sql(server_config, "SELECT count(*) FROM applied_changes a LEFT JOIN "
                                       "sync_log s ON s.id = a.sync_id WHERE s.id IS NULL")
    assert unlogged == 0


class LosingAnswers:
    """The request reaches the server, but the answer is lost on the way back."""

    def __init__(self, inner: HttpTransport, rng: random.Random, rate: float) -> None:
        self.inner, self.rng, self.rate = inner, rng, rate
        self.lost = 0

    def request(self, method: str, path: str, body: Any = None,
                query: dict[str, Any] | None = None) -> Any:
        answer = self.inner.request(method, path, body, query)
        if path == "/v1/sync/push" and self.rng.random() < self.rate:
            self.lost += 1
            raise TransportError("connection dropped before the answer arrived")
        return answer


class DeliveringTwice:
    """Every request is sent twice (a proxy retrying on its own)."""

    def __init__(self, inner: HttpTransport) -> None:
        self.inner = inner

    def request(self, method: str, path: str, body: Any = None,
                query: dict[str, Any] | None = None) -> Any:
        self.inner.request(method, path, body, query)
        return self.inner.request(method, path, body, query)


def _sync_with(anna: Store, replica: StoreReplica, transport: Any) -> SyncReport:
    return sync_service.synchronise(anna, transport=transport, replica=replica, batch_size=10,
                                    backoff=lambda attempt: 0.0, max_attempts=50)


@pytest.mark.parametrize("fault", ["lost answers", "double delivery"])
def test_duplicate_delivery_is_applied_once(tmp_path: Path, sync_server: RunningServer,
                                            enrol: Enrol, fault: str) -> None:
    account = enrol("AG-1001")
    anna = laptop(tmp_path, "AG-1001")
    connect(anna, sync_server.url, account.token)
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    rng = random.Random(7)
    work(anna, rng, households=6)
    inner = sync_server.transport(account)
    transport: LosingAnswers | DeliveringTwice = (
        LosingAnswers(inner, rng, 0.5) if fault == "lost answers" else DeliveringTwice(inner))
    report = _sync_with(anna, replica, transport)
    work(anna, rng, households=2)
    _sync_with(anna, replica, transport)
    if isinstance(transport, LosingAnswers):
        assert transport.lost > 0 and report.duplicates > 0  # re-sent after a lost answer
    else:
        assert report.duplicates == report.pushed  # every answer is the second delivery's
    assert pending(anna) == 0
    assert_same_data(anna, sync_server.config, "AG-1001")
    rows, distinct = applied_change_count(sync_server.config)
    assert rows == distinct == journal_size(anna)


def test_batches_in_any_order_converge_to_the_same_data(
        tmp_path: Path, pg_cluster: PostgresCluster, server_config: ServerConfig,
        sync_server: RunningServer, enrol: Enrol) -> None:
    account = enrol("AG-1001")
    anna = laptop(tmp_path, "AG-1001")
    rng = random.Random(11)
    work(anna, rng, households=8)
    changes = StoreReplica(anna).pending_changes(limit=10**6)
    batches = [changes[i:i + 7] for i in range(0, len(changes), 7)]
    # A second server database gets the same batches shuffled, some twice.
    other = pg_cluster.create_database(template=TEMPLATE)
    other_config = ServerConfig(pg_cluster.url(other), server_config.master_key)
    try:
        _copy_principal(server_config, other_config, account)
        with ThreadedServer(create_app(other_config)) as shuffled_server:
            in_order = SyncApi(sync_server.transport(account))
            shuffled = SyncApi(HttpTransport(shuffled_server.url, account.accreditation,
                                             account.token))
            for batch in batches:
                in_order.push(batch)
            mixed = batches + rng.sample(batches, 3)
            rng.shuffle(mixed)
            for batch in mixed:
                shuffled.push(rng.sample(batch, len(batch)))
        from tests.services.sync_helpers import server_state

        ordered = server_state(server_config, "AG-1001")
        reordered = server_state(other_config, "AG-1001")
        assert ordered.keys() == reordered.keys() and len(ordered) > 50
        for record_id, state in ordered.items():
            theirs = reordered[record_id]["state"]
            assert (theirs.fields, theirs.deleted_seq) == (state["state"].fields,
                                                            state["state"].deleted_seq)
    finally:
        pg_cluster.drop_database(other)


def _copy_principal(source: ServerConfig, target: ServerConfig, account: Account) -> None:
    [(principal_id, name, token_hash)] = sql(
        source, "SELECT id, name, token_hash FROM principals WHERE accreditation = :a",
        a=account.accreditation)
    from sqlalchemy import text

    from app.server.db import make_engine

    engine = make_engine(target.database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO principals (id, accreditation, name, role, token_hash, active) "
            "VALUES (:id, :a, :n, 'agent', :t, true)"),
            {"id": principal_id, "a": account.accreditation, "n": name, "t": token_hash})
    engine.dispose()


def test_a_laptop_clock_hours_wrong_changes_nothing(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol,
        monkeypatch: pytest.MonkeyPatch) -> None:
    account = enrol("AG-1001")
    office = sync_server.transport(enrol("BO-1", "backoffice"))
    anna = laptop(tmp_path, "AG-1001")
    connect(anna, sync_server.url, account.token)
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    household = hh.create_household(anna, family(), today=TODAY)
    sync_service.synchronise(anna, replica=replica)
    zoe = household.persons[0]
    # The office corrects the e-mail now; then the laptop, whose clock is 7 hours behind
    # (its journal says "earlier"), changes the phone: both changes stand.
    version = int(office.request("GET", f"/v1/entities/{zoe.id}")["version"])
    office.request("PATCH", f"/v1/office/entities/{zoe.id}",
                   {"base_version": version, "fields": {"email": "zoe@office.ch"}})
    behind: Callable[[], datetime] = lambda: datetime.now(UTC) - timedelta(hours=7)  # noqa: E731
    monkeypatch.setattr("app.services.store.journal.utcnow", behind)
    monkeypatch.setattr("app.models.base.utcnow", behind)
    data = hh.get_household(anna, household.id).to_data()
    data.persons[0].phone = "+41790000007"
    hh.update_household(anna, household.id, data,
                        hh.get_household(anna, household.id).version, today=TODAY)
    late = HttpTransport(sync_server.url, account.accreditation, account.token, clock=behind)
    report = sync_service.synchronise(anna, transport=late, replica=replica)
    assert report.conflicts == [] and report.refused == []
    local = hh.get_household(anna, household.id).persons[0]
    assert (local.phone, local.email) == ("+41790000007", "zoe@office.ch")
    assert_same_data(anna, sync_server.config, "AG-1001")
    [(skew,)] = sql(sync_server.config, "SELECT clock_skew_seconds FROM sync_log "
                                        "WHERE kind = 'push' ORDER BY id DESC LIMIT 1")
    assert abs(skew + 7 * 3600) < 60  # logged, never used to order


def test_an_unreachable_server_interrupts_and_the_next_sync_resumes(
        tmp_path: Path, server_config: ServerConfig, enrol: Enrol) -> None:
    from app.services.sync.client import SyncInterrupted

    account = enrol("AG-1001")
    anna = laptop(tmp_path, "AG-1001")
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    work(anna, random.Random(3), households=3)
    total = pending(anna)
    server = ServerProcess(server_config.database_url, server_config.master_key)
    connect(anna, server.url, account.token)
    with pytest.raises(SyncInterrupted):
        sync_service.synchronise(anna, replica=replica, backoff=lambda attempt: 0.0,
                                 max_attempts=3)
    assert pending(anna) == total  # nothing marked shipped without the server's answer
    with server:
        report = sync_service.synchronise(anna, replica=replica)
    assert report.pushed == total and pending(anna) == 0
    assert_same_data(anna, server_config, "AG-1001")
    from app.services.sync import settings as sync_settings

    assert [r.outcome for r in sync_settings.runs(anna)] == ["ok", "interrupted"]


