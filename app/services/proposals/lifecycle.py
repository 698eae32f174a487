"""The life of a proposal, in one place.

    draft ⇄ complete → signed → submitted → accepted ───────────────→ policy_issued
                         │  │              → accepted_with_reservations → policy_issued
                         │  │              → refused   (accepted_with_reservations → accepted
                         │  └→ superseded               or refused when a product drops)
                         └→ revoked  (from signed up to policy_issued, 14 days from signing)
    draft, complete → cancelled → draft   (the client did not go ahead; restored on request)

`TRANSITIONS` is the only table of allowed moves; `transition` checks it, then the guard of
the target state, and returns the new proposal with the `AuditEvent`s the caller persists.
The insurer decides per product (each product is a separate contract, 004 art. 1 al. 3):
refusing or reserving one does not void the others (004 art. 6 al. 6-7; 003 "Fin du
contrat"), so decisions are recorded per item and the proposal's outcome follows from them.
A signed proposal is frozen: it can be revoked or superseded by a new version, never edited.

Everything here is pure: the questionnaire check, eligibility and signatures come in as
arguments (`Evidence`), so the rules are tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from app.i18n import N_, _, ngettext
from app.services.catalogue.contract import revocation_deadline
from app.services.formatting import format_date
from app.services.proposals.answers import Issue
from app.services.proposals.questionnaire import Signer, SignerRole
from app.services.proposals.reservations import Reservation, ReservationStatus, refused_products
from app.services.store.audit_event import AuditEvent, TransitionError, require_aware


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    COMPLETE = "complete"
    SIGNED = "signed"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_RESERVATIONS = "accepted_with_reservations"
    REFUSED = "refused"
    REVOKED = "revoked"
    POLICY_ISSUED = "policy_issued"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


class ItemStatus(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_RESERVATIONS = "accepted_with_reservations"
    REFUSED = "refused"  # by the insurer
    DROPPED = "dropped"  # the client refused its reservation (004 art. 8 al. 2)


S = ProposalStatus
TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    # Only a proposal signed and sent binds the proposer (004 art. 6 al. 1, LCA art. 1):
    # an unsigned one may be set aside, and taken up again.
    S.DRAFT: frozenset({S.COMPLETE, S.CANCELLED}),
    S.COMPLETE: frozenset({S.DRAFT, S.SIGNED, S.CANCELLED}),
    S.CANCELLED: frozenset({S.DRAFT}),
    S.SIGNED: frozenset({S.SUBMITTED, S.REVOKED, S.SUPERSEDED}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.ACCEPTED_WITH_RESERVATIONS, S.REFUSED, S.REVOKED}),
    S.ACCEPTED: frozenset({S.POLICY_ISSUED, S.REVOKED}),
    # The client's refusal of a reservation drops that product: the rest may be plain accepted,
    # or nothing remains.
    S.ACCEPTED_WITH_RESERVATIONS: frozenset({S.ACCEPTED, S.REFUSED, S.POLICY_ISSUED, S.REVOKED}),
    # Revocation stays open after acceptance, within the deadline (LCA art. 2a).
    S.POLICY_ISSUED: frozenset({S.REVOKED}),
    S.REFUSED: frozenset(),
    S.REVOKED: frozenset(),
    S.SUPERSEDED: frozenset(),
}
EDITABLE = frozenset({S.DRAFT, S.COMPLETE})
DECIDED = (S.ACCEPTED, S.ACCEPTED_WITH_RESERVATIONS, S.REFUSED)

STATUS_LABELS = {
    S.DRAFT: N_("draft"),
    S.COMPLETE: N_("complete"),
    S.SIGNED: N_("signed"),
    S.SUBMITTED: N_("submitted"),
    S.ACCEPTED: N_("accepted"),
    S.ACCEPTED_WITH_RESERVATIONS: N_("accepted with reservations"),
    S.REFUSED: N_("refused"),
    S.REVOKED: N_("revoked"),
    S.POLICY_ISSUED: N_("policy issued"),
    S.SUPERSEDED: N_("superseded"),
    S.CANCELLED: N_("cancelled"),
}
ROLE_LABELS = {
    SignerRole.POLICYHOLDER: N_("policyholder"),
    SignerRole.INSURED_PERSON: N_("insured person"),
    SignerRole.LEGAL_REPRESENTATIVE: N_("legal representative"),
    SignerRole.AGENT: N_("agent"),
}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class LifecycleError(TransitionError):
    pass


class Eligibility(Protocol):
    """What `app.services.catalogue.eligibility.check_eligibility` returns (catalogue issue)."""

    @property
    def eligible(self) -> bool: ...

    @property
    def reasons(self) -> Sequence[Any]: ...  # each with a localized `.message`


@dataclass(frozen=True)
class Item:
    """One product for one person: a separate contract once accepted (004 art. 1 al. 3)."""

    id: str
    person_id: str
    product: str
    level: str | None = None
    status: ItemStatus = ItemStatus.PROPOSED
    suggestion: str | None = None  # the underwriting aid's outcome, kept apart from the decision


@dataclass(frozen=True)
class Proposal:
    id: str
    items: tuple[Item, ...]
    version: int = 1
    status: ProposalStatus = S.DRAFT
    signed_on: date | None = None
    document_sha256: str | None = None
    canton: str | None = None  # the proposer's, for public holidays in the revocation deadline
    supersedes: str | None = None

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise LifecycleError("unknown_item", _("This proposal has no item {item}.").format(item=item_id))


@dataclass(frozen=True)
class Signature:
    """A captured signature: `signer_id` signed as `role` for `for_person`."""

    role: SignerRole
    for_person: str
    signer_id: str | None
    signed_at: datetime


@dataclass(frozen=True)
class Evidence:
    """What the guards need; a guard whose evidence is missing refuses (fails closed)."""

    questionnaire_issues: Sequence[Issue] | None = None
    eligibility: Callable[[Item], Eligibility] | None = None
    required_signers: Sequence[Signer] | None = None
    signatures: Sequence[Signature] = ()
    signed_on: date | None = None
    document_sha256: str | None = None
    sent_on: date | None = None
    reservations: Sequence[Reservation] = ()


@dataclass(frozen=True)
class Transition:
    proposal: Proposal
    events: tuple[AuditEvent, ...]


# ---------------------------------------------------------------------------------- guards


def _active(proposal: Proposal) -> list[Item]:
    return [i for i in proposal.items if i.status is not ItemStatus.DROPPED]


def _guard_complete(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
    if not _active(proposal):
        raise LifecycleError("no_products", _("The proposal contains no product."))
    if evidence.questionnaire_issues is None:
        raise LifecycleError("questionnaire_unchecked", _("The health questionnaires have not been checked."))
    issues = evidence.questionnaire_issues
    if issues:
        raise LifecycleError("questionnaire_incomplete", ngettext(
            "The health questionnaires have {count} open point, e.g. {first}",
            "The health questionnaires have {count} open points, e.g. {first}",
            len(issues)).format(count=len(issues), first=issues[0].message))
    if evidence.eligibility is None:
        raise LifecycleError("eligibility_unchecked", _("The products' eligibility has not been checked."))
    refused = []
    for item in _active(proposal):
        result = evidence.eligibility(item)
        if not result.eligible:
            reasons = "; ".join(str(r.message) for r in result.reasons)
            refused.append(f"{item.product} ({reasons})" if reasons else item.product)
    if refused:
        raise LifecycleError("not_eligible", _("These products cannot be proposed: {products}.").format(
            products=", ".join(refused)))
    return {}


def signature_matches(signer: Signer, signature: Signature) -> bool:
    """Role and person concerned decide; who physically signed is recorded, not matched
    (a child may have two parents, either of whom is a legal representative)."""
    return signature.role == signer.role and signature.for_person == signer.for_person


def _guard_signed(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
    if evidence.signed_on is None:
        raise LifecycleError("signing_date_missing", _("The signing date is missing."))
    if evidence.document_sha256 is None or not _SHA256.fullmatch(evidence.document_sha256):
        raise LifecycleError("document_missing", _(
            "The signed proposal document must be stored (its SHA-256 hash) before signing."))
    if evidence.required_signers is None:
        raise LifecycleError("signers_unknown", _("The required signers have not been determined."))
    missing = [s for s in evidence.required_signers
               if not any(signature_matches(s, sig) for sig in evidence.signatures)]
    if missing:
        names = ", ".join(f"{_(ROLE_LABELS[s.role])} ({s.name or s.for_person})" for s in missing)
        raise LifecycleError("signatures_missing", _("Signatures are missing: {signers}.").format(
            signers=names))
    return {"signed_on": evidence.signed_on, "document_sha256": evidence.document_sha256}


def _outcome(items: Sequence[Item]) -> ProposalStatus | None:
    """The proposal's state once the insurer decided on every product; None while pending."""
    if any(i.status is ItemStatus.PROPOSED for i in items):
        return None
    if any(i.status is ItemStatus.ACCEPTED_WITH_RESERVATIONS for i in items):
        return S.ACCEPTED_WITH_RESERVATIONS
    if any(i.status is ItemStatus.ACCEPTED for i in items):
        return S.ACCEPTED
    return S.REFUSED


