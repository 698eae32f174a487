"""The insurer's decisions on the laptop: kept as received, and followed by the lifecycle.

A pulled decision is stored as is (`SyncDecision`, its reserved conditions encrypted with
the agent's data key). Then the proposal follows it through the pure lifecycle rules
(`app.services.proposals.lifecycle`, `app.services.proposals.reservations`), exactly as `proposal_flow` would:
a reservation per reserved condition, waiting for the client's consent (seed 004, CGC
art. 8 al. 2); each product's decision (art. 6 al. 5-6); the policy once nothing waits for
the client. A page of decisions is one unit of work; a decision the lifecycle refuses
(e.g. its products no longer match) is kept, logged and shown, and changes nothing else.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Proposal, SyncDecision
from app.models import Reservation as ReservationRow
from app.services.catalogue import LAMAL_CODE
from app.services.proposals import lifecycle as lc
from app.services.proposals import reservations as rs
from app.services.store import audit
from app.services.store.audit_event import AuditEvent, TransitionError
from app.services.store.database import Store

log = logging.getLogger("propono.sync")

RESERVATION_IDS = uuid.UUID("6f0d2c1e-5b7a-4f61-9d8e-3a1c2b4d5e6f")
_TABLE, _COLUMN = "sync_decisions", "reservations_ciphertext"


def record(store: Store, session: Session, events: list[tuple[int, dict[str, Any]]],
           now: datetime) -> None:
    """Store new decisions (a decision already received is skipped) and follow them."""
    ids = [decision["id"] for _, decision in events]
    known = set(session.scalars(select(SyncDecision.id).where(SyncDecision.id.in_(ids))))
    fresh = [(seq, d) for seq, d in events if d["id"] not in known]
    if not fresh:
        return
    for seq, decision in fresh:
        session.add(_row(store, seq, decision, now))
    rows = {row.id: row for row in session.scalars(
        select(Proposal).where(Proposal.id.in_({d["proposal_id"] for _, d in fresh}))
        .options(selectinload(Proposal.items)))}
    trail: list[AuditEvent] = []
    new_reservations: list[rs.Reservation] = []
    for _, decision in fresh:
        row = rows.get(decision["proposal_id"])
        try:
            if row is None:
                raise LookupError("the proposal is not on this laptop")
            followed = follow(row, decision, actor=store.actor_id or "sync", at=now)
        except (TransitionError, LookupError, ValueError) as error:
            log.warning("decision %s on proposal %s kept but not followed: %s",
                        decision["id"], decision["proposal_id"], error)
            continue
        row.status = followed.proposal.status.value
        decisions = {item.id: item.status.value for item in followed.proposal.items}
        for item in row.items:
            item.decision = decisions.get(item.id, item.decision)
        trail.extend(followed.events)
        for reservation, event in followed.reservations:
            new_reservations.append(reservation)
            trail.append(event)
    _add_reservations(store, session, new_reservations)
    session.flush()
    audit.write_many(session.connection(), [
        audit.entry(event.actor, "transition", event.subject, event.subject_id, ["status"],
                    {"from": event.from_state, "to": event.to_state, "reason": event.reason,
                     "proposal_id": event.proposal_id}, at=event.at) for event in trail])


def _add_reservations(store: Store, session: Session,
                      reservations: list[rs.Reservation]) -> None:
    """As `proposal_flow.save_reservation` stores them (same encrypted details), in bulk;
    one already stored (its id derives from the decision) is not added again.

    One query for the page, without autoflush: a `session.get` per reservation flushed
    the page's pending changes each time (hundreds of small flushes, each with its
    journal and audit inserts: most of a pull's time)."""
    from app.services.proposals.flow import RESERVATIONS, reservation_details

    if not reservations:
        return
    with session.no_autoflush:
        stored = set(session.scalars(select(ReservationRow.id).where(
            ReservationRow.id.in_({r.id for r in reservations}))))
    for reservation in reservations:
        if reservation.id in stored:
            continue
        stored.add(reservation.id)
        session.add(ReservationRow(
            id=reservation.id, proposal_id=reservation.proposal_id,
            person_id=reservation.person_id, product_code=",".join(reservation.products),
            details_ciphertext=store.vault.encrypt_json(
                reservation_details(reservation), table=RESERVATIONS[0],
                column=RESERVATIONS[1], row_id=reservation.id)))


def _row(store: Store, seq: int, decision: dict[str, Any], now: datetime) -> SyncDecision:
    reservations = [dict(r, item=index, product=item["product"], person_id=item.get("person_id"))
                    for index, item in enumerate(decision["items"])
                    for r in item.get("reservations", [])]
    return SyncDecision(
        id=decision["id"], feed_seq=seq, proposal_id=decision["proposal_id"],
        outcome=decision["outcome"], policy_number=decision.get("policy_number"),
        items=[{k: v for k, v in item.items() if k != "reservations"}
               for item in decision["items"]],
        reservations_ciphertext=store.vault.encrypt_json(
            reservations, table=_TABLE, column=_COLUMN, row_id=decision["id"])
        if reservations else None,
        note=decision.get("note"), decided_at=datetime.fromisoformat(decision["decided_at"]),
        received_at=now)


