"""Reservations: the exclusion of a pre-existing condition from a product's cover.

The insurer may reserve a current illness or accident consequence, and earlier ones when
relapses are possible (004 art. 8 al. 1); the reservation runs for the whole contract
(004 art. 8 al. 3), so `until` is None unless an insurer limits it. The insured person must
consent through a consent declaration; without consent within the insurer's time limit,
the insurer may take it that the person renounces that cover (004 art. 8 al. 2): the
product concerned is dropped, the others go on (004 art. 6 al. 6).

Suggested vs decided: a reservation the app suggested (`origin`, `rule_id`,
`suggested_wording`) stays marked as such; `decided` is set only when the insurer decides.
The agent may reword a suggestion until the insurer decides.

The domain functions are pure: they return the new reservation and an `AuditEvent` to
persist. The storage functions at the end (local store issue) keep a reservation's details
encrypted at rest; `app.services.proposals.flow` maps a `Reservation` onto them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from app.i18n import N_, _
from app.models import Person, Proposal
from app.models import Reservation as ReservationRow
from app.models.base import new_id
from app.services.formatting import format_date
from app.services.store.audit_event import AuditEvent, TransitionError, require_aware
from app.services.store.database import NotFound, Store, check_version


class ReservationStatus(StrEnum):
    PROPOSED = "proposed"
    CONSENT_REQUESTED = "consent_requested"
    ACCEPTED_BY_CLIENT = "accepted_by_client"
    REFUSED_BY_CLIENT = "refused_by_client"


class Origin(StrEnum):
    SUGGESTED = "suggested"  # by an underwriting rule (app/services/proposals/underwriting.py)
    AGENT = "agent"  # entered by the agent
    INSURER = "insurer"  # set by the insurer's medical officer


STATUS_LABELS = {
    ReservationStatus.PROPOSED: N_("proposed"),
    ReservationStatus.CONSENT_REQUESTED: N_("consent requested"),
    ReservationStatus.ACCEPTED_BY_CLIENT: N_("accepted by the client"),
    ReservationStatus.REFUSED_BY_CLIENT: N_("refused by the client"),
}

# The single table of allowed moves. Back to consent_requested from accepted_by_client only
# when the insurer decides a wording other than the one consented to (`decide`).
TRANSITIONS: dict[ReservationStatus, frozenset[ReservationStatus]] = {
    ReservationStatus.PROPOSED: frozenset({ReservationStatus.CONSENT_REQUESTED}),
    ReservationStatus.CONSENT_REQUESTED: frozenset({ReservationStatus.ACCEPTED_BY_CLIENT,
                                                    ReservationStatus.REFUSED_BY_CLIENT}),
    ReservationStatus.ACCEPTED_BY_CLIENT: frozenset({ReservationStatus.CONSENT_REQUESTED}),
    ReservationStatus.REFUSED_BY_CLIENT: frozenset(),
}


class ReservationError(TransitionError):
    pass


@dataclass(frozen=True)
class Reservation:
    id: str
    person_id: str
    proposal_id: str | None
    condition: str  # e.g. "meniscus surgery 2024"
    body_part: str  # e.g. "left knee"; "" when the condition has no location
    products: tuple[str, ...]
    start: date
    until: date | None = None  # None: for the whole duration of the contract (004 art. 8 al. 3)
    status: ReservationStatus = ReservationStatus.PROPOSED
    origin: Origin = Origin.AGENT
    rule_id: str | None = None
    suggested_wording: str | None = None
    decided: bool = False
    consent_due: date | None = None
    consent_on: date | None = None

    @property
    def wording(self) -> str:
        """"left knee, meniscus surgery 2024"."""
        return f"{self.body_part}, {self.condition}" if self.body_part else self.condition

    @property
    def permanent(self) -> bool:
        return self.until is None

    def covers(self, person_id: str, product: str) -> bool:
        return self.person_id == person_id and product in self.products


def content_problems(condition: str, products: Sequence[str], start: date,
                     until: date | None) -> dict[str, str]:
    """What is wrong with a reservation's content, by field (condition, products, until):
    the agent's form shows each beside its field; `create` and `reword` refuse the same."""
    problems: dict[str, str] = {}
    if not condition.strip():
        problems["condition"] = _("A reservation needs the condition it excludes.")
    if not products:
        problems["products"] = _("A reservation must name at least one product.")
    if until is not None and until < start:
        problems["until"] = _("A reservation cannot end ({until}) before it starts ({start}).") \
            .format(until=format_date(until), start=format_date(start))
    return problems


_PROBLEM_CODES = {"condition": "condition_missing", "products": "products_missing",
                  "until": "until_before_start"}


def _check_content(condition: str, products: Sequence[str], start: date, until: date | None) -> None:
    problems = content_problems(condition, products, start, until)
    if problems:  # the first, as before: condition, then products, then the end
        field_name, message = next(iter(problems.items()))
        raise ReservationError(_PROBLEM_CODES[field_name], message)


