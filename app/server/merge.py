"""Merging an agent's journalled changes and back-office edits into one entity, field by field.

Pure functions over plain data (no database), so the rules are tested directly.

Ordering never uses clocks. Each agent change carries `seq`, the position in the agent's
own journal (monotonic on one laptop), and `base_version`, the server version of the
entity the agent had seen when the change was made. Per field the server remembers the
server version of the last write, who wrote it (the owning agent or the back office) and
the highest agent `seq` that ever set it:

- an agent write older (lower seq) than one already applied to that field is stale and
  skipped, so batches arriving in any order end in the same state;
- an agent write to a field the back office changed after `base_version`, to a different
  value, is a true conflict: the server value stays, the conflict goes back to the agent;
- otherwise the write applies and the entity's server version increases by one.

A proposal becomes immutable once signed (its status reaches SEALING_STATUSES): later
changes to it or to its children (items, answers, signatures: `parent_id`) are refused,
except those made in the signing transaction itself (`tx`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

AGENT = "agent"
OFFICE = "office"

# Entity types (the local store's journal names) whose every field is sensitive
# (revDSG art. 5 let. c: health data; signatures identify the signer).
SENSITIVE_TYPES = frozenset({"answer_set", "questionnaire_answer", "reservation", "signature"})

# From signing on, a proposal is what the client signed (LCA art. 1, CGC art. 6 (seed 004):
# the proposer is bound by it) and stays as is; only its lifecycle moves on
# (app.services.proposals.lifecycle.TRANSITIONS: submitted, decided, policy issued, revoked...).
SEALING_TYPES = frozenset({"proposal"})
SEALING_STATUSES = frozenset({
    "signed", "submitted", "accepted", "accepted_with_reservations", "refused", "revoked",
    "policy_issued", "superseded",
})
# Statuses only the insurer's decision leads to: the server checks it has one.
DECIDED_STATUSES = frozenset({"accepted", "accepted_with_reservations", "refused",
                              "policy_issued"})
# Children that are part of what was signed; after signing an item may only receive its
# decision (insurer's, or "dropped" when the client refuses a reservation). Reservations,
# documents and signatures made after signing are not frozen.
SEALED_CHILD_TYPES = frozenset({"proposal_item", "answer_set"})
ITEM_DECISION_FIELDS = frozenset({"decision"})


@cache
def reachable() -> dict[str, frozenset[str]]:
    """Every status a proposal may still reach from each status (lifecycle.TRANSITIONS).

    Imports the lifecycle (a fifth of a second): `create_app` calls it once at start, so
    that cost is not paid inside an agent's first push."""
    from app.services.proposals.lifecycle import TRANSITIONS

    moves = {source.value: {target.value for target in targets}
             for source, targets in TRANSITIONS.items()}
    found = {}
    for start in moves:
        seen: set[str] = set()
        todo = list(moves[start])
        while todo:
            status = todo.pop()
            if status not in seen:
                seen.add(status)
                todo.extend(moves.get(status, ()))
        found[start] = frozenset(seen)
    return found


@dataclass
class FieldMeta:
    version: int
    writer: str
    agent_seq: int

    def to_json(self) -> list[Any]:
        return [self.version, self.writer, self.agent_seq]

    @classmethod
    def from_json(cls, value: list[Any]) -> FieldMeta:
        return cls(int(value[0]), str(value[1]), int(value[2]))


@dataclass
class EntityState:
    entity_type: str
    owner_id: uuid.UUID
    parent_id: uuid.UUID | None = None
    version: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    sensitive: set[str] = field(default_factory=set)
    meta: dict[str, FieldMeta] = field(default_factory=dict)
    client_version: int = 0
    deleted_seq: int | None = None
    sealed_seq: int | None = None
    sealed_tx: str | None = None

    @property
    def sealed(self) -> bool:
        return self.sealed_seq is not None

    def office_fields_since(self, version: int) -> dict[str, Any]:
        """Values the back office wrote after `version`: what an agent at `version` lacks."""
        return {name: self.fields.get(name) for name, meta in self.meta.items()
                if meta.writer == OFFICE and meta.version > version}


@dataclass(frozen=True)
class Change:
    change_id: uuid.UUID
    seq: int
    entity_type: str
    entity_id: uuid.UUID
    op: str  # "upsert" or "delete"
    fields: dict[str, Any]
    base_version: int = 0
    entity_version: int = 0
    sensitive: frozenset[str] = frozenset()
    parent_id: uuid.UUID | None = None
    tx: str | None = None


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base_version: int
    server_version: int
    server_value: Any
    client_value: Any


@dataclass
class Outcome:
    status: str  # applied | conflict | stale | refused
    version: int
    applied: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)
    reason: str | None = None
    changed: bool = False


def _blocked_by_seal(seal_holder: EntityState | None, change: Change) -> bool:
    if seal_holder is None or seal_holder.sealed_seq is None:
        return False
    if change.tx is not None and change.tx == seal_holder.sealed_tx:
        return False
    return change.seq > seal_holder.sealed_seq


def _lifecycle_move(state: EntityState, change: Change, decided: bool) -> bool:
    """A signed proposal may still move forward in its lifecycle, and nothing else."""
    if change.op != "upsert" or set(change.fields) != {"status"}:
        return False
    target = change.fields["status"]
    if target in DECIDED_STATUSES and not decided:
        return False  # only after the insurer's decision
    current = str(state.fields.get("status"))
    return target == current or target in reachable().get(current, frozenset())


