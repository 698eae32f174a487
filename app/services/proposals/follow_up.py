"""After the signature: the signed document, the insurer's decision, the client's answer to
reservations and the revocation, as the agent follows a proposal up.

Every move goes through the lifecycle (`lifecycle`, `reservations`, via `proposal_flow`),
which checks and audits it; this module gathers what the agent sees and adds the checks an
entry by the agent needs (a date the client answered or wrote cannot be in the future).

- The signed proposal is shown again only if its file still has the SHA-256 stored when it
  was signed (the proposal is frozen with that hash, issue 4).
- A reservation the insurer decided waits for the insured person's written consent (seed
  004, CGC art. 8 al. 2); a refusal drops the product concerned, the others go on (art. 8
  al. 2, art. 6 al. 6). When the insurer's decision named the policy and nothing waits for
  the client any more, the policy follows, as the sync does when no consent is awaited
  (`sync_decisions.follow`).
- The client may revoke within 14 days of signing (LCA art. 2a, `lifecycle.revocation_deadline`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.i18n import _
from app.models import Proposal as ProposalRow
from app.services.proposals import flow
from app.services.proposals import lifecycle as lc
from app.services.proposals import reservations as rs
from app.services.proposals.decisions import DecisionRecord, decisions_of
from app.services.proposals.stored_documents import documents_of
from app.services.store import audit
from app.services.store.database import NotFound, Store

SWISS = ZoneInfo("Europe/Zurich")
S = lc.ProposalStatus
# The client's answer to a reservation is recorded until the insurer's outcome is final.
CONSENT_OPEN = (S.SIGNED, S.SUBMITTED, S.ACCEPTED_WITH_RESERVATIONS)
STATES = frozenset(status.value for status in S)


# ------------------------------------------------------------------ the signed document


class DocumentProblem(Exception):
    """The signed document cannot be shown; `message` says why, for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SignedDocument:
    content: bytes
    sha256: str
    path: Path


def document_path(stored: str, root: Path) -> Path:
    """A document record's file: an absolute path as it is, a relative one under `root` (the
    data folder, as `sync_replica` reads it)."""
    path = Path(stored)
    return path if path.is_absolute() else root / path


def signed_document(store: Store, proposal_id: str, root: Path | None = None) -> SignedDocument | None:
    """The signed proposal's PDF, checked against the SHA-256 frozen with the proposal;
    None before signing. Raises `DocumentProblem` for a missing or altered file."""
    with store.reading() as session:
        row = session.get(ProposalRow, proposal_id)
        if row is None:
            raise NotFound(f"proposal {proposal_id}")
        digest = row.document_sha256
    if not digest:
        return None
    record = next((d for d in reversed(documents_of(store, proposal_id))
                   if d.kind == "proposal" and d.sha256 == digest), None)
    if record is None:
        raise DocumentProblem(_("The signed proposal is not among the stored documents."))
    path = document_path(record.path, root or store.path.parent)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise DocumentProblem(_("The signed proposal's file is missing: {path}").format(
            path=path)) from None
    except OSError as error:
        raise DocumentProblem(_("The signed proposal's file cannot be read: {error}").format(
            error=error)) from error
    if hashlib.sha256(content).hexdigest() != digest:
        raise DocumentProblem(_(
            "The file {path} is not the signed proposal: its SHA-256 fingerprint differs from "
            "the one stored at signing, so it was changed or replaced. It is not shown; "
            "restore it from a backup.").format(path=path))
    return SignedDocument(content, digest, path)


# ------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class Revocation:
    deadline: date | None  # the last day a revocation may be sent
    open: bool  # a revocation sent today would be accepted
    reason: str = ""  # why not, when it is not open
    # A revocation sent by the deadline counts even if it arrives later (LCA art. 2a, 004
    # art. 6 al. 2): it can be recorded as long as the status allows one.
    recordable: bool | None = None  # None: as `open`

    def __post_init__(self) -> None:
        if self.recordable is None:
            object.__setattr__(self, "recordable", self.open)


@dataclass(frozen=True)
class FollowUp:
    proposal: lc.Proposal
    submitted_on: date | None
    decision: DecisionRecord | None  # the insurer's last decision (the one that counts)
    reservations: tuple[rs.Reservation, ...]
    awaiting: tuple[rs.Reservation, ...]  # the client's answer may be recorded now
    revocation: Revocation
    history: tuple[tuple[date, lc.ProposalStatus], ...]  # the proposal's moves, oldest first


