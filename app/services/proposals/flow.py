"""The health questionnaire, reservations and lifecycle of a proposal on the local store.

The rules are pure (`questionnaire`, `questionnaire_answers`, `underwriting`, `reservations`,
`lifecycle`); this module loads what they need from the store, applies them and writes the
result back in ONE unit of work: the new status and item decisions, the encrypted answers
and reservations, and one audit entry per lifecycle event (who, from, to, when, why; no
health detail, FADP art. 7). The store's journal hook records the row changes for the sync.

Conventions with the store: the lifecycle's "complete" is the store's "ready"; a signature's
`person_id` is the person it is given for (the child, for a legal representative's); a
reservation row's `product_code` lists its products separated by commas, its details
(condition, wording, status, suggestion vs decision) are encrypted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Proposal as ProposalRow
from app.models import ProposalItem as ItemRow
from app.models import Reservation as ReservationRow
from app.services.catalogue import LAMAL_CODE, Catalogue
from app.services.catalogue.eligibility import check_eligibility
from app.services.dates import age_on
from app.services.proposals import lifecycle as lc
from app.services.proposals.answer_sets import answer_sets_of, save_answer_set
from app.services.proposals.answers import AnswerSet, Issue, validate
from app.services.proposals.households import HouseholdRecord, PersonRecord, get_household
from app.services.proposals.questionnaire import (
    MAJORITY_AGE,
    Insured,
    Question,
    Signer,
    load_questionnaire,
    required_signers,
)
from app.services.proposals.questionnaire import questions_of as questionnaire_questions_of
from app.services.proposals.records import ItemData, ProposalData, create_proposal, get_proposal
from app.services.proposals.reservations import Origin, Reservation, ReservationStatus
from app.services.proposals.signatures import signatures_of
from app.services.proposals.stored_documents import documents_of
from app.services.proposals.underwriting import PersonAssessment, assess
from app.services.store import audit
from app.services.store.audit_event import AuditEvent
from app.services.store.database import NotFound, Store

QUESTIONNAIRE_ID = "health"
RESERVATIONS = ("reservations", "details_ciphertext")  # table, column: the encryption binding
_STORE_STATUS = {lc.ProposalStatus.COMPLETE: "ready"}
_LIFECYCLE_STATUS = {"ready": lc.ProposalStatus.COMPLETE}
ADULT_ROLES = ("policyholder", "spouse", "partner")


# ---------------------------------------------------------------------- persons, products


def insured(person: PersonRecord, household: HouseholdRecord, on: date,
            without_capacity: Collection[str] = ()) -> Insured:
    """The questionnaire's view of a household member; a child's legal representative is
    taken to be the policyholder (or else the other adult) of the household."""
    adults = [p for p in household.persons if p.role in ADULT_ROLES and p.id != person.id
              and p.id not in without_capacity and age_on(p.birth_date, on) >= MAJORITY_AGE]
    representative = next((p.id for p in adults if p.role == "policyholder"),
                          adults[0].id if adults else None)
    return Insured(person.id, person.birth_date, "female" if person.sex == "F" else "male",
                   person.full_name, person.id not in without_capacity, representative)


def products_by_person(store: Store, proposal_id: str) -> dict[str, list[str]]:
    """Each person's underwritten products in the proposal (dropped ones excluded). The basic
    insurance is not underwritten: the insurer must accept everyone (LAMal art. 4 al. 2), so
    it asks no health question and needs no signature of answers."""
    dropped = _decisions(store, proposal_id)
    found: dict[str, list[str]] = {}
    for item in get_proposal(store, proposal_id).items:
        if item.product_code == LAMAL_CODE:
            continue  # basic insurance admits everyone, without health questions (LAMal art. 4)
        if dropped.get(item.id) != lc.ItemStatus.DROPPED:
            found.setdefault(item.person_id, []).append(item.product_code)
    return found


def questions_of(person: Insured, products: Sequence[str], on: date) -> tuple[Question, ...]:
    """By sex and by age on `on` (the day of the answers, the check or the signing)."""
    return questionnaire_questions_of(person, products, on)


# ------------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class HealthRecord:
    """What is stored, encrypted, per person: the answers and the app's suggestion."""

    answers: AnswerSet
    issues: tuple[Issue, ...]
    assessment: PersonAssessment | None  # None while the answers are incomplete


