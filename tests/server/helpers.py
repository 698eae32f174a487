"""Building journal changes and inspecting the central database in server tests."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from app.server.config import ServerConfig
from app.server.db import make_engine


def change(entity_type: str, entity_id: uuid.UUID, seq: int, fields: dict[str, Any],
           **extra: Any) -> dict[str, Any]:
    return {"change_id": str(uuid.uuid4()), "seq": seq, "entity_type": entity_type,
            "entity_id": str(entity_id), "op": "upsert", "fields": fields, **extra}


def sql(config: ServerConfig, query: str, **params: Any) -> list[Any]:
    engine = make_engine(config.database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(query), params))
    finally:
        engine.dispose()


def signed_proposal(agent_seq_start: int = 1) -> tuple[uuid.UUID, uuid.UUID, list[dict[str, Any]]]:
    """A household and a proposal signed in one transaction: (household, proposal, changes)."""
    household, proposal = uuid.uuid4(), uuid.uuid4()
    seq = agent_seq_start
    changes = [
        change("household", household, seq, {"name": "Muster", "phone": "+41791234567"}),
        change("proposal", proposal, seq + 1, {"status": "draft"}, parent_id=str(household)),
        change("proposal", proposal, seq + 2, {"status": "signed", "signed_place": "Sion"},
               tx="sign-1"),
    ]
    return household, proposal, changes
