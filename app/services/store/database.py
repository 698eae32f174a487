"""The local database: engine, sessions, units of work, migrations on start.

SQLite settings, and why:
- WAL journal: readers never block the writer and a crash mid-commit leaves the
  last committed state intact (the WAL is replayed or ignored on next open).
- foreign_keys=ON: SQLite enforces no foreign key unless asked, per connection.
- synchronous=FULL: in WAL mode NORMAL survives a killed *process* but may lose
  the last commits on *power loss*; agents' laptops run out of battery at the
  client's table, so every commit is fsynced (a few ms, measured in
  benchmarks/bench_store.py). `Store(path, synchronous="NORMAL")` trades that away.
- BEGIN IMMEDIATE for units of work: the write lock is taken at the start, so a
  unit of work never fails half-way on a lock upgrade; busy_timeout waits for the
  sync worker instead of failing at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from app.services.store.crypto import Vault
from app.services.store.journal import track

_SYNCHRONOUS = ("OFF", "NORMAL", "FULL", "EXTRA")


def make_engine(path: Path, *, synchronous: str = "FULL", foreign_keys: bool = True) -> Engine:
    """An engine on `path` with the pragmas above on every connection."""
    if synchronous not in _SYNCHRONOUS:
        raise ValueError(f"synchronous must be one of {_SYNCHRONOUS}")
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event, not the driver, open transactions, so
        # DDL in migrations is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class StoreLocked(Exception):
    """Sensitive data was asked for while no agent is logged in (or the session locked)."""


class Store:
    """One database file. Views never get a session: services open units of work."""

    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        self.path = Path(path)
        self.engine: Engine = make_engine(self.path, synchronous=synchronous)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        track(self._sessions)
        self._local = threading.local()
        self.actor_id: str | None = None  # the logged-in agent, for the audit trail
        self._vault: Vault | None = None

    # -- transactions ---------------------------------------------------------

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: commit at the end of the block, roll back on any error.

        Nested calls in the same thread join the outer unit of work, so services
        compose (`with store.unit_of_work(): create_household(...); create_proposal(...)`)
        and only the outermost block commits.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        session = self._sessions(info={"actor_id": self.actor_id})
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        self._local.session = session
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            self._local.session = None
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot (deferred transaction, never committed)."""
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        session = self._sessions(info={"actor_id": self.actor_id})
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    # -- the logged-in agent --------------------------------------------------

    def unlock(self, actor_id: str, vault: Vault) -> None:
        self.actor_id = actor_id
        self._vault = vault

    def lock(self) -> None:
        """Forget the data key and the actor (inactivity lock, logout)."""
        if self._vault is not None:
            self._vault.close()
        self._vault = None
        self.actor_id = None

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None and self._vault.is_open

    @property
    def vault(self) -> Vault:
        if self._vault is None or not self._vault.is_open:
            raise StoreLocked("log in to read or write sensitive data")
        return self._vault

    def close(self) -> None:
        self.lock()
        self.engine.dispose()


class NotFound(LookupError):
    """No record with that id."""


class StaleRecord(Exception):
    """The record changed since the caller read it (optimistic lock): reload, re-apply."""

    def __init__(self, entity: str, record_id: str, expected: int, actual: int) -> None:
        super().__init__(f"{entity} {record_id} is at version {actual}, not {expected}")
        self.entity = entity
        self.record_id = record_id
        self.expected = expected
        self.actual = actual


def check_version(entity: str, record_id: str, actual: int, expected: int | None) -> None:
    if expected is not None and expected != actual:
        raise StaleRecord(entity, record_id, expected, actual)