def _refuse(state: EntityState, reason: str) -> Outcome:
    return Outcome("refused", state.version, reason=reason)


def apply_agent_change(state: EntityState | None, change: Change, agent_id: uuid.UUID,
                       parent: EntityState | None = None,
                       decided: bool = False) -> tuple[EntityState, Outcome]:
    """Apply one agent change; mutates and returns the state (a new one if None).

    `decided`: the insurer has recorded a decision on this proposal.
    """
    if state is None:
        state = EntityState(change.entity_type, agent_id, change.parent_id)
    if state.owner_id != agent_id or (parent is not None and parent.owner_id != agent_id):
        return state, _refuse(state, "forbidden: owned by another agent")
    if state.entity_type != change.entity_type:
        return state, _refuse(state, f"entity is a {state.entity_type}, not a {change.entity_type}")
    child_blocked = (change.entity_type in SEALED_CHILD_TYPES and _blocked_by_seal(parent, change)
                     and not (change.entity_type == "proposal_item" and change.op == "upsert"
                              and set(change.fields) <= ITEM_DECISION_FIELDS))
    if child_blocked or (_blocked_by_seal(state, change)
                         and not _lifecycle_move(state, change, decided)):
        return state, _refuse(state, "sealed: the proposal is signed and cannot change")
    if state.deleted_seq is not None:
        if change.seq > state.deleted_seq:
            return state, _refuse(state, "deleted")
        # Older history arriving after the deletion still fills the tombstone, so any
        # delivery order ends in the same record; it stays deleted.
        late = _upsert(state, change) if change.op == "upsert" else None
        return state, Outcome("stale", state.version, applied=late.applied if late else [],
                              reason="superseded by a deletion", changed=bool(late and late.changed))
    if change.parent_id is not None:
        state.parent_id = change.parent_id
    state.client_version = max(state.client_version, change.entity_version)
    if change.op == "delete":
        state.deleted_seq = change.seq
        state.version += 1
        return state, Outcome("applied", state.version, changed=True)
    return state, _upsert(state, change)


def _upsert(state: EntityState, change: Change) -> Outcome:
    new_version = state.version + 1
    created = state.version == 0
    outcome = Outcome("applied", state.version)
    stale = 0
    for name, value in change.fields.items():
        meta = state.meta.get(name)
        if meta is not None and change.seq <= meta.agent_seq:
            stale += 1
            continue
        current = state.fields.get(name)
        if (meta is not None and meta.writer == OFFICE and meta.version > change.base_version
                and current != value):
            outcome.conflicts.append(FieldConflict(name, change.base_version, meta.version,
                                                   current, value))
            meta.agent_seq = change.seq  # older own writes to it are now stale too
            continue
        if name in change.sensitive or state.entity_type in SENSITIVE_TYPES:
            state.sensitive.add(name)
        if meta is not None and current == value and name in state.fields:
            meta.agent_seq = change.seq
            outcome.applied.append(name)
            continue
        state.fields[name] = value
        state.meta[name] = FieldMeta(new_version, AGENT, change.seq)
        outcome.applied.append(name)
        outcome.changed = True
    if created and not outcome.changed:
        outcome.changed = True  # a record created without fields still exists
    if outcome.changed:
        state.version = new_version
    outcome.version = state.version
    if (state.entity_type in SEALING_TYPES and state.sealed_seq is None
            and state.fields.get("status") in SEALING_STATUSES):
        state.sealed_seq, state.sealed_tx = change.seq, change.tx
    if outcome.conflicts:
        outcome.status = "conflict"
    elif change.fields and stale == len(change.fields):
        outcome.status = "stale"
        outcome.reason = "superseded by a later change of the same fields"
    return outcome


class EditRefused(ValueError):
    """A back-office edit that may not apply (sealed, deleted, sensitive field)."""


def apply_office_edit(state: EntityState, fields: dict[str, Any],
                      base_version: int) -> list[FieldConflict]:
    """Apply a back-office edit all or nothing; conflicts leave the state untouched."""
    if state.sealed:
        raise EditRefused("the proposal is signed and cannot change")
    if state.deleted_seq is not None:
        raise EditRefused("the record was deleted by the agent")
    sensitive = sorted(name for name in fields
                       if name in state.sensitive or state.entity_type in SENSITIVE_TYPES)
    if sensitive:
        raise EditRefused(f"sensitive fields are the agent's to change: {', '.join(sensitive)}")
    conflicts = []
    for name, value in fields.items():
        meta = state.meta.get(name)
        current = state.fields.get(name)
        if (meta is not None and meta.writer == AGENT and meta.version > base_version
                and current != value):
            conflicts.append(FieldConflict(name, base_version, meta.version, current, value))
    if conflicts:
        return conflicts
    changed = {name: value for name, value in fields.items()
               if name not in state.fields or state.fields[name] != value}
    if changed:
        state.version += 1
        for name, value in changed.items():
            previous = state.meta.get(name)
            state.fields[name] = value
            state.meta[name] = FieldMeta(state.version, OFFICE,
                                         previous.agent_seq if previous else 0)
    return []


def resolve_for_agent(state: EntityState, name: str, value: Any) -> None:
    """The agent keeps their value after seeing the server's: an agent write on top."""
    if state.sealed:
        raise EditRefused("the proposal is signed and cannot change")
    previous = state.meta.get(name)
    state.version += 1
    state.fields[name] = value
    state.meta[name] = FieldMeta(state.version, AGENT, previous.agent_seq if previous else 0)
