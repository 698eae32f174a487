"""Entity rows <-> merge states: sensitive fields sealed on the way in, opened on the way out."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.server.crypto import ServerKeys
from app.server.merge import EntityState, FieldMeta
from app.server.models import Entity


def _aad(entity_id: uuid.UUID) -> str:
    return f"entity:{entity_id}"


def to_state(row: Entity, keys: ServerKeys) -> EntityState:
    fields = dict(row.data)
    sensitive: set[str] = set()
    if row.secret is not None:
        secret = keys.open_json(row.secret, _aad(row.id))
        fields.update(secret)
        sensitive = set(secret)
    return EntityState(
        entity_type=row.entity_type, owner_id=row.owner_id, parent_id=row.parent_id,
        version=row.version, fields=fields, sensitive=sensitive,
        meta={name: FieldMeta.from_json(value) for name, value in row.meta.items()},
        client_version=row.client_version, deleted_seq=row.deleted_seq,
        sealed_seq=row.sealed_seq, sealed_tx=row.sealed_tx)


def to_row(entity_id: uuid.UUID, state: EntityState, keys: ServerKeys) -> dict[str, Any]:
    plain = {k: v for k, v in state.fields.items() if k not in state.sensitive}
    secret = {k: v for k, v in state.fields.items() if k in state.sensitive}
    return {
        "id": entity_id, "entity_type": state.entity_type, "owner_id": state.owner_id,
        "parent_id": state.parent_id, "version": state.version,
        "client_version": state.client_version, "data": plain,
        "secret": keys.seal_json(secret, _aad(entity_id)) if secret else None,
        "meta": {name: meta.to_json() for name, meta in state.meta.items()},
        "deleted_seq": state.deleted_seq, "sealed_seq": state.sealed_seq,
        "sealed_tx": state.sealed_tx,
    }


def load_for_update(session: Session, ids: Iterable[uuid.UUID],
                    keys: ServerKeys) -> dict[uuid.UUID, EntityState]:
    """Lock the rows in id order (no deadlock between concurrent writers) and open them."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(Entity).where(Entity.id.in_(wanted))
                           .order_by(Entity.id).with_for_update()).scalars()
    return {row.id: to_state(row, keys) for row in rows}


def load(session: Session, entity_id: uuid.UUID, keys: ServerKeys) -> EntityState | None:
    row = session.get(Entity, entity_id)
    return None if row is None else to_state(row, keys)


def save(session: Session, states: dict[uuid.UUID, EntityState], existing: set[uuid.UUID],
         keys: ServerKeys) -> None:
    """Write changed states back: one multi-row insert and one bulk update."""
    new_rows = [to_row(i, s, keys) for i, s in states.items() if i not in existing]
    now = datetime.now(UTC)
    old_rows = [to_row(i, s, keys) | {"updated_at": now}
                for i, s in states.items() if i in existing]
    if new_rows:
        copy_rows(session, "entities", list(new_rows[0]), new_rows)
    if old_rows:
        session.execute(update(Entity), old_rows)


def copy_rows(session: Session, table: str, columns: list[str],
              rows: list[dict[str, Any]]) -> None:
    """Bulk insert with PostgreSQL's COPY, inside the session's transaction.

    An order of magnitude quicker than row-by-row inserts for a push of a thousand
    changes; columns left out take their defaults.
    """
    from psycopg.types.json import Jsonb

    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([Jsonb(v) if isinstance(v, dict | list) else v
                                for v in (row[c] for c in columns)])


def public_view(entity_id: uuid.UUID, state: EntityState) -> dict[str, Any]:
    """What an authorised reader gets (over the authenticated channel only)."""
    return {
        "id": str(entity_id), "entity_type": state.entity_type,
        "owner_id": str(state.owner_id),
        "parent_id": str(state.parent_id) if state.parent_id else None,
        "version": state.version, "fields": state.fields,
        "deleted": state.deleted_seq is not None, "sealed": state.sealed,
    }