@dataclass(frozen=True)
class Followed:
    proposal: lc.Proposal
    events: tuple[AuditEvent, ...]
    reservations: tuple[tuple[rs.Reservation, AuditEvent], ...]


def _lifecycle_view(row: Proposal) -> lc.Proposal:
    status = lc.ProposalStatus.COMPLETE if row.status == "ready" else lc.ProposalStatus(row.status)
    items = tuple(lc.Item(i.id, i.person_id, i.product_code, i.level, lc.ItemStatus(i.decision))
                  for i in row.items)
    return lc.Proposal(row.id, items, status=status, signed_on=row.signing_date,
                       document_sha256=row.document_sha256)


def follow(row: Proposal, decision: dict[str, Any], *, actor: str, at: datetime) -> Followed:
    """The lifecycle's moves for one decision (pure: nothing is written here)."""
    proposal, events = _lifecycle_view(row), []
    if proposal.status is lc.ProposalStatus.SIGNED:
        moved = lc.submit(proposal, actor=actor, at=at)
        proposal, events = moved.proposal, list(moved.events)
    decided_on = datetime.fromisoformat(decision["decided_at"]).date()
    reservations: list[tuple[rs.Reservation, AuditEvent]] = []
    matched = []
    for index, item in enumerate(decision["items"]):
        local = next((i for i in proposal.items if i.id == item.get("item_id")), None) or next(
            (i for i in proposal.items
             if i.person_id == item.get("person_id") and i.product == item["product"]), None)
        if local is None:
            raise LookupError(f"no item {item['product']} for person {item.get('person_id')}")
        matched.append((local, item))
        for number, reserved in enumerate(item.get("reservations", [])):
            created, _ = rs.create(
                str(uuid.uuid5(RESERVATION_IDS, f"{decision['id']}:{index}:{number}")),
                local.person_id, proposal.id, condition=reserved["condition"],
                body_part=reserved.get("body_part", ""), products=(local.product,),
                start=decided_on, until=date.fromisoformat(reserved["until"])
                if reserved.get("until") else None, origin=rs.Origin.INSURER,
                actor=actor, at=at)
            reservations.append(rs.request_consent(created, due=None, actor=actor, at=at))
    known = [reservation for reservation, _ in reservations]
    for local, item in matched:
        if proposal.item(local.id).status is lc.ItemStatus.PROPOSED:
            moved = lc.record_decision(proposal, local.id, lc.ItemStatus(item["outcome"]),
                                       reservations=known, actor=actor, at=at,
                                       reason="insurer's decision")
            proposal, events = moved.proposal, events + list(moved.events)
    # The basic insurance is not underwritten: everyone domiciled in the insurer's area has
    # the right to it (LAMal art. 4 al. 2, seed 001 art. 2 al. 1). A decision that does not
    # name it leaves nothing to wait for, so the proposal is not stuck as submitted.
    named = {local.id for local, _item in matched}
    for pending in [i for i in proposal.items if i.product == LAMAL_CODE
                    and i.status is lc.ItemStatus.PROPOSED and i.id not in named]:
        moved = lc.record_decision(proposal, pending.id, lc.ItemStatus.ACCEPTED,
                                   reservations=known, actor=actor, at=at,
                                   reason="basic insurance: admission is a right (LAMal art. 4)")
        proposal, events = moved.proposal, events + list(moved.events)
    if decision.get("policy_number") and proposal.status is lc.ProposalStatus.ACCEPTED:
        moved = lc.issue_policy(proposal, reservations=known, actor=actor, at=at)
        proposal, events = moved.proposal, events + list(moved.events)
    return Followed(proposal, tuple(events), tuple(reservations))


@dataclass(frozen=True)
class DecisionRecord:
    id: str
    proposal_id: str
    outcome: str
    policy_number: str | None
    items: list[dict[str, Any]]
    reservations: list[dict[str, Any]]
    decided_at: datetime


def decisions_of(store: Store, proposal_id: str) -> list[DecisionRecord]:
    """The insurer's decisions on a proposal, oldest first (the last one counts)."""
    vault = store.vault
    found = []
    with store.reading() as session:
        for row in session.scalars(select(SyncDecision)
                                   .where(SyncDecision.proposal_id == proposal_id)
                                   .order_by(SyncDecision.feed_seq)):
            reservations: list[dict[str, Any]] = []
            if row.reservations_ciphertext is not None:
                reservations = vault.decrypt_json(row.reservations_ciphertext, table=_TABLE,
                                                  column=_COLUMN, row_id=row.id)
            found.append(DecisionRecord(row.id, row.proposal_id, row.outcome,
                                        row.policy_number, list(row.items), reservations,
                                        row.decided_at))
    return found
