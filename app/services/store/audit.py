"""The append-only audit trail: who did what to which record, when.

Entries are written by the journal hook for every record change, and by the
agent service for logins, failed attempts and lockouts. Only field *names* are
kept, never values (FADP art. 7, privacy by default). Triggers installed by the
first migration refuse any UPDATE or DELETE of the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, literal_column, select
from sqlalchemy.engine import Connection

from app.models import AuditEntry
from app.models.base import new_id, utcnow

if TYPE_CHECKING:  # the store calls the audit trail; this module only names it
    from app.services.store.database import Store


def entry(
    actor_id: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    fields: list[str] | None = None,
    detail: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One audit row, ready for `write_many`."""
    return {
        "id": new_id(),
        "created_at": at or utcnow(),
        "actor_id": actor_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "fields": fields or [],
        "detail": detail or {},
    }


def write_many(connection: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(AuditEntry), rows)


def write(
    connection: Connection,
    actor_id: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    fields: list[str] | None = None,
    detail: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> None:
    write_many(connection, [entry(actor_id, action, entity, entity_id, fields, detail, at=at)])


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor_id: str | None
    action: str
    entity: str
    entity_id: str | None
    fields: list[str]
    detail: dict[str, Any]


def history(store: Store, entity_id: str | None = None, limit: int = 1000) -> list[AuditRecord]:
    """The trail, oldest first; of one record when `entity_id` is given."""
    query = select(AuditEntry).order_by(literal_column("audit_entries.rowid")).limit(limit)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    with store.reading() as session:
        return [
            AuditRecord(
                at=row.created_at,
                actor_id=row.actor_id,
                action=row.action,
                entity=row.entity,
                entity_id=row.entity_id,
                fields=list(row.fields),
                detail=dict(row.detail),
            )
            for row in session.scalars(query)
        ]
