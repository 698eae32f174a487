"""Applying a batch of journalled changes exactly once (online push and offline bundles).

A batch is one transaction. Each change id is recorded with its outcome in
`applied_changes`; a change id seen before returns the stored outcome instead of being
applied again, so a client that lost the response after a crash simply sends again.
Batches of one agent are serialised by an advisory lock; entity rows are locked in id
order, so a concurrent back-office edit waits instead of being overwritten.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.server import entities
from app.server.crypto import ServerKeys
from app.server.merge import Change, Outcome, apply_agent_change
from app.server.models import AppliedChange, Conflict, Decision


@dataclass
class PushReport:
    results: list[dict[str, Any]]
    counts: dict[str, int] = field(default_factory=dict)


def lock_agent(session: Session, agent_id: uuid.UUID) -> None:
    key = int.from_bytes(agent_id.bytes[:8], "big", signed=True)
    session.execute(select(func.pg_advisory_xact_lock(key)))


def _result(outcome: Outcome, office_fields: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"status": outcome.status, "version": outcome.version}
    if outcome.reason:
        result["reason"] = outcome.reason
    if office_fields:
        result["office_fields"] = office_fields
    return result


def content_digest(change: Change) -> str:
    """What a change says, hashed: a replay of the same id must say the same (issue 19, 5)."""
    said = {"seq": change.seq, "type": change.entity_type, "entity": str(change.entity_id),
            "op": change.op, "fields": change.fields, "base": change.base_version,
            "parent": str(change.parent_id) if change.parent_id else None}
    text = json.dumps(said, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


DIGEST = "content_sha256"  # kept with the stored outcome, never sent back
MAX_SEQ = 2**63 - 1  # PostgreSQL's bigint
MAX_FIELD_CHARACTERS = 4_000_000  # a signature's PNG is a few hundred kB; a 50 MB field is not


def value_problem(change: Change) -> str | None:
    """What PostgreSQL would refuse in a change, named (issue 19, item 2): one such value
    made the whole batch fail with a 500, and every later sync stopped at it."""
    if change.seq > MAX_SEQ:
        return f"seq: {change.seq} is beyond a 64-bit sequence number"
    for name, value in change.fields.items():
        problem = _value_problem(value)
        if problem:
            return f"fields.{name}: {problem}"
    return None


def _value_problem(value: Any) -> str | None:
    if isinstance(value, str):
        if len(value) > MAX_FIELD_CHARACTERS:
            return f"is longer than {MAX_FIELD_CHARACTERS:,} characters"
        if "\x00" in value:
            return "contains a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "is not valid text (a lone surrogate)"
    elif isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQ:
        return "is beyond a 64-bit integer"
    elif isinstance(value, dict):
        return next((p for v in value.values() if (p := _value_problem(v))), None)
    elif isinstance(value, list):
        return next((p for v in value if (p := _value_problem(v))), None)
    return None


def push(session: Session, keys: ServerKeys, agent_id: uuid.UUID, changes: list[Change],
         sync_id: int | None = None) -> PushReport:
    lock_agent(session, agent_id)
    known = {row.change_id: row for row in session.execute(
        select(AppliedChange.change_id, AppliedChange.agent_id, AppliedChange.status,
               AppliedChange.result)
        .where(AppliedChange.change_id.in_([c.change_id for c in changes])))}
    fresh: dict[uuid.UUID, Change] = {}
    invalid: dict[uuid.UUID, str] = {}  # refused alone, never stored: a replay is checked again
    for change in changes:
        if change.change_id not in known and change.change_id not in fresh:
            problem = value_problem(change)
            if problem:
                invalid[change.change_id] = problem
            else:
                fresh[change.change_id] = change

    wanted = {c.entity_id for c in fresh.values()} | {
        c.parent_id for c in fresh.values() if c.parent_id is not None}
    states = entities.load_for_update(session, wanted, keys)
    proposals = {c.entity_id for c in fresh.values() if c.entity_type == "proposal"}
    decided = set(session.scalars(select(Decision.proposal_id).distinct().where(
        Decision.proposal_id.in_(proposals)))) if proposals else set()
    existing = set(states)
    dirty: set[uuid.UUID] = set()
    results: dict[uuid.UUID, dict[str, Any]] = {}
    pending_conflicts: list[tuple[uuid.UUID, dict[str, Any]]] = []
    applied_fields: set[tuple[uuid.UUID, str]] = set()
    for change in sorted(fresh.values(), key=lambda c: c.seq):
        parent = states.get(change.parent_id) if change.parent_id else None
        state, outcome = apply_agent_change(states.get(change.entity_id), change, agent_id,
                                            parent, decided=change.entity_id in decided)
        if outcome.status != "refused":
            states[change.entity_id] = state
            if outcome.status in ("applied", "conflict") or outcome.changed:
                dirty.add(change.entity_id)
            applied_fields.update((change.entity_id, name) for name in outcome.applied)
        office = state.office_fields_since(change.base_version) \
            if outcome.status != "refused" else {}
        results[change.change_id] = _result(outcome, office)
        results[change.change_id][DIGEST] = content_digest(change)
        for conflict in outcome.conflicts:
            pending_conflicts.append((change.change_id, {
                "entity_id": change.entity_id, "agent_id": agent_id,
                "change_id": change.change_id, "field": conflict.field,
                "base_version": conflict.base_version,
                "server_version": conflict.server_version,
                "server_value": conflict.server_value, "client_value": conflict.client_value}))

    entities.save(session, {i: states[i] for i in dirty}, existing & dirty, keys)
    _supersede_conflicts(session, agent_id, applied_fields,
                         {(row["entity_id"], row["field"]) for _, row in pending_conflicts})
    if pending_conflicts:
        ids = session.execute(insert(Conflict).returning(Conflict.id,
                                                         sort_by_parameter_order=True),
                              [row for _, row in pending_conflicts]).scalars().all()
        for conflict_id, (change_id, row) in zip(ids, pending_conflicts, strict=True):
            results[change_id].setdefault("conflicts", []).append({
                "id": conflict_id, "field": row["field"],
                "base_version": row["base_version"], "server_version": row["server_version"],
                "server_value": row["server_value"], "client_value": row["client_value"]})
    if fresh:
        entities.copy_rows(session, "applied_changes", [
            "change_id", "agent_id", "entity_id", "seq", "status", "result", "sync_id"], [
            {"change_id": c.change_id, "agent_id": agent_id, "entity_id": c.entity_id,
             "seq": c.seq, "status": results[c.change_id]["status"],
             "result": results[c.change_id], "sync_id": sync_id} for c in fresh.values()])

    report = PushReport(results=[])
    counts = report.counts
    for change in changes:
        before = known.get(change.change_id)
        result: dict[str, Any]
        if change.change_id in invalid:
            result = {"status": "refused", "reason": invalid[change.change_id]}
        elif before is not None and before.agent_id != agent_id:
            result = {"status": "refused", "reason": "change id already used by another agent"}
        elif before is not None:
            stored = before.result.get(DIGEST)
            if stored is not None and stored != content_digest(change):
                result = {"status": "refused", "reason": "change id already used with other "
                          "content: the first one stands"}
            else:
                result = {**before.result, "duplicate": True}
        else:
            result = dict(results[change.change_id])
            first = fresh[change.change_id]
            if first is not change:  # the same id twice in one batch
                result = {**result, "duplicate": True} if content_digest(first) == \
                    content_digest(change) else {"status": "refused", "reason": "change id "
                                                 "already used with other content: the first "
                                                 "one stands"}
        result.pop(DIGEST, None)
        key = "duplicate" if result.get("duplicate") else str(result["status"])
        counts[key] = counts.get(key, 0) + 1
        report.results.append({"change_id": str(change.change_id), **result})
    return report


def _supersede_conflicts(session: Session, agent_id: uuid.UUID,
                         applied: set[tuple[uuid.UUID, str]],
                         new: set[tuple[uuid.UUID, str]]) -> None:
    """An open conflict is settled by a later agent write to the field, or replaced."""
    touched = applied | new
    if not touched:
        return
    open_ids = [row.id for row in session.execute(
        select(Conflict.id, Conflict.entity_id, Conflict.field)
        .where(Conflict.agent_id == agent_id, Conflict.status == "open"))
        if (row.entity_id, row.field) in touched]
    if open_ids:
        session.execute(update(Conflict).where(Conflict.id.in_(open_ids))
                        .values(status="superseded", resolved_at=func.now()))
