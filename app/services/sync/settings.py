"""The laptop's sync settings: server, token, laptop signing key, cursor, versions, run log.

The token and the laptop's Ed25519 key are secrets: encrypted with the agent's data key
(the same vault as health data), so a copied database file does not reveal them.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Agent, SyncRun, SyncSetting
from app.models.base import utcnow
from app.services.store.database import Store

SERVER_URL = "server_url"
TOKEN = "token"
SIGNING_KEY = "signing_key"
KEY_REGISTERED = "signing_key_registered"
SERVER_BUNDLE_KEY = "server_bundle_key"
CURSOR = "pull_cursor"
CATALOGUE_VERSION = "catalogue_version"
TARIFF_VERSION = "tariff_version"


class NotConfigured(Exception):
    """No server or token yet: `propono sync --server URL --token TOKEN` once."""


def get(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SyncSetting, key)
    return default if row is None or row.value is None else row.value


def put(session: Session, key: str, value: Any) -> None:
    row = session.get(SyncSetting, key)
    if row is None:
        session.add(SyncSetting(key=key, value=value))
    else:
        row.value = value


def _put_secret(store: Store, session: Session, key: str, secret: bytes) -> None:
    blob = store.vault.encrypt(secret, table="sync_settings", column="secret", row_id=key)
    row = session.get(SyncSetting, key)
    if row is None:
        session.add(SyncSetting(key=key, secret=blob))
    else:
        row.secret = blob


def _get_secret(store: Store, session: Session, key: str) -> bytes | None:
    row = session.get(SyncSetting, key)
    if row is None or row.secret is None:
        return None
    return store.vault.decrypt(row.secret, table="sync_settings", column="secret", row_id=key)


@dataclass(frozen=True)
class ServerAccess:
    url: str
    accreditation: str
    token: str


def accreditation(session: Session, store: Store) -> str:
    query = select(Agent.accreditation_number)
    if store.actor_id:
        query = query.where(Agent.id == store.actor_id)
    found = session.scalar(query.limit(1))
    if found is None:
        raise NotConfigured("no agent profile in this database")
    return str(found)


def configure(store: Store, url: str, token: str) -> None:
    with store.unit_of_work() as session:
        put(session, SERVER_URL, url.rstrip("/"))
        _put_secret(store, session, TOKEN, token.encode())


def server_access(store: Store) -> ServerAccess:
    with store.reading() as session:
        url = get(session, SERVER_URL)
        token = _get_secret(store, session, TOKEN)
        if not url or token is None:
            raise NotConfigured("no sync server configured: run `propono sync --server URL "
                                "--token TOKEN` once")
        return ServerAccess(str(url), accreditation(session, store), token.decode())


def signing_key(store: Store) -> Ed25519PrivateKey:
    """The laptop's bundle signing key, made on first use."""
    with store.unit_of_work() as session:
        raw = _get_secret(store, session, SIGNING_KEY)
        if raw is None:
            key = Ed25519PrivateKey.generate()
            _put_secret(store, session, SIGNING_KEY, key.private_bytes_raw())
            put(session, KEY_REGISTERED, False)
            return key
        return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_b64(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


# -- the laptop's sync log ------------------------------------------------------------------

def begin_run(store: Store, kind: str) -> str:
    run_id = str(uuid.uuid4())
    with store.unit_of_work() as session:
        session.add(SyncRun(id=run_id, kind=kind, outcome="running", counts={}))
    return run_id


def finish_run(store: Store, run_id: str, outcome: str, counts: dict[str, Any],
               detail: str | None = None) -> None:
    with store.unit_of_work() as session:
        run = session.get(SyncRun, run_id)
        if run is not None:
            run.finished_at = utcnow()
            run.outcome = outcome
            run.counts = counts
            run.detail = detail


@dataclass(frozen=True)
class RunRecord:
    id: str
    kind: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    counts: dict[str, Any]
    detail: str | None


def runs(store: Store, limit: int = 50) -> list[RunRecord]:
    with store.reading() as session:
        rows = session.scalars(select(SyncRun).order_by(SyncRun.created_at.desc()).limit(limit))
        return [RunRecord(r.id, r.kind, r.created_at, r.finished_at, r.outcome, dict(r.counts),
                          r.detail) for r in rows]