def _guard_outcome(target: ProposalStatus) -> Callable[[Proposal, Evidence], dict[str, object]]:
    def guard(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
        outcome = _outcome(proposal.items)
        if outcome is None:
            raise LifecycleError("decisions_pending", _(
                "The insurer has not decided on every product yet."))
        if outcome is not target:
            raise LifecycleError("decisions_disagree", _(
                "The decisions on the products make the proposal “{outcome}”, not “{target}”.").format(
                outcome=_(STATUS_LABELS[outcome]), target=_(STATUS_LABELS[target])))
        return {}
    return guard


def _guard_revoked(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
    sent_on, signed_on = evidence.sent_on, proposal.signed_on
    if sent_on is None or signed_on is None:
        raise LifecycleError("revocation_date_missing", _("The date the revocation was sent is missing."))
    if sent_on < signed_on:
        raise LifecycleError("revocation_before_signing", _(
            "The revocation cannot be sent before the proposal was signed."))
    deadline = revocation_deadline(signed_on, proposal.canton)
    if sent_on > deadline:
        raise LifecycleError("revocation_too_late", _(
            "The revocation period ended on {deadline}; a revocation sent on {sent} is too late.").format(
            deadline=format_date(deadline), sent=format_date(sent_on)))
    return {}


def _guard_policy(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
    accepted = [i for i in proposal.items
                if i.status in (ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_WITH_RESERVATIONS)]
    if not accepted:
        raise LifecycleError("nothing_accepted", _("No product was accepted; no policy can be issued."))
    pending = []
    for item in accepted:
        if item.status is ItemStatus.ACCEPTED_WITH_RESERVATIONS:
            decided = [r for r in evidence.reservations
                       if r.decided and r.covers(item.person_id, item.product)]
            if not decided or any(r.status is not ReservationStatus.ACCEPTED_BY_CLIENT for r in decided):
                pending.append(item.product)
    if pending:
        raise LifecycleError("consent_pending", _(
            "The client has not yet consented to every reservation ({products}).").format(
            products=", ".join(dict.fromkeys(pending))))
    return {}


def _no_guard(proposal: Proposal, evidence: Evidence) -> dict[str, object]:
    return {}


_GUARDS: dict[ProposalStatus, Callable[[Proposal, Evidence], dict[str, object]]] = {
    S.DRAFT: _no_guard,
    S.COMPLETE: _guard_complete,
    S.SIGNED: _guard_signed,
    S.SUBMITTED: _no_guard,
    S.ACCEPTED: _guard_outcome(S.ACCEPTED),
    S.ACCEPTED_WITH_RESERVATIONS: _guard_outcome(S.ACCEPTED_WITH_RESERVATIONS),
    S.REFUSED: _guard_outcome(S.REFUSED),
    S.REVOKED: _guard_revoked,
    S.POLICY_ISSUED: _guard_policy,
    S.SUPERSEDED: _no_guard,
    S.CANCELLED: _no_guard,
}


# ----------------------------------------------------------------------------- transitions


def can_move(source: ProposalStatus, target: ProposalStatus) -> bool:
    return target in TRANSITIONS[source]


def _frozen_error() -> LifecycleError:
    return LifecycleError("proposal_frozen", _(
        "A signed proposal cannot be edited; revoke it or create a new version."))


def transition(proposal: Proposal, target: ProposalStatus, *, actor: str, at: datetime,
               reason: str = "", evidence: Evidence = Evidence()) -> Transition:
    """Move `proposal` to `target` if the table allows it and the target's guard passes."""
    require_aware(at)
    if not can_move(proposal.status, target):
        if target is S.DRAFT and proposal.status not in EDITABLE:
            raise _frozen_error()
        raise LifecycleError("invalid_transition", _(
            "A proposal cannot go from “{before}” to “{after}”.").format(
            before=_(STATUS_LABELS[proposal.status]), after=_(STATUS_LABELS[target])))
    changes = _GUARDS[target](proposal, evidence)
    moved = replace(proposal, status=target, **changes)  # type: ignore[arg-type]
    event = AuditEvent("proposal", proposal.id, proposal.id, proposal.status.value, target.value,
                       actor, at, reason)
    return Transition(moved, (event,))


def ensure_editable(proposal: Proposal) -> None:
    if proposal.status is S.CANCELLED:
        raise LifecycleError("proposal_cancelled", _(
            "This proposal was cancelled; restore it before changing it."))
    if proposal.status not in EDITABLE:
        raise _frozen_error()


def edit_items(proposal: Proposal, items: Iterable[Item], *, actor: str, at: datetime,
               reason: str = "products changed") -> Transition:
    """Change the products of a draft; a complete proposal goes back to draft."""
    ensure_editable(proposal)
    edited = replace(proposal, items=tuple(items))
    if proposal.status is S.COMPLETE:
        return transition(edited, S.DRAFT, actor=actor, at=at, reason=reason)
    return Transition(edited, ())


def reopen(proposal: Proposal, *, actor: str, at: datetime, reason: str) -> Transition:
    """Any change to a complete proposal (answers, persons) sends it back to draft."""
    ensure_editable(proposal)
    if proposal.status is S.DRAFT:
        return Transition(proposal, ())
    return transition(proposal, S.DRAFT, actor=actor, at=at, reason=reason)


def complete(proposal: Proposal, *, questionnaire_issues: Sequence[Issue],
             eligibility: Callable[[Item], Eligibility], actor: str, at: datetime) -> Transition:
    """All questions answered (`questionnaire_answers.validate` of every person, joined) and
    every product eligible (`eligibility(item)`)."""
    return transition(proposal, S.COMPLETE, actor=actor, at=at, reason="ready for signature",
                      evidence=Evidence(questionnaire_issues=questionnaire_issues,
                                        eligibility=eligibility))


def sign(proposal: Proposal, *, signed_on: date, required: Sequence[Signer],
         signatures: Sequence[Signature], document_sha256: str, actor: str,
         at: datetime) -> Transition:
    """Every required signer signed (`questionnaire.required_signers`); the signed document's
    hash is stored with the proposal, whose data are frozen from now on."""
    return transition(proposal, S.SIGNED, actor=actor, at=at, reason="signed",
                      evidence=Evidence(required_signers=required, signatures=signatures,
                                        signed_on=signed_on, document_sha256=document_sha256))


def submit(proposal: Proposal, *, actor: str, at: datetime) -> Transition:
    return transition(proposal, S.SUBMITTED, actor=actor, at=at, reason="submitted to the insurer")


def record_decision(proposal: Proposal, item_id: str, decision: ItemStatus, *, actor: str,
                    at: datetime, reservations: Sequence[Reservation] = (),
                    reason: str = "") -> Transition:
    """The insurer's decision on one product; once all are decided, the proposal follows."""
    require_aware(at)
    if proposal.status is not S.SUBMITTED:
        raise LifecycleError("not_submitted", _(
            "The insurer's decisions are recorded only on a submitted proposal."))
    if decision not in (ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_WITH_RESERVATIONS, ItemStatus.REFUSED):
        raise LifecycleError("invalid_decision", _("The insurer accepts, reserves or refuses a product."))
    item = proposal.item(item_id)
    if item.status is not ItemStatus.PROPOSED:
        raise LifecycleError("already_decided", _(
            "The decision on {product} is already recorded.").format(product=item.product))
    if decision is ItemStatus.ACCEPTED_WITH_RESERVATIONS and not any(
            r.decided and r.covers(item.person_id, item.product)
            and r.status is not ReservationStatus.REFUSED_BY_CLIENT for r in reservations):
        raise LifecycleError("reservation_missing", _(
            "Accepting {product} with reservations needs a reservation decided by the insurer.").format(
            product=item.product))
    decided = replace(item, status=decision)
    updated = replace(proposal, items=tuple(decided if i.id == item_id else i for i in proposal.items))
    events = [AuditEvent("proposal_item", item.id, proposal.id, item.status.value, decision.value,
                         actor, at, reason or f"{item.product}: insurer's decision")]
    outcome = _outcome(updated.items)
    if outcome is None:
        return Transition(updated, tuple(events))
    moved = transition(updated, outcome, actor=actor, at=at, reason="all products decided")
    return Transition(moved.proposal, tuple(events) + moved.events)


def drop_refused(proposal: Proposal, reservations: Sequence[Reservation], *, actor: str,
                 at: datetime) -> Transition:
    """Drop the products whose reservation the client refused (004 art. 8 al. 2); the other
    products go on (004 art. 6 al. 6)."""
    require_aware(at)
    if proposal.status in (S.REFUSED, S.REVOKED, S.SUPERSEDED, S.POLICY_ISSUED, S.ACCEPTED):
        raise LifecycleError("proposal_closed", _(
            "The proposal is “{status}”; its products can no longer be dropped.").format(
            status=_(STATUS_LABELS[proposal.status])))
    pairs = refused_products(reservations)
    events: list[AuditEvent] = []
    items = []
    for item in proposal.items:
        if (item.person_id, item.product) in pairs and item.status in (
                ItemStatus.PROPOSED, ItemStatus.ACCEPTED_WITH_RESERVATIONS):
            items.append(replace(item, status=ItemStatus.DROPPED))
            events.append(AuditEvent("proposal_item", item.id, proposal.id, item.status.value,
                                     ItemStatus.DROPPED.value, actor, at,
                                     f"{item.product}: reservation refused by the client"))
        else:
            items.append(item)
    updated = replace(proposal, items=tuple(items))
    outcome = _outcome(updated.items)
    if (events and proposal.status in (S.SUBMITTED, S.ACCEPTED_WITH_RESERVATIONS)
            and outcome is not None and outcome is not proposal.status):
        moved = transition(updated, outcome, actor=actor, at=at, reason="reservation refused")
        return Transition(moved.proposal, tuple(events) + moved.events)
    return Transition(updated, tuple(events))


def revoke(proposal: Proposal, *, sent_on: date, actor: str, at: datetime,
           reason: str = "revoked by the proposer") -> Transition:
    return transition(proposal, S.REVOKED, actor=actor, at=at, reason=reason,
                      evidence=Evidence(sent_on=sent_on))


def issue_policy(proposal: Proposal, *, reservations: Sequence[Reservation], actor: str,
                 at: datetime) -> Transition:
    """Only accepted products are insured; every reservation needs the client's consent."""
    return transition(proposal, S.POLICY_ISSUED, actor=actor, at=at, reason="policy issued",
                      evidence=Evidence(reservations=reservations))


def supersede(proposal: Proposal, *, new_id: str, actor: str, at: datetime,
              reason: str = "replaced by a new version") -> tuple[Transition, Proposal]:
    """Replace a signed proposal by a new draft version carrying the same products."""
    old = transition(proposal, S.SUPERSEDED, actor=actor, at=at, reason=reason)
    items = tuple(replace(i, status=ItemStatus.PROPOSED) for i in proposal.items
                  if i.status is not ItemStatus.DROPPED)
    new = Proposal(new_id, items, version=proposal.version + 1, canton=proposal.canton,
                   supersedes=proposal.id)
    created = AuditEvent("proposal", new_id, new_id, None, S.DRAFT.value, actor, at,
                         f"new version of {proposal.id}")
    return Transition(old.proposal, old.events + (created,)), new
