"""The local store as the sync engine sees it (`LocalReplica` of app.services.sync.client).

Rules that keep both sides equal and lose nothing:
- a journal row is marked shipped in the transaction that records the server's answer;
- each change carries the fields it changed (against the record's previous snapshot)
  and the server version the record reflected when the agent made it (`base_version`);
- back-office values are written into a local record only when that record has no
  unshipped change, and never over a field in an open conflict; the journal row this
  write makes is marked shipped at once (the server has the values already). A record
  with unshipped changes keeps its older base, so the next push returns them again;
- signed proposals (and their items and answers) are never changed from the server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.models import (
    Document,
    JournalEntry,
    Proposal,
    SyncConflict,
    SyncDocument,
    SyncEntity,
)
from app.models.base import utcnow
from app.services.proposals import decisions as sync_decisions
from app.services.store.database import Store
from app.services.store.journal import snapshot
from app.services.sync import settings
from app.services.sync.release_check import check_release
from app.services.sync.wire import (
    BOOKKEEPING,
    MODELS,
    SENSITIVE,
    changed,
    local_value,
    to_change,
    wire_fields,
)

log = logging.getLogger("propono.sync")

EDITABLE = frozenset({"draft", "ready", "cancelled"})  # any other status: signed, frozen
SIGNED_PARTS = frozenset({"proposal_item", "answer_set"})


@dataclass
class _Reconcile:
    entity: str
    full: dict[str, Any] = field(default_factory=dict)
    version: int | None = None
    office: dict[str, Any] = field(default_factory=dict)
    conflicted: set[str] = field(default_factory=set)
    deleted: bool = False


class StoreReplica:
    def __init__(self, store: Store, documents_root: Path | None = None,
                 releases_root: Path | None = None) -> None:
        from app.paths import data_dir

        self.store = store
        self.documents_root = documents_root or store.path.parent
        self.releases_root = releases_root or data_dir() / "updates"
        self._shipping: dict[str, tuple[str, str, dict[str, Any]]] = {}
        self.on_release: list[Any] = []  # callables (release, folder) -> None, e.g. repricing

    # -- push ------------------------------------------------------------------------

    def count_pending(self) -> int:
        with self.store.reading() as session:
            return int(session.scalar(select(func.count(JournalEntry.id))
                                      .where(JournalEntry.shipped_at.is_(None))) or 0)

    def pending_changes(self, limit: int) -> list[dict[str, Any]]:
        vault = self.store.vault
        with self.store.reading() as session:
            # Plain rows, not ORM objects: the push reads thousands of them.
            rows = session.execute(
                select(JournalEntry.id, JournalEntry.sequence, JournalEntry.entity,
                       JournalEntry.entity_id, JournalEntry.operation, JournalEntry.payload,
                       JournalEntry.created_at)
                .where(JournalEntry.shipped_at.is_(None))
                .order_by(JournalEntry.sequence).limit(limit)).all()
            known = {s.entity_id: (s.server_version, dict(s.shadow)) for s in session.scalars(
                select(SyncEntity).where(SyncEntity.entity_id.in_({r.entity_id for r in rows})))}
        previous = {eid: shadow for eid, (_, shadow) in known.items()}
        changes = []
        for row in rows:
            sensitive: list[str] = []
            if row.operation == "delete":
                full, fields = previous.get(row.entity_id, {}), {}
            else:
                full, sensitive = wire_fields(row.entity, row.entity_id, row.payload, vault)
                base = None if row.operation == "insert" else previous.get(row.entity_id)
                fields = changed(base, full)
            previous[row.entity_id] = full
            change = to_change(row, fields, sensitive, known.get(row.entity_id, (0, {}))[0], full)
            self._shipping[row.id] = (row.entity, row.entity_id, full)
            changes.append(change)
        return changes

    def record_push(self, changes: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        now = utcnow()
        with self.store.unit_of_work() as session:
            session.execute(update(JournalEntry).where(
                JournalEntry.id.in_([c["change_id"] for c in changes]),
                JournalEntry.shipped_at.is_(None)).values(shipped_at=now))
            open_fields = {(row.entity_id, row.field) for row in session.execute(
                select(SyncConflict.entity_id, SyncConflict.field)
                .where(SyncConflict.status == "open"))}
            touched: dict[str, _Reconcile] = {}
            settled: set[tuple[str, str]] = set()
            for change, result in zip(changes, results, strict=True):
                cached = self._shipping.pop(change["change_id"], None)
                entity, entity_id, full = cached or self._snapshot_of(session, change)
                info = touched.setdefault(entity_id, _Reconcile(entity))
                info.full = full
                info.deleted = change["op"] == "delete"
                if result["status"] == "refused":
                    log.warning("server refused change %s (%s %s): %s", change["change_id"],
                                entity, entity_id, result.get("reason"))
                    continue
                info.version = max(info.version or 0, int(result["version"]))
                info.office.update(result.get("office_fields") or {})
                applied = set(change["fields"])
                for conflict in result.get("conflicts") or []:
                    applied.discard(conflict["field"])
                    info.conflicted.add(conflict["field"])
                    self._keep_conflict(session, entity, entity_id, conflict, now)
                # The agent wrote the field again after a conflict: the server took it.
                settled.update((entity_id, name) for name in applied
                               if (entity_id, name) in open_fields)
            for entity_id, name in settled:
                session.execute(update(SyncConflict).where(
                    SyncConflict.entity_id == entity_id, SyncConflict.field == name,
                    SyncConflict.status == "open").values(status="superseded"))
            busy = self._with_pending(session, set(touched))
            versions = dict(session.execute(select(SyncEntity.entity_id, SyncEntity.server_version)
                                            .where(SyncEntity.entity_id.in_(set(touched)))).all())
            rows = []
            for entity_id, info in touched.items():
                version, shadow = int(versions.get(entity_id, 0)), info.full
                # With later changes still unshipped, keep the older base they were made at.
                if entity_id not in busy and info.version is not None:
                    office = {k: v for k, v in info.office.items() if k not in info.conflicted}
                    if office and not info.deleted:
                        shadow = self._apply_server_fields(
                            session, info.entity, entity_id, office, now) or shadow
                    version = max(version, info.version)
                rows.append({"entity_id": entity_id, "entity": info.entity,
                             "server_version": version, "shadow": shadow})
            statement = sqlite_insert(SyncEntity)
            session.execute(statement.on_conflict_do_update(
                index_elements=[SyncEntity.entity_id],
                set_={"server_version": statement.excluded.server_version,
                      "shadow": statement.excluded.shadow}), rows)
        # A signed proposal the insurer now holds is "submitted" (lifecycle: signed ->
        # submitted); the move itself is journalled and goes out with the next push.
        self._submit([entity_id for entity_id, info in touched.items()
                      if info.entity == "proposal" and info.version is not None
                      and info.full.get("status") == "signed"], now)

    def _submit(self, proposal_ids: list[str], now: datetime) -> None:
        """lifecycle.submit for each (no guard: signed -> submitted), in one unit of work."""
        from app.services.proposals import lifecycle
        from app.services.store import audit

        if not proposal_ids:
            return
        actor = self.store.actor_id or "sync"
        with self.store.unit_of_work() as session:
            rows = session.scalars(select(Proposal).where(Proposal.id.in_(proposal_ids),
                                                          Proposal.status == "signed"))
            trail = []
            for row in rows:
                moved = lifecycle.submit(lifecycle.Proposal(row.id, (), status=lifecycle.S.SIGNED),
                                         actor=actor, at=now)
                row.status = moved.proposal.status.value
                for event in moved.events:
                    trail.append(audit.entry(actor, "transition", event.subject,
                                             event.subject_id, ["status"],
                                             {"from": event.from_state, "to": event.to_state,
                                              "reason": event.reason,
                                              "proposal_id": event.proposal_id}, at=event.at))
            session.flush()
            audit.write_many(session.connection(), trail)

    def _snapshot_of(self, session: Session,
                     change: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        """The full wire snapshot of a change this replica did not read itself."""
        entity, entity_id = change["entity_type"], change["entity_id"]
        payload = session.scalar(select(JournalEntry.payload).where(
            JournalEntry.id == change["change_id"]))
        if change["op"] == "delete" or payload is None:
            shadow = session.scalar(select(SyncEntity.shadow).where(
                SyncEntity.entity_id == entity_id))
            return entity, entity_id, dict(shadow or {})
        return entity, entity_id, wire_fields(entity, entity_id, payload, self.store.vault)[0]

    def _with_pending(self, session: Session, ids: set[str]) -> set[str]:
        if not ids:
            return set()
        return set(session.scalars(select(JournalEntry.entity_id).distinct().where(
            JournalEntry.shipped_at.is_(None), JournalEntry.entity_id.in_(ids))))

    def _keep_conflict(self, session: Session, entity: str, entity_id: str,
                       conflict: dict[str, Any], now: datetime) -> None:
        if session.get(SyncConflict, int(conflict["id"])) is None:
            session.add(SyncConflict(
                id=int(conflict["id"]), entity=entity, entity_id=entity_id,
                field=conflict["field"], base_version=int(conflict["base_version"]),
                server_version=int(conflict["server_version"]),
                server_value=conflict["server_value"], client_value=conflict["client_value"],
                status="open", created_at=now))

    def _open_conflict_fields(self, session: Session, entity_id: str) -> set[str]:
        return set(session.scalars(select(SyncConflict.field).where(
            SyncConflict.entity_id == entity_id, SyncConflict.status == "open")))

    def _signed(self, session: Session, entity: str, row: Any) -> bool:
        if entity == "proposal":
            return row.status not in EDITABLE
        if entity in SIGNED_PARTS:
            proposal = session.get(Proposal, row.proposal_id)
            return proposal is not None and proposal.status not in EDITABLE
        return False

    def _apply_server_fields(self, session: Session, entity: str, entity_id: str,
                             fields: dict[str, Any], now: datetime) -> dict[str, Any] | None:
        """Write server values into the local record; returns its new wire snapshot."""
        model = MODELS[entity]
        row = session.get(model, entity_id)
        if row is None:
            return None
        secret = SENSITIVE.get(entity)
        usable = {k: v for k, v in fields.items()
                  if k not in BOOKKEEPING and k in model.__mapper__.columns
                  and (secret is None or k != secret.column)}
        if usable and not self._signed(session, entity, row):
            for name, value in usable.items():
                setattr(row, name, local_value(model, name, value))
            session.flush()
            # The server has these values: the journal row of this write is shipped already.
            session.execute(update(JournalEntry).where(
                JournalEntry.entity_id == entity_id, JournalEntry.shipped_at.is_(None))
                .values(shipped_at=now))
        return wire_fields(entity, entity_id, snapshot(row), self.store.vault)[0]

    # -- documents -------------------------------------------------------------------

    def pending_documents(self, limit: int) -> list[dict[str, Any]]:
        with self.store.reading() as session:
            rows = session.execute(
                select(Document.id, Document.proposal_id, Document.kind, Document.language,
                       Document.path, Document.sha256)
                .where(Document.id.not_in(select(SyncDocument.document_id)))
                .order_by(Document.created_at).limit(limit)).all()
        found = []
        for row in rows:
            path = self.documents_root / row.path
            content = path.read_bytes() if path.is_file() else b""
            found.append({"id": row.id, "proposal_id": row.proposal_id, "kind": row.kind,
                          "language": row.language, "filename": Path(row.path).name,
                          "sha256": row.sha256 if content else hashlib.sha256(b"").hexdigest(),
                          "content": content, "missing": not content})
        return found

    def record_document(self, document_id: str, status: str) -> None:
        with self.store.unit_of_work() as session:
            if session.get(SyncDocument, document_id) is None:
                session.add(SyncDocument(document_id=document_id, status=status,
                                         shipped_at=utcnow()))

    # -- pull ------------------------------------------------------------------------

    def pull_cursor(self) -> int:
        with self.store.reading() as session:
            return int(settings.get(session, settings.CURSOR, 0))

    def apply_events(self, events: list[dict[str, Any]], cursor: int) -> None:
        now = utcnow()
        with self.store.unit_of_work() as session:
            for event in events:
                if event["kind"] == "entity":
                    self._apply_entity_event(session, event["entity"], now)
            sync_decisions.record(self.store, session, [
                (int(e["seq"]), e["decision"]) for e in events if e["kind"] == "decision"], now)
            settings.put(session, settings.CURSOR, cursor)

    def _apply_entity_event(self, session: Session, entity: dict[str, Any],
                            now: datetime) -> None:
        entity_id = str(entity["id"])
        state = session.get(SyncEntity, entity_id)
        if state is None or int(entity["version"]) <= state.server_version:
            return
        if self._with_pending(session, {entity_id}):
            return  # the next push answers with these values, against the right base
        skip = self._open_conflict_fields(session, entity_id)
        fields = {k: v for k, v in entity["fields"].items() if k not in skip}
        full = self._apply_server_fields(session, state.entity, entity_id, fields, now)
        if full is not None:
            state.shadow = full
        state.server_version = int(entity["version"])

    # -- catalogue and tariff releases --------------------------------------------------

    def release_versions(self) -> dict[str, str | None]:
        with self.store.reading() as session:
            return {"catalogue": settings.get(session, settings.CATALOGUE_VERSION),
                    "tariff": settings.get(session, settings.TARIFF_VERSION)}

    def apply_release(self, release: dict[str, Any]) -> None:
        """Unpack into `updates/<kind>/<version>/`, then switch the version (crash-safe).
        Raises ValueError, naming the problems, for a release that fails the checks: the
        version in use stays."""
        problems = check_release(str(release.get("kind")), release.get("payload"))
        if problems:
            raise ValueError("; ".join(problems))
        folder = self.releases_root / release["kind"] / _safe(release["version"])
        staging = folder.with_name(folder.name + ".part")
        staging.mkdir(parents=True, exist_ok=True)
        payload = release["payload"]
        (staging / "release.json").write_text(json.dumps(payload, ensure_ascii=False),
                                              encoding="utf-8")
        for name, text in (payload.get("files") or {}).items():
            (staging / _safe(name)).write_text(str(text), encoding="utf-8")
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        staging.replace(folder)
        key = settings.CATALOGUE_VERSION if release["kind"] == "catalogue" else \
            settings.TARIFF_VERSION
        with self.store.unit_of_work() as session:
            settings.put(session, key, release["version"])
        for hook in self.on_release:
            hook(release, folder)

    # -- identity --------------------------------------------------------------------

    def signing_key_to_register(self) -> str | None:
        key = settings.signing_key(self.store)
        with self.store.reading() as session:
            done = settings.get(session, settings.KEY_REGISTERED, False)
        return None if done else settings.public_key_b64(key)

    def record_server_identity(self, me: dict[str, Any], key_registered: bool) -> None:
        with self.store.unit_of_work() as session:
            settings.put(session, settings.SERVER_BUNDLE_KEY, me.get("bundle_public_key"))
            if key_registered:
                settings.put(session, settings.KEY_REGISTERED, True)

    # -- conflicts -------------------------------------------------------------------

    def apply_resolution(self, answer: dict[str, Any]) -> None:
        now = utcnow()
        with self.store.unit_of_work() as session:
            conflict = session.get(SyncConflict, int(answer["id"]))
            if conflict is None:
                return
            conflict.status = answer["status"]
            state = session.get(SyncEntity, conflict.entity_id)
            if state is None or self._with_pending(session, {conflict.entity_id}):
                return
            if answer["status"] == "theirs":
                full = self._apply_server_fields(session, conflict.entity, conflict.entity_id,
                                                 {conflict.field: answer["value"]}, now)
                if full is not None:
                    state.shadow = full
            state.server_version = max(state.server_version, int(answer["version"]))


def _safe(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in str(name))
    if not cleaned or cleaned.startswith("."):
        raise ValueError(f"unusable release name {name!r}")
    return cleaned


def document_payload(document: dict[str, Any]) -> dict[str, Any]:
    """A pending document as the bundle carries it (content in base64)."""
    wire = {k: v for k, v in document.items() if k not in ("content", "missing")}
    wire["content"] = base64.b64encode(document["content"]).decode()
    return wire
