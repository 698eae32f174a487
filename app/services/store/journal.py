"""The change journal (outbox): every change of a business record, in its transaction.

`track(sessionmaker)` hooks SQLAlchemy's after_flush: for each inserted, updated or
deleted record it appends a journal row (and an audit entry) through the same
connection, so the change and its journal row commit or vanish together. The sync
reads `pending()` in `sequence` order and calls `mark_shipped()` once the insurer
acknowledged the idempotency key.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from app.models import (
    AnswerSet,
    Document,
    Household,
    JournalEntry,
    OfferPricing,
    Person,
    Proposal,
    ProposalItem,
    Reservation,
    Signature,
)
from app.models.base import new_id, utcnow
from app.services.store import audit

if TYPE_CHECKING:  # the store calls the journal; this module only names it
    from app.services.store.database import Store

# Entity names the sync and the insurer see.
ENTITIES: dict[type[Any], str] = {
    Household: "household",
    Person: "person",
    Proposal: "proposal",
    ProposalItem: "proposal_item",
    AnswerSet: "answer_set",
    Reservation: "reservation",
    Document: "document",
    Signature: "signature",
    OfferPricing: "offer_pricing",
}


def to_json_value(value: Any) -> Any:
    """Column value as JSON: Decimal and dates as text, ciphertext as base64."""
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


_KEYS: dict[type[Any], tuple[str, ...]] = {}


def _column_keys(cls: type[Any]) -> tuple[str, ...]:
    keys = _KEYS.get(cls)
    if keys is None:
        keys = _KEYS[cls] = tuple(attr.key for attr in cls.__mapper__.column_attrs)
    return keys


def snapshot(record: Any) -> dict[str, Any]:
    return {key: to_json_value(getattr(record, key)) for key in _column_keys(type(record))}


_IGNORED = frozenset({"updated_at", "version"})


def changed_fields(record: Any) -> list[str]:
    """Columns whose value changed since the last flush (bookkeeping columns aside).

    Only attributes set since then have an entry in the state's `committed_state` (the
    history of any other one is empty), so only those histories are asked for: asking
    every column's was most of the journal's cost when a sync updates thousands of rows.
    """
    from sqlalchemy import inspect
    from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, get_history

    state = inspect(record)
    columns = _column_keys(type(record))
    return sorted(
        key
        for key in state.committed_state
        if key in columns and key not in _IGNORED
        and get_history(record, key, PASSIVE_NO_INITIALIZE).has_changes()
    )


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    changes: list[tuple[str, Any, list[str]]] = []
    for record in session.new:
        if type(record) in ENTITIES:
            changes.append(("insert", record, sorted(_column_keys(type(record)))))
    for record in session.dirty:
        if type(record) in ENTITIES:
            # No changed column (e.g. only a collection changed): no journal row.
            fields = changed_fields(record)
            if fields:
                changes.append(("update", record, fields))
    for record in session.deleted:
        if type(record) in ENTITIES:
            changes.append(("delete", record, []))
    if not changes:
        return
    connection = session.connection()
    last = connection.execute(select(func.coalesce(func.max(JournalEntry.sequence), 0))).scalar_one()
    now = utcnow()
    actor = session.info.get("actor_id")
    rows, trail = [], []
    for offset, (operation, record, fields) in enumerate(changes, start=1):
        entity = ENTITIES[type(record)]
        payload = {"id": record.id} if operation == "delete" else snapshot(record)
        rows.append(
            {
                "id": new_id(),
                "created_at": now,
                "sequence": last + offset,
                "entity": entity,
                "entity_id": record.id,
                "operation": operation,
                "idempotency_key": f"{entity}:{record.id}:v{record.version}:{operation}",
                "payload": payload,
                "shipped_at": None,
            }
        )
        trail.append(audit.entry(actor, operation, entity, record.id, fields, at=now))
    connection.execute(insert(JournalEntry), rows)
    audit.write_many(connection, trail)


def track(sessions: sessionmaker[Session]) -> None:
    from sqlalchemy import event

    event.listen(sessions, "after_flush", _after_flush)


@dataclass(frozen=True)
class JournalRecord:
    id: str
    sequence: int
    entity: str
    entity_id: str
    operation: str
    idempotency_key: str
    payload: dict[str, Any]
    created_at: datetime
    shipped_at: datetime | None


def _record(row: JournalEntry) -> JournalRecord:
    return JournalRecord(
        id=row.id,
        sequence=row.sequence,
        entity=row.entity,
        entity_id=row.entity_id,
        operation=row.operation,
        idempotency_key=row.idempotency_key,
        payload=row.payload,
        created_at=row.created_at,
        shipped_at=row.shipped_at,
    )


def pending(store: Store, limit: int = 500) -> list[JournalRecord]:
    """Changes not shipped yet, oldest first."""
    with store.reading() as session:
        rows = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.shipped_at.is_(None))
            .order_by(JournalEntry.sequence)
            .limit(limit)
        )
        return [_record(row) for row in rows]


def entries_for(store: Store, entity_id: str) -> list[JournalRecord]:
    with store.reading() as session:
        rows = session.scalars(
            select(JournalEntry)
            .where(JournalEntry.entity_id == entity_id)
            .order_by(JournalEntry.sequence)
        )
        return [_record(row) for row in rows]


# Encrypted columns of journalled entities: (table, column) for the data key's AAD.
ENCRYPTED: dict[str, tuple[str, str]] = {
    "answer_set": ("answer_sets", "answers_ciphertext"),
    "reservation": ("reservations", "details_ciphertext"),
    "signature": ("signatures", "image_ciphertext"),
}


def plain_payload(store: Store, entry: JournalRecord) -> dict[str, Any]:
    """The payload with its encrypted column decrypted (needs a logged-in agent).

    For the sync, right before sending over its encrypted channel: JSON answers and
    reservation details come back as objects, signature images as base64 text.
    """
    payload = dict(entry.payload)
    target = ENCRYPTED.get(entry.entity)
    if target is None or entry.operation == "delete":
        return payload
    table, column = target
    blob = base64.b64decode(payload.pop(column)["$base64"])
    plain = store.vault.decrypt(blob, table=table, column=column, row_id=entry.entity_id)
    name = column.removesuffix("_ciphertext")
    payload[name] = (
        base64.b64encode(plain).decode("ascii") if entry.entity == "signature" else json.loads(plain)
    )
    return payload


def purge_shipped(store: Store, before: datetime) -> int:
    """Delete journal rows shipped before `before` (they hold personal data in clear)."""
    with store.unit_of_work() as session:
        result = session.execute(
            delete(JournalEntry).where(
                JournalEntry.shipped_at.is_not(None), JournalEntry.shipped_at < before
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def mark_shipped(store: Store, ids: list[str], at: datetime | None = None) -> int:
    """Mark journal rows as acknowledged by the insurer; returns how many changed."""
    with store.unit_of_work() as session:
        result = session.execute(
            update(JournalEntry)
            .where(JournalEntry.id.in_(ids), JournalEntry.shipped_at.is_(None))
            .values(shipped_at=at or utcnow())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
