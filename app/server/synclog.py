"""Every sync request is logged: who, what, when (server clock), the client's clock, counts.

Each entry is written in its own short transaction before the work starts and closed
after it, so a request that fails or whose server dies still leaves its trace.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from app.server.models import SyncLog

log = logging.getLogger("propono.server.sync")


def parse_client_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def start(sessions: sessionmaker[Session], principal_id: uuid.UUID | None, kind: str,
          client_time: datetime | None = None, remote: str | None = None) -> int:
    now = datetime.now(UTC)
    # The client's clock is recorded, never trusted: ordering uses journal sequences.
    skew = int((client_time - now).total_seconds()) if client_time else None
    with sessions.begin() as session:
        entry = SyncLog(principal_id=principal_id, kind=kind, started_at=now,
                        client_time=client_time, clock_skew_seconds=skew, remote=remote,
                        counts={}, outcome="running")
        session.add(entry)
        session.flush()
        return entry.id


def finish(sessions: sessionmaker[Session], entry_id: int, counts: dict[str, Any],
           outcome: str = "ok", detail: str | None = None) -> None:
    with sessions.begin() as session:
        session.execute(update(SyncLog).where(SyncLog.id == entry_id).values(
            finished_at=datetime.now(UTC), counts=counts, outcome=outcome, detail=detail))
    log.info("sync %s %s %s", entry_id, outcome, counts)