def create(reservation_id: str, person_id: str, proposal_id: str | None, *, condition: str,
           body_part: str, products: Sequence[str], start: date, until: date | None = None,
           origin: Origin = Origin.AGENT, rule_id: str | None = None, actor: str,
           at: datetime) -> tuple[Reservation, AuditEvent]:
    """A new reservation in status "proposed" (suggested by a rule, or entered by the agent)."""
    _check_content(condition, products, start, until)
    reservation = Reservation(
        reservation_id, person_id, proposal_id, condition.strip(), body_part.strip(),
        tuple(products), start, until, origin=origin, rule_id=rule_id,
        suggested_wording=(f"{body_part.strip()}, {condition.strip()}" if body_part.strip()
                           else condition.strip()) if origin is Origin.SUGGESTED else None,
        decided=origin is Origin.INSURER)
    return reservation, _event(reservation, None, actor, at, origin.value)


def _event(reservation: Reservation, before: ReservationStatus | None, actor: str, at: datetime,
           reason: str) -> AuditEvent:
    return AuditEvent("reservation", reservation.id, reservation.proposal_id,
                      before.value if before else None, reservation.status.value, actor,
                      require_aware(at), reason)


def _move(reservation: Reservation, to: ReservationStatus, actor: str, at: datetime, reason: str,
          **changes: object) -> tuple[Reservation, AuditEvent]:
    if to not in TRANSITIONS[reservation.status]:
        raise ReservationError("invalid_transition", _(
            "A reservation cannot go from “{before}” to “{after}”.").format(
            before=_(STATUS_LABELS[reservation.status]), after=_(STATUS_LABELS[to])))
    moved = replace(reservation, status=to, **changes)  # type: ignore[arg-type]
    return moved, _event(moved, reservation.status, actor, at, reason)


def reword(reservation: Reservation, *, condition: str, body_part: str, until: date | None = None,
           products: Sequence[str] | None = None, actor: str,
           at: datetime) -> tuple[Reservation, AuditEvent]:
    """The agent edits a reservation's wording, duration or products before the client is
    asked to consent; a suggestion's first wording stays recorded."""
    if reservation.decided:
        raise ReservationError("decided_by_insurer", _(
            "The insurer decided this reservation; only the insurer can change its wording."))
    if reservation.status is not ReservationStatus.PROPOSED:
        raise ReservationError("consent_under_way", _(
            "The client has already been asked to consent to this reservation; it can no "
            "longer be reworded."))
    codes = tuple(products) if products is not None else reservation.products
    _check_content(condition, codes, reservation.start, until)
    edited = replace(reservation, condition=condition.strip(), body_part=body_part.strip(),
                     until=until, products=codes)
    return edited, _event(edited, reservation.status, actor, at, "reworded")


def request_consent(reservation: Reservation, *, due: date | None, actor: str,
                    at: datetime) -> tuple[Reservation, AuditEvent]:
    """The consent declaration is handed to or sent to the insured person (004 art. 8 al. 2)."""
    return _move(reservation, ReservationStatus.CONSENT_REQUESTED, actor, at, "consent requested",
                 consent_due=due)


def set_answer_deadline(reservation: Reservation, *, due: date, actor: str,
                        at: datetime) -> tuple[Reservation, AuditEvent]:
    """The insurer's time limit for the client's answer (004 art. 8 al. 2), set while the
    answer is awaited: a reservation the insurer decided arrives without it, and the consent
    declaration handed to the client names it."""
    if reservation.status is not ReservationStatus.CONSENT_REQUESTED:
        raise ReservationError("not_awaiting_consent", _(
            "The client's answer to this reservation is not awaited (it is “{status}”).").format(
            status=_(STATUS_LABELS[reservation.status])))
    moved = replace(reservation, consent_due=due)
    return moved, _event(moved, reservation.status, actor, at, "answer deadline set")


def accept(reservation: Reservation, *, on: date, actor: str,
           at: datetime) -> tuple[Reservation, AuditEvent]:
    """The insured person (or the legal representative) signed the consent declaration."""
    return _move(reservation, ReservationStatus.ACCEPTED_BY_CLIENT, actor, at, "consent given",
                 consent_on=on)


def refuse(reservation: Reservation, *, on: date, actor: str, at: datetime,
           reason: str = "consent refused") -> tuple[Reservation, AuditEvent]:
    """The insured person refuses: the products concerned are dropped (004 art. 8 al. 2)."""
    return _move(reservation, ReservationStatus.REFUSED_BY_CLIENT, actor, at, reason, consent_on=on)


