"""The insurer's decisions on signed proposals, as the back office records them.

CGC Groupe Mutuel 2022 (seed 004): the insurer accepts, refuses or accepts with
reservations, per product (art. 6 al. 5-6), without having to give reasons; a
reservation names the condition, needs the insured person's consent (art. 8 al. 2) and
lasts for the whole contract (art. 8 al. 3); the contract exists once acceptance is
communicated and the policy confirms the start (art. 10 al. 1-2).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from app.server.crypto import ServerKeys
from app.server.models import Decision

ACCEPTED = "accepted"
RESERVED = "accepted_with_reservations"
REFUSED = "refused"
ITEM_OUTCOMES = (ACCEPTED, RESERVED, REFUSED)


class DecisionError(ValueError):
    """A decision the back office may not record; the message names the field."""


def overall_outcome(item_outcomes: list[str]) -> str:
    """The proposal's outcome from its products' (as app.services.proposals.lifecycle decides it):
    refusing some products leaves the others standing (art. 6 al. 6)."""
    if not item_outcomes:
        raise DecisionError("items: a decision covers at least one product")
    for index, outcome in enumerate(item_outcomes):
        if outcome not in ITEM_OUTCOMES:
            raise DecisionError(f"items[{index}].outcome: expected one of {ITEM_OUTCOMES}")
    if RESERVED in item_outcomes:
        return RESERVED
    return ACCEPTED if ACCEPTED in item_outcomes else REFUSED


def build(proposal_id: uuid.UUID, agent_id: uuid.UUID, decided_by: uuid.UUID,
          items: list[dict[str, Any]], policy_number: str | None, note: str | None,
          keys: ServerKeys) -> Decision:
    outcome = overall_outcome([str(item.get("outcome")) for item in items])
    plain_items: list[dict[str, Any]] = []
    reservations: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        found = list(item.get("reservations") or [])
        if item["outcome"] == RESERVED and not found:
            raise DecisionError(f"items[{index}].reservations: name the reserved condition "
                                "(CGC art. 8 al. 2)")
        if item["outcome"] != RESERVED and found:
            raise DecisionError(f"items[{index}].reservations: only for an acceptance "
                                "with reservations")
        plain_items.append({key: item.get(key) for key in
                            ("item_id", "person_id", "product", "outcome")})
        reservations.extend({"item": index, "condition": str(r["condition"]),
                             "body_part": str(r.get("body_part") or ""),
                             "until": r.get("until"), "consent_required": True}
                            for r in found)
    if policy_number and outcome == REFUSED:
        raise DecisionError("policy_number: no policy for a refused proposal")
    decision = Decision(id=uuid.uuid4(), proposal_id=proposal_id, agent_id=agent_id,
                        outcome=outcome, policy_number=policy_number or None,
                        items=plain_items, note=note, decided_by=decided_by,
                        decided_at=datetime.now(UTC))
    if reservations:
        decision.reservations = keys.seal_json(reservations, f"decision:{decision.id}")
    return decision


def decision_view(decision: Decision, keys: ServerKeys) -> dict[str, Any]:
    reservations: list[dict[str, Any]] = []
    if decision.reservations is not None:
        reservations = keys.open_json(decision.reservations, f"decision:{decision.id}")
    items = [dict(item, reservations=[
        {"condition": r["condition"], "body_part": r.get("body_part", ""),
         "until": r.get("until"), "consent_required": r["consent_required"]}
        for r in reservations if r["item"] == index]) for index, item in enumerate(decision.items)]
    return {
        "id": str(decision.id), "proposal_id": str(decision.proposal_id),
        "outcome": decision.outcome, "policy_number": decision.policy_number,
        "items": items, "note": decision.note,
        "decided_at": decision.decided_at.isoformat() if decision.decided_at else None,
    }