def swiss_day(moment: datetime) -> date:
    """The day in Switzerland of a stored (UTC) time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(SWISS).date()


def revocation(proposal: lc.Proposal, today: date, at: datetime) -> Revocation:
    """Would a revocation sent today be accepted? The lifecycle's own guard answers (a dry
    run: nothing is written)."""
    if proposal.signed_on is None:
        return Revocation(None, False, _("The proposal has not been signed yet."))
    deadline = lc.revocation_deadline(proposal.signed_on, proposal.canton or None)
    if proposal.status is S.REVOKED:
        return Revocation(deadline, False, _("The proposal has been revoked."))
    if not lc.can_move(proposal.status, S.REVOKED):
        return Revocation(deadline, False, _(
            "A proposal that is “{status}” can no longer be revoked.").format(
            status=_(lc.STATUS_LABELS[proposal.status])))
    try:
        lc.revoke(proposal, sent_on=today, actor="", at=at)
    except lc.LifecycleError as error:
        return Revocation(deadline, False, error.message, recordable=True)
    return Revocation(deadline, True)


def follow_up(store: Store, proposal_id: str, *, today: date, at: datetime) -> FollowUp:
    proposal = flow.load_proposal(store, proposal_id)
    history = []
    for entry in audit.history(store, proposal_id):
        target = str(entry.detail.get("to")) if entry.action == "transition" else ""
        if target in STATES:
            history.append((swiss_day(entry.at), S(target)))
    submitted = [day for day, status in history if status is S.SUBMITTED]
    decisions = decisions_of(store, proposal_id)
    reservations = tuple(flow.load_reservations(store, proposal_id))
    awaiting = tuple(rs.awaiting_consent(reservations)) if proposal.status in CONSENT_OPEN else ()
    return FollowUp(proposal, submitted[-1] if submitted else None,
                    decisions[-1] if decisions else None, reservations, awaiting,
                    revocation(proposal, today, at), tuple(history))


# ----------------------------------------------------------------------------- moves


def _consent_open(store: Store, proposal_id: str) -> lc.Proposal:
    proposal = flow.load_proposal(store, proposal_id)
    if proposal.status not in CONSENT_OPEN:
        raise lc.LifecycleError("proposal_closed", _(
            "The proposal is “{status}”: the client's answer to a reservation can no longer "
            "be recorded.").format(status=_(lc.STATUS_LABELS[proposal.status])))
    return proposal


def _reservation(store: Store, proposal_id: str, reservation_id: str) -> rs.Reservation:
    for reservation in flow.load_reservations(store, proposal_id):
        if reservation.id == reservation_id:
            return reservation
    raise NotFound(f"reservation {reservation_id} of proposal {proposal_id}")


def set_answer_deadline(store: Store, proposal_id: str, due: date, *, today: date, actor: str,
                        at: datetime) -> list[rs.Reservation]:
    """The insurer's time limit for the client's answer (004 art. 8 al. 2), given to every
    awaited reservation that has none yet (the insurer's decisions arrive without it)."""
    if due < today:
        raise rs.ReservationError("deadline_past", _(
            "The answer deadline cannot be in the past."))
    changed = []
    with store.unit_of_work():
        _consent_open(store, proposal_id)
        for reservation in flow.load_reservations(store, proposal_id):
            if reservation.status is rs.ReservationStatus.CONSENT_REQUESTED \
                    and reservation.consent_due is None:
                moved, event = rs.set_answer_deadline(reservation, due=due, actor=actor, at=at)
                flow.save_reservation(store, moved, event)
                changed.append(moved)
    return changed


def record_consent(store: Store, proposal_id: str, reservation_id: str, *, consented: bool,
                   on: date, today: date, actor: str, at: datetime) -> lc.Proposal:
    """The insured person's written answer to a reservation, given on `on` (004 art. 8 al. 2).

    A refusal drops the products concerned; the others go on (art. 6 al. 6), and the proposal
    takes the outcome of what remains. Once nothing waits for the client, the policy the
    insurer named follows. One unit of work: all of it, or nothing.
    """
    if on > today:
        raise rs.ReservationError("answer_in_future", _(
            "The date of the client's answer cannot be in the future."))
    with store.unit_of_work():
        _consent_open(store, proposal_id)
        reservation = _reservation(store, proposal_id, reservation_id)
        if reservation.status is rs.ReservationStatus.PROPOSED:
            reservation, event = rs.request_consent(reservation, due=None, actor=actor, at=at)
            flow.save_reservation(store, reservation, event)
        move = rs.accept if consented else rs.refuse
        reservation, event = move(reservation, on=on, actor=actor, at=at)
        flow.save_reservation(store, reservation, event)
        if not consented:
            flow.drop_refused(store, proposal_id, actor=actor, at=at)
        _policy_follows(store, proposal_id, actor=actor, at=at)
    return flow.load_proposal(store, proposal_id)


def _policy_follows(store: Store, proposal_id: str, *, actor: str, at: datetime) -> None:
    decisions = decisions_of(store, proposal_id)
    if not decisions or not decisions[-1].policy_number:
        return
    proposal = flow.load_proposal(store, proposal_id)
    reservations = flow.load_reservations(store, proposal_id)
    if proposal.status not in (S.ACCEPTED, S.ACCEPTED_WITH_RESERVATIONS) \
            or rs.awaiting_consent(reservations):
        return
    try:  # the lifecycle's guard: every reserved product consented to
        moved = lc.issue_policy(proposal, reservations=reservations, actor=actor, at=at)
    except lc.LifecycleError:
        return
    flow.persist(store, moved)


def revoke(store: Store, proposal_id: str, *, sent_on: date, today: date, actor: str,
           at: datetime) -> lc.Proposal:
    """The client's revocation, sent on `sent_on` (LCA art. 2a: met if sent by the last day);
    the lifecycle refuses it after the deadline, with the reason."""
    if sent_on > today:
        raise lc.LifecycleError("revocation_in_future", _(
            "The date the client sent the revocation cannot be in the future."))
    return flow.revoke(store, proposal_id, sent_on=sent_on, actor=actor, at=at)