def lapse(reservation: Reservation, *, today: date, actor: str,
          at: datetime) -> tuple[Reservation, AuditEvent]:
    """No consent within the insurer's time limit counts as renouncing that cover
    (004 art. 8 al. 2). Allowed only once the due date has passed."""
    due = reservation.consent_due
    if reservation.status is ReservationStatus.CONSENT_REQUESTED and (due is None or today <= due):
        raise ReservationError("consent_not_due", _(
            "The time limit for the client's consent has not passed yet."))
    return _move(reservation, ReservationStatus.REFUSED_BY_CLIENT, actor, at,
                 "no consent within the time limit")


def decide(reservation: Reservation, *, condition: str | None = None, body_part: str | None = None,
           until: date | None = None, actor: str, at: datetime) -> tuple[Reservation, AuditEvent]:
    """Record the insurer's decision, keeping the suggestion it started from.

    A wording different from the one the client consented to needs a new consent.
    """
    if reservation.status is ReservationStatus.REFUSED_BY_CLIENT:
        raise ReservationError("refused_by_client", _(
            "The client refused this reservation; the product concerned is dropped."))
    new_condition = condition.strip() if condition is not None else reservation.condition
    new_part = body_part.strip() if body_part is not None else reservation.body_part
    new_until = until if until is not None else reservation.until
    _check_content(new_condition, reservation.products, reservation.start, new_until)
    changed = (new_condition, new_part, new_until) != (
        reservation.condition, reservation.body_part, reservation.until)
    decided = replace(reservation, condition=new_condition, body_part=new_part, until=new_until,
                      decided=True)
    if changed and reservation.status is ReservationStatus.ACCEPTED_BY_CLIENT:
        return _move(decided, ReservationStatus.CONSENT_REQUESTED, actor, at,
                     "decided by the insurer with another wording: new consent needed",
                     consent_on=None)
    return decided, _event(decided, reservation.status, actor, at, "decided by the insurer")


def refused_products(reservations: Iterable[Reservation]) -> set[tuple[str, str]]:
    """(person, product) pairs the client's refusal drops."""
    return {(r.person_id, product) for r in reservations
            if r.status is ReservationStatus.REFUSED_BY_CLIENT for product in r.products}


def awaiting_consent(reservations: Iterable[Reservation]) -> list[Reservation]:
    """Reservations that still need the client's answer."""
    return [r for r in reservations
            if r.status in (ReservationStatus.PROPOSED, ReservationStatus.CONSENT_REQUESTED)]


# ---------------------------------------------------------- storage (local store, encrypted)

TABLE, COLUMN = "reservations", "details_ciphertext"


@dataclass(frozen=True)
class ReservationRecord:
    id: str
    version: int
    proposal_id: str
    person_id: str
    product_code: str
    details: dict[str, Any]
    accepted_at: datetime | None


def add_reservation(
    store: Store, proposal_id: str, person_id: str, product_code: str, details: dict[str, Any]
) -> ReservationRecord:
    vault = store.vault
    with store.unit_of_work() as session:
        proposal = session.get(Proposal, proposal_id)
        person = session.get(Person, person_id)
        if proposal is None or person is None or person.household_id != proposal.household_id:
            raise NotFound(f"proposal {proposal_id} with person {person_id}")
        row_id = new_id()
        row = ReservationRow(
            id=row_id,
            proposal_id=proposal_id,
            person_id=person_id,
            product_code=product_code,
            details_ciphertext=vault.encrypt_json(details, table=TABLE, column=COLUMN, row_id=row_id),
        )
        session.add(row)
        session.flush()
        return ReservationRecord(row_id, row.version, proposal_id, person_id, product_code, dict(details), None)


def accept_reservation(
    store: Store, reservation_id: str, accepted_at: datetime, expected_version: int | None = None
) -> int:
    with store.unit_of_work() as session:
        row = session.get(ReservationRow, reservation_id)
        if row is None:
            raise NotFound(f"reservation {reservation_id}")
        check_version("reservation", reservation_id, row.version, expected_version)
        row.accepted_at = accepted_at
        session.flush()
        return row.version


def remove_reservation(store: Store, reservation_id: str) -> None:
    with store.unit_of_work() as session:
        row = session.get(ReservationRow, reservation_id)
        if row is None:
            raise NotFound(f"reservation {reservation_id}")
        session.delete(row)


def reservations_of(store: Store, proposal_id: str) -> list[ReservationRecord]:
    vault = store.vault
    with store.reading() as session:
        rows = session.scalars(
            select(ReservationRow).where(ReservationRow.proposal_id == proposal_id).order_by(ReservationRow.created_at)
        )
        return [
            ReservationRecord(
                row.id, row.version, row.proposal_id, row.person_id, row.product_code,
                vault.decrypt_json(row.details_ciphertext, table=TABLE, column=COLUMN, row_id=row.id),
                row.accepted_at,
            )
            for row in rows
        ]
