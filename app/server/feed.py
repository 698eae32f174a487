"""The per-agent feed of what happened on the server: decisions and back-office edits.

Sequence numbers come from one counter row, updated inside the writing transaction:
its row lock serialises writers until commit, so numbers become visible in order and a
cursor never skips an event that commits late.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.server import entities
from app.server.crypto import ServerKeys
from app.server.decisions import decision_view
from app.server.models import Decision, FeedCounter, FeedEvent

DECISION = "decision"
ENTITY = "entity"


def append(session: Session, events: list[tuple[uuid.UUID, str, uuid.UUID]]) -> list[int]:
    """Add (agent, kind, reference) events; returns their sequence numbers."""
    if not events:
        return []
    top = session.execute(update(FeedCounter).where(FeedCounter.id == 1)
                          .values(value=FeedCounter.value + len(events))
                          .returning(FeedCounter.value)).scalar_one()
    seqs = list(range(top - len(events) + 1, top + 1))
    session.execute(insert(FeedEvent), [
        {"seq": seq, "agent_id": agent, "kind": kind, "ref_id": ref}
        for seq, (agent, kind, ref) in zip(seqs, events, strict=True)])
    return seqs


def pull(session: Session, keys: ServerKeys, agent_id: uuid.UUID, cursor: int,
         limit: int) -> tuple[list[dict[str, Any]], int, bool]:
    """Events after `cursor`, oldest first; returns (events, new cursor, more to come)."""
    rows = list(session.execute(
        select(FeedEvent).where(FeedEvent.agent_id == agent_id, FeedEvent.seq > cursor)
        .order_by(FeedEvent.seq).limit(limit + 1)).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    decision_ids = [r.ref_id for r in rows if r.kind == DECISION]
    decisions = {d.id: d for d in session.execute(
        select(Decision).where(Decision.id.in_(decision_ids))).scalars()} if decision_ids else {}
    entity_ids = {r.ref_id for r in rows if r.kind == ENTITY}
    states = {}
    for entity_id in entity_ids:
        state = entities.load(session, entity_id, keys)
        if state is not None:
            states[entity_id] = state
    events: list[dict[str, Any]] = []
    for row in rows:
        if row.kind == DECISION:
            events.append({"seq": row.seq, "kind": DECISION,
                           "decision": decision_view(decisions[row.ref_id], keys)})
        elif row.ref_id in states:
            state = states[row.ref_id]
            events.append({"seq": row.seq, "kind": ENTITY, "entity": {
                "id": str(row.ref_id), "entity_type": state.entity_type,
                "version": state.version, "fields": state.office_fields_since(0)}})
    return events, rows[-1].seq if rows else cursor, more
