"""The change journal (outbox): every change of a business record, in its transaction.

`track(sessionmaker)` hooks SQLAlchemy's after_flush: for each inserted, updated or
deleted record it appends a journal row (and an audit entry) through the same
connection, so the change and its journal row commit or vanish together. The sync
reads `pending()` in `sequence` order and calls `mark_shipped()` once the insurer
acknowledged the idempotency key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, update
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
from app.services import audit
from app.services.store import Store

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


def snapshot(record: Any) -> dict[str, Any]:
    mapper = record.__mapper__
    return {attr.key: to_json_value(getattr(record, attr.key)) for attr in mapper.column_attrs}


def changed_fields(record: Any) -> list[str]:
    from sqlalchemy import inspect

    state = inspect(record)
    ignored = {"updated_at", "version"}
    return sorted(
        attr.key
        for attr in state.mapper.column_attrs
        if attr.key not in ignored and state.attrs[attr.key].history.has_changes()
    )


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    changes: list[tuple[str, Any, list[str]]] = []
    for record in session.new:
        if type(record) in ENTITIES:
            changes.append(("insert", record, sorted(snapshot(record))))
    for record in session.dirty:
        if type(record) in ENTITIES and session.is_modified(record):
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
    rows = []
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
        audit.write(connection, actor, operation, entity, record.id, fields, at=now)
    connection.execute(insert(JournalEntry), rows)


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


def mark_shipped(store: Store, ids: list[str], at: datetime | None = None) -> int:
    """Mark journal rows as acknowledged by the insurer; returns how many changed."""
    with store.unit_of_work() as session:
        result = session.execute(
            update(JournalEntry)
            .where(JournalEntry.id.in_(ids), JournalEntry.shipped_at.is_(None))
            .values(shipped_at=at or utcnow())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