def save_answers(store: Store, proposal_id: str, answers: AnswerSet, *, today: date, actor: str,
                 at: datetime, language: str | None = None,
                 without_capacity: Collection[str] = ()) -> HealthRecord:
    """Check and store one person's answers (only those their products need).

    A complete proposal goes back to draft: its answers changed. Once complete, the
    underwriting suggestion is computed and stored with the answers (suggested, not decided).
    """
    with _unit(store) as session:
        household = _household_of(store, proposal_id)
        person = next((p for p in household.persons if p.id == answers.person_id), None)
        if person is None:
            raise NotFound(f"person {answers.person_id} in the proposal's household")
        who = insured(person, household, today, without_capacity)
        products = products_by_person(store, proposal_id).get(person.id, [])
        questions = questions_of(who, products, today)
        answers = answers.restricted_to(questions)
        issues = validate(load_questionnaire(answers.version), answers, questions, who, today)
        assessment = None if issues else assess(answers, products, today=today, language=language)
        current = load_proposal(store, proposal_id)
        lc.ensure_editable(current)
        if current.status is lc.ProposalStatus.COMPLETE:
            _write(session, lc.reopen(current, actor=actor, at=at, reason="health answers changed"))
        stored = {"answer_set": json.loads(answers.to_json()),
                  "assessment": _assessment_json(assessment)}
        save_answer_set(store, proposal_id, person.id, QUESTIONNAIRE_ID, answers.version, stored,
                        completed_at=None if issues else at)
        return HealthRecord(answers, issues, assessment)


def _assessment_json(assessment: PersonAssessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {"rules": assessment.rules_version,
            "products": {code: p.outcome.value for code, p in assessment.products.items()}}


def load_answers(store: Store, proposal_id: str) -> dict[str, AnswerSet]:
    """The stored answer sets of a proposal by person (decrypted; the store must be unlocked)."""
    return {record.person_id: AnswerSet.from_json(json.dumps(record.answers["answer_set"]))
            for record in answer_sets_of(store, proposal_id)
            if record.questionnaire_id == QUESTIONNAIRE_ID}


def suggestions(store: Store, proposal_id: str) -> dict[tuple[str, str], str]:
    """The underwriting aid's outcome per (person, product), as stored with the answers."""
    found: dict[tuple[str, str], str] = {}
    for record in answer_sets_of(store, proposal_id):
        stored = record.answers.get("assessment") if record.questionnaire_id == QUESTIONNAIRE_ID else None
        for code, outcome in (stored or {}).get("products", {}).items():
            found[(record.person_id, code)] = outcome
    return found


# -------------------------------------------------------------------------- reservations


def reservation_details(reservation: Reservation) -> dict[str, Any]:
    """The encrypted details of a stored reservation (also written by the sync)."""
    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "condition": reservation.condition, "body_part": reservation.body_part,
        "products": list(reservation.products), "start": day(reservation.start),
        "until": day(reservation.until), "status": reservation.status.value,
        "origin": reservation.origin.value, "rule_id": reservation.rule_id,
        "suggested_wording": reservation.suggested_wording, "decided": reservation.decided,
        "consent_due": day(reservation.consent_due), "consent_on": day(reservation.consent_on),
    }


def _reservation(row: ReservationRow, details: dict[str, Any]) -> Reservation:
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    start = day(details["start"])
    assert start is not None
    return Reservation(
        row.id, row.person_id, row.proposal_id, details["condition"], details["body_part"],
        tuple(details["products"]), start, day(details["until"]),
        ReservationStatus(details["status"]), Origin(details["origin"]), details["rule_id"],
        details["suggested_wording"], bool(details["decided"]), day(details["consent_due"]),
        day(details["consent_on"]))


