"""What the status bar and the commands call: sync now, conflicts, decisions, bundles.

Every sync and every bundle is logged on the laptop (`sync_settings.runs`) and on the
server (its sync log).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import SyncConflict
from app.models.base import utcnow
from app.services.proposals import decisions as sync_decisions
from app.services.store.database import Store
from app.services.sync import bundle as bundle_format
from app.services.sync import settings
from app.services.sync.api import (
    HttpTransport,
    ServerRefused,
    SyncApi,
    Transport,
    TransportError,
)
from app.services.sync.client import SyncEngine, SyncInterrupted, SyncProgress, SyncReport
from app.services.sync.replica import StoreReplica, document_payload
from app.services.sync.stale_offers import Repricer, release_hook


def api_for(store: Store) -> SyncApi:
    access = settings.server_access(store)
    return SyncApi(HttpTransport(access.url, access.accreditation, access.token))


def engine_for(store: Store, transport: Transport | None = None,
               progress: Callable[[SyncProgress], None] | None = None,
               replica: StoreReplica | None = None, **options: Any) -> SyncEngine:
    api = SyncApi(transport) if transport is not None else api_for(store)
    return SyncEngine(api, replica or StoreReplica(store), progress, **options)


def synchronise(store: Store, transport: Transport | None = None,
                progress: Callable[[SyncProgress], None] | None = None,
                replica: StoreReplica | None = None, repricer: Repricer | None = None,
                **options: Any) -> SyncReport:
    """One sync run, logged; raises SyncInterrupted (resumable) or ServerRefused.

    With a `repricer`, a newer tariff reprices the unsigned offers (stale_offers).
    """
    replica = replica or StoreReplica(store)
    if repricer is not None:
        replica.on_release.append(release_hook(store, repricer))
    engine = engine_for(store, transport, progress, replica, **options)
    run_id = settings.begin_run(store, "sync")
    try:
        report = engine.run()
    except SyncInterrupted as stopped:
        settings.finish_run(store, run_id, "interrupted", stopped.report.summary(),
                            str(stopped.cause))
        raise
    except ServerRefused as refused:
        settings.finish_run(store, run_id, "refused", {}, str(refused))
        raise
    except Exception as error:
        settings.finish_run(store, run_id, "error", {}, repr(error))
        raise
    settings.finish_run(store, run_id, "ok", report.summary())
    return report


def unsynced_changes(store: Store) -> int:
    """Journalled changes the insurer has not confirmed yet (for the status bar)."""
    return StoreReplica(store).count_pending()


def server_reachable(store: Store, timeout: float = 3.0) -> bool:
    """Whether the configured server answers this agent now (for the status bar)."""
    try:
        access = settings.server_access(store)
        SyncApi(HttpTransport(access.url, access.accreditation, access.token,
                              timeout=timeout)).me()
    except (settings.NotConfigured, TransportError, ServerRefused):
        return False
    return True


# -- conflicts ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictRecord:
    id: int
    entity: str
    entity_id: str
    field: str
    mine: Any
    theirs: Any
    created_at: datetime


def open_conflicts(store: Store) -> list[ConflictRecord]:
    with store.reading() as session:
        rows = session.scalars(select(SyncConflict).where(SyncConflict.status == "open")
                               .order_by(SyncConflict.id))
        return [ConflictRecord(r.id, r.entity, r.entity_id, r.field, r.client_value,
                               r.server_value, r.created_at) for r in rows]


def resolve_conflict(store: Store, conflict_id: int, keep: str,
                     transport: Transport | None = None) -> dict[str, Any]:
    """Keep the agent's value ("mine") or the insurer's ("theirs"), on both sides."""
    if keep not in ("mine", "theirs"):
        raise ValueError("keep: 'mine' or 'theirs'")
    return engine_for(store, transport).resolve(conflict_id, keep)


# -- decisions ---------------------------------------------------------------------------

DecisionRecord = sync_decisions.DecisionRecord
decisions_of = sync_decisions.decisions_of


# -- offline bundle ----------------------------------------------------------------------

@dataclass(frozen=True)
class BundleSummary:
    path: Path
    bundle_id: str
    changes: int
    documents: int


class BundleUnavailable(Exception):
    """The laptop cannot write a bundle yet (never synced online: no server key)."""


def export_bundle(store: Store, path: Path, server_public_key: str | None = None,
                  replica: StoreReplica | None = None) -> BundleSummary:
    """Write every unshipped change and document into one encrypted, signed file.

    Nothing is marked shipped: the changes stay pending until an online sync confirms
    them (the server applies each change once, whether it came by bundle or online).
    """
    replica = replica or StoreReplica(store)
    with store.reading() as session:
        server_key = server_public_key or settings.get(session, settings.SERVER_BUNDLE_KEY)
        registered = bool(settings.get(session, settings.KEY_REGISTERED, False))
        accreditation = settings.accreditation(session, store)
    if not server_key:
        raise BundleUnavailable("sync online once (or pass the server's bundle key) "
                                "before writing a bundle")
    if not registered:
        raise BundleUnavailable("this laptop's signing key is not registered yet: "
                                "sync online once before writing a bundle")
    run_id = settings.begin_run(store, "bundle")
    changes = replica.pending_changes(limit=10**9)
    documents = [document_payload(d) for d in replica.pending_documents(limit=10**9)
                 if not d["missing"]]
    bundle_id = uuid.uuid4()
    data = bundle_format.encode(
        accreditation=accreditation, signing_key=settings.signing_key(store),
        server_public_key=base64.b64decode(server_key), changes=changes,
        documents=documents, created_at=utcnow().isoformat(), bundle_id=bundle_id)
    bundle_format.write(path, data)
    settings.finish_run(store, run_id, "ok", {"changes": len(changes),
                                              "documents": len(documents),
                                              "bundle": str(bundle_id), "file": str(path)})
    return BundleSummary(path, str(bundle_id), len(changes), len(documents))
