"""Journal snapshots <-> the sync protocol's field values.

A journal row holds the whole record after a change, with sensitive columns still
encrypted under the agent's data key. On the wire the server needs the values
themselves, over the authenticated channel, and it re-encrypts them with its own key:
so sensitive columns are decrypted here (the agent is logged in while syncing) and
marked `sensitive`. Bookkeeping columns (`id`, `version`, `updated_at`) do not travel
as fields: the version travels as `entity_version`, the clock is never trusted.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Date, DateTime
from sqlalchemy.orm import Mapper

from app.models.base import DecimalText, UTCDateTime
from app.services.store.crypto import Vault
from app.services.store.journal import ENCRYPTED, ENTITIES


class JournalLike(Protocol):
    """A journal row: the ORM entry, the store's JournalRecord or a plain result row."""

    id: str
    sequence: int
    entity: str
    entity_id: str
    operation: str
    payload: dict[str, Any]
    created_at: datetime


MODELS: dict[str, type[Any]] = {name: model for model, name in ENTITIES.items()}
BOOKKEEPING = frozenset({"id", "version", "updated_at"})


@dataclass(frozen=True)
class SensitiveColumn:
    column: str  # the encrypted column of the local table
    field: str  # its name on the wire
    is_json: bool  # JSON document (answers, details) or raw bytes (a PNG)


# The store's encrypted columns (journal.ENCRYPTED), named as `journal.plain_payload` does:
# "answers", "details" (JSON), "image" (base64 of the PNG).
SENSITIVE: dict[str, SensitiveColumn] = {
    entity: SensitiveColumn(column, column.removesuffix("_ciphertext"), entity != "signature")
    for entity, (_, column) in ENCRYPTED.items()
}

# The record a record belongs to: for the server's access and signed-proposal rules.
PARENT_COLUMN = {
    "person": "household_id", "proposal": "household_id", "proposal_item": "proposal_id",
    "answer_set": "proposal_id", "reservation": "proposal_id", "signature": "proposal_id",
    "document": "proposal_id", "offer_pricing": "proposal_id",
}


def table_of(entity: str) -> str:
    return str(MODELS[entity].__tablename__)


def wire_fields(entity: str, entity_id: str, payload: dict[str, Any],
                vault: Vault) -> tuple[dict[str, Any], list[str]]:
    """The snapshot's fields as the server gets them, and which of them are sensitive."""
    fields: dict[str, Any] = {}
    sensitive: list[str] = []
    secret = SENSITIVE.get(entity)
    for name, value in payload.items():
        if name in BOOKKEEPING:
            continue
        if secret is not None and name == secret.column and value is not None:
            blob = base64.b64decode(value["$base64"])
            plain = vault.decrypt(blob, table=table_of(entity), column=name, row_id=entity_id)
            fields[secret.field] = _json_loads(plain) if secret.is_json else \
                base64.b64encode(plain).decode("ascii")
            sensitive.append(secret.field)
        elif isinstance(value, dict) and set(value) == {"$base64"}:
            # Any other binary column is treated as sensitive by default.
            fields[name] = value["$base64"]
            sensitive.append(name)
        else:
            fields[name] = value
    return fields, sensitive


def _json_loads(data: bytes) -> Any:
    import json

    return json.loads(data)


def changed(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """Fields of `current` that differ from `previous` (all of them for a new record)."""
    if previous is None:
        return dict(current)
    return {name: value for name, value in current.items()
            if name not in previous or previous[name] != value}


def to_change(record: JournalLike, fields: dict[str, Any], sensitive: list[str],
              base_version: int, full: dict[str, Any]) -> dict[str, Any]:
    """One journal row in the wire format; its journal id is the idempotency key."""
    parent = PARENT_COLUMN.get(record.entity)
    change: dict[str, Any] = {
        "change_id": record.id, "seq": record.sequence, "entity_type": record.entity,
        "entity_id": record.entity_id,
        "op": "delete" if record.operation == "delete" else "upsert",
        "fields": fields, "base_version": base_version,
        "entity_version": int(record.payload.get("version") or 0),
        "sensitive": [name for name in sensitive if name in fields],
        "recorded_at": record.created_at.isoformat(),
    }
    if parent and full.get(parent):
        change["parent_id"] = full[parent]
    return change


def local_value(model: type[Any], name: str, value: Any) -> Any:
    """A wire value (JSON) as the model column wants it (dates, decimals)."""
    mapper: Mapper[Any] = model.__mapper__
    column = mapper.columns.get(name)
    if column is None:
        raise KeyError(f"{model.__tablename__} has no column {name!r}")
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return datetime.fromisoformat(str(value))
    if isinstance(kind, Date):
        return date.fromisoformat(str(value))
    if isinstance(kind, DecimalText):
        return Decimal(str(value))
    return value