def save_reservation(store: Store, reservation: Reservation, event: AuditEvent) -> None:
    """Insert or update a reservation (encrypted) and audit its change."""
    if reservation.proposal_id is None:
        raise ValueError("a stored reservation belongs to a proposal")
    vault = store.vault
    with _unit(store) as session:
        row = session.get(ReservationRow, reservation.id)
        if row is None:
            row = ReservationRow(id=reservation.id, proposal_id=reservation.proposal_id,
                                 person_id=reservation.person_id)
            session.add(row)
        row.product_code = ",".join(reservation.products)
        row.details_ciphertext = vault.encrypt_json(reservation_details(reservation), table=RESERVATIONS[0],
                                                    column=RESERVATIONS[1], row_id=reservation.id)
        if reservation.status is ReservationStatus.ACCEPTED_BY_CLIENT:
            row.accepted_at = row.accepted_at or event.at
        else:
            row.accepted_at = None
        session.flush()
        _audit(session, event)


def load_reservations(store: Store, proposal_id: str) -> list[Reservation]:
    vault = store.vault
    with store.reading() as session:
        rows = session.scalars(select(ReservationRow).where(ReservationRow.proposal_id == proposal_id)
                               .order_by(ReservationRow.created_at))
        return [_reservation(row, vault.decrypt_json(row.details_ciphertext, table=RESERVATIONS[0],
                                                     column=RESERVATIONS[1], row_id=row.id))
                for row in rows]


# ----------------------------------------------------------------------------- lifecycle


@contextmanager
def _unit(store: Store) -> Iterator[Session]:
    with store.unit_of_work() as session:
        yield session


def _household_of(store: Store, proposal_id: str) -> HouseholdRecord:
    return get_household(store, get_proposal(store, proposal_id).household_id)


def _decisions(store: Store, proposal_id: str) -> dict[str, lc.ItemStatus]:
    with store.reading() as session:
        rows = session.execute(select(ItemRow.id, ItemRow.decision).where(ItemRow.proposal_id == proposal_id))
        return {item_id: lc.ItemStatus(decision) for item_id, decision in rows}


def load_proposal(store: Store, proposal_id: str) -> lc.Proposal:
    """The lifecycle's view of a stored proposal."""
    with store.reading() as session:
        row = session.get(ProposalRow, proposal_id)
        if row is None:
            raise NotFound(f"proposal {proposal_id}")
        status, signed_on, digest, supersedes = (row.status, row.signing_date, row.document_sha256,
                                                 row.supersedes_id)
    record = get_proposal(store, proposal_id)
    decisions = _decisions(store, proposal_id)
    suggested = suggestions(store, proposal_id) if store.is_unlocked else {}
    items = tuple(lc.Item(i.id, i.person_id, i.product_code, i.level, decisions[i.id],
                          suggested.get((i.person_id, i.product_code))) for i in record.items)
    canton = _household_of(store, proposal_id).policyholder.canton
    return lc.Proposal(proposal_id, items, status=_LIFECYCLE_STATUS.get(status) or lc.ProposalStatus(status),
                       signed_on=signed_on if status not in ("draft", "ready", "cancelled") else None,
                       document_sha256=digest, canton=canton, supersedes=supersedes)


def _audit(session: Session, event: AuditEvent) -> None:
    detail = {"from": event.from_state, "to": event.to_state, "reason": event.reason}
    if event.proposal_id:
        detail["proposal_id"] = event.proposal_id
    audit.write(session.connection(), event.actor, "transition", event.subject, event.subject_id,
                ["status"], detail, at=event.at)


def _write(session: Session, transition: lc.Transition) -> lc.Proposal:
    proposal = transition.proposal
    row = session.get(ProposalRow, proposal.id)
    if row is None:
        raise NotFound(f"proposal {proposal.id}")
    row.status = _STORE_STATUS.get(proposal.status, proposal.status.value)
    if proposal.signed_on is not None:
        row.signing_date = proposal.signed_on
    row.document_sha256 = proposal.document_sha256
    for item in proposal.items:
        item_row = session.get(ItemRow, item.id)
        if item_row is not None and item_row.decision != item.status.value:
            item_row.decision = item.status.value
    session.flush()
    for event in transition.events:
        _audit(session, event)
    return proposal


def persist(store: Store, transition: lc.Transition) -> lc.Proposal:
    """Write a transition computed elsewhere (one unit of work)."""
    with _unit(store) as session:
        return _write(session, transition)


def _apply(store: Store, proposal_id: str, step: Callable[[lc.Proposal], lc.Transition]) -> lc.Proposal:
    with _unit(store) as session:
        return _write(session, step(load_proposal(store, proposal_id)))


def questionnaire_issues(store: Store, proposal_id: str, *, today: date,
                         without_capacity: Collection[str] = ()) -> list[Issue]:
    """Every open point of every person's questionnaire (an unanswered set counts too)."""
    household = _household_of(store, proposal_id)
    stored = load_answers(store, proposal_id)
    issues: list[Issue] = []
    for person_id, products in products_by_person(store, proposal_id).items():
        person = next(p for p in household.persons if p.id == person_id)
        who = insured(person, household, today, without_capacity)
        questions = questions_of(who, products, today)
        if not questions:
            continue
        answers = stored.get(person_id) or AnswerSet(person_id, load_questionnaire().version)
        issues.extend(validate(load_questionnaire(answers.version), answers, questions, who, today))
    return issues


def catalogue_eligibility(store: Store, proposal_id: str, catalogue: Catalogue, *,
                          lamal_insurers: Mapping[str, str] | None = None,
                          requested_on: date | None = None) -> Callable[[lc.Item], Any]:
    """Eligibility of each item from the catalogue (entry ages on the date of the request,
    003 "Conditions d'admission", else on the item's start date; levels; prerequisites such
    as basic insurance at a given insurer)."""
    record = get_proposal(store, proposal_id)
    household = get_household(store, record.household_id)
    births = {p.id: p.birth_date for p in household.persons}
    starts = {i.id: i.start_date or record.start_date for i in record.items}
    insurers = lamal_insurers or {}

    def check(item: lc.Item) -> Any:
        start = starts.get(item.id)
        if start is None:
            raise ValueError(f"item {item.id} ({item.product}) has no start date")
        return check_eligibility(catalogue, item.product, item.level, birth_date=births[item.person_id],
                                 start_date=start, lamal_insurer=insurers.get(item.person_id),
                                 requested_on=requested_on)
    return check


def complete(store: Store, proposal_id: str, *, eligibility: Callable[[lc.Item], lc.Eligibility],
             today: date, actor: str, at: datetime,
             without_capacity: Collection[str] = ()) -> lc.Proposal:
    issues = questionnaire_issues(store, proposal_id, today=today, without_capacity=without_capacity)
    return _apply(store, proposal_id, lambda p: lc.complete(
        p, questionnaire_issues=issues, eligibility=eligibility, actor=actor, at=at))


def signers(store: Store, proposal_id: str, *, on: date, without_capacity: Collection[str] = (),
            agent_id: str | None = None) -> tuple[Signer, ...]:
    """Who must sign (`questionnaire.required_signers`) for this proposal on `on`."""
    household = _household_of(store, proposal_id)
    answering = []
    for person_id, products in products_by_person(store, proposal_id).items():
        person = next(p for p in household.persons if p.id == person_id)
        who = insured(person, household, on, without_capacity)
        if questions_of(who, products, on):
            answering.append(who)
    policyholder = insured(household.policyholder, household, on, without_capacity)
    return required_signers(policyholder, answering, on, agent_id=agent_id)


def sign(store: Store, proposal_id: str, *, signed_on: date, document_id: str, actor: str,
         at: datetime, without_capacity: Collection[str] = (),
         agent_id: str | None = None) -> lc.Proposal:
    """Freeze the proposal: every required signature captured on `document_id`."""
    document = next((d for d in documents_of(store, proposal_id) if d.id == document_id), None)
    if document is None:
        raise NotFound(f"document {document_id} of proposal {proposal_id}")
    captured = [lc.Signature(lc.SignerRole(s.role), s.person_id or agent_id or "", None, s.signed_at)
                for s in signatures_of(store, proposal_id) if s.document_id in (None, document_id)]
    required = signers(store, proposal_id, on=signed_on, without_capacity=without_capacity,
                       agent_id=agent_id)
    return _apply(store, proposal_id, lambda p: lc.sign(
        p, signed_on=signed_on, required=required, signatures=captured,
        document_sha256=document.sha256, actor=actor, at=at))


def submit(store: Store, proposal_id: str, *, actor: str, at: datetime) -> lc.Proposal:
    return _apply(store, proposal_id, lambda p: lc.submit(p, actor=actor, at=at))


def record_decision(store: Store, proposal_id: str, item_id: str, decision: lc.ItemStatus, *,
                    actor: str, at: datetime, reason: str = "") -> lc.Proposal:
    reservations = load_reservations(store, proposal_id)
    return _apply(store, proposal_id, lambda p: lc.record_decision(
        p, item_id, decision, reservations=reservations, actor=actor, at=at, reason=reason))


def drop_refused(store: Store, proposal_id: str, *, actor: str, at: datetime) -> lc.Proposal:
    reservations = load_reservations(store, proposal_id)
    return _apply(store, proposal_id, lambda p: lc.drop_refused(p, reservations, actor=actor, at=at))


def cancel(store: Store, proposal_id: str, *, actor: str, at: datetime,
           reason: str = "the client did not go ahead") -> lc.Proposal:
    """Set an unsigned proposal aside; it stays on file and can be restored."""
    return _apply(store, proposal_id, lambda p: lc.transition(
        p, lc.ProposalStatus.CANCELLED, actor=actor, at=at, reason=reason))


def restore(store: Store, proposal_id: str, *, actor: str, at: datetime) -> lc.Proposal:
    """A cancelled proposal back to draft, as it was."""
    return _apply(store, proposal_id, lambda p: lc.transition(
        p, lc.ProposalStatus.DRAFT, actor=actor, at=at, reason="restored"))


def revoke(store: Store, proposal_id: str, *, sent_on: date, actor: str, at: datetime) -> lc.Proposal:
    return _apply(store, proposal_id, lambda p: lc.revoke(p, sent_on=sent_on, actor=actor, at=at))


def issue_policy(store: Store, proposal_id: str, *, actor: str, at: datetime) -> lc.Proposal:
    reservations = load_reservations(store, proposal_id)
    return _apply(store, proposal_id, lambda p: lc.issue_policy(
        p, reservations=reservations, actor=actor, at=at))


def supersede(store: Store, proposal_id: str, *, actor: str, at: datetime) -> lc.Proposal:
    """Replace a signed proposal by a new draft version: same products (not the dropped ones),
    the answers copied as a starting point; reservations and signatures start afresh."""
    with _unit(store) as session:
        old = load_proposal(store, proposal_id)
        record = get_proposal(store, proposal_id)
        kept = {i.id for i in old.items if i.status is not lc.ItemStatus.DROPPED}
        new_record = create_proposal(store, record.household_id, ProposalData(
            start_date=record.start_date, signing_place=record.signing_place, note=record.note,
            items=[ItemData(i.person_id, i.product_code, i.level, i.deductible, i.capital,
                            dict(i.options), i.start_date) for i in record.items if i.id in kept]))
        moved, _new = lc.supersede(old, new_id=new_record.id, actor=actor, at=at)
        _write(session, moved)
        row = session.get(ProposalRow, new_record.id)
        assert row is not None
        row.supersedes_id = proposal_id
        for answers in answer_sets_of(store, proposal_id):
            save_answer_set(store, new_record.id, answers.person_id, answers.questionnaire_id,
                            answers.questionnaire_version, answers.answers,
                            completed_at=answers.completed_at)
        session.flush()
    return load_proposal(store, new_record.id)
