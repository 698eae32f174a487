"""Proposals and their items: create, autosave field by field, listing, deleting a draft.

A draft is saved as the agent types: `save_draft` writes one field in its own
small transaction (with journal and audit), so a crash loses at most the field
being edited. Only drafts and ready proposals (`EDITABLE`) can change. The status
itself changes only through `app.services.proposals.flow` (the lifecycle, with its
guards and audit trail); this module never writes it.

A proposal never signed (`DELETABLE`) may be deleted outright, with everything under it:
each row is deleted through the ORM, so the journal records a "delete" per row and the
sync ships them (the server keeps tombstones, app/server/merge.py). Only a proposal signed
and sent binds the client (seed 004 art. 6 al. 1, LCA art. 1): a signed one is never
deleted, it is revoked or superseded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from app.i18n import _
from app.models import (
    AnswerSet,
    Document,
    Household,
    OfferPricing,
    Person,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Reservation,
    Signature,
    SyncConflict,
)
from app.services.store import audit
from app.services.store.database import NotFound, Store, check_version
from app.services.validation import ValidationError, ValidationErrors

EDITABLE = (ProposalStatus.DRAFT, ProposalStatus.READY)
# Never signed: what may be deleted (the lifecycle's draft, complete and cancelled).
DELETABLE = (ProposalStatus.DRAFT, ProposalStatus.READY, ProposalStatus.CANCELLED)
PROPOSAL_FIELDS = ("start_date", "signing_place", "signing_date", "note")
ITEM_FIELDS = ("person_id", "product_code", "level", "deductible", "capital", "options", "start_date")


class InvalidState(Exception):
    """The proposal's status does not allow this (e.g. editing a signed proposal)."""


class NotDeletable(InvalidState):
    """A proposal that must stay on file; `message` says why, for the agent."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DeletedProposal:
    """What was deleted: the household stays, with or without other proposals."""

    id: str
    household_id: str
    status: ProposalStatus
    rows: int  # the proposal and the rows under it, each journalled as deleted


@dataclass
class ItemData:
    person_id: str
    product_code: str
    level: str | None = None
    deductible: Decimal | None = None
    capital: Decimal | None = None
    options: dict[str, Any] = field(default_factory=dict)
    start_date: date | None = None
    id: str | None = None


@dataclass
class ProposalData:
    start_date: date | None = None
    signing_place: str = ""
    signing_date: date | None = None
    note: str = ""
    items: list[ItemData] = field(default_factory=list)


@dataclass(frozen=True)
class ItemRecord:
    id: str
    version: int
    proposal_id: str
    person_id: str
    position: int
    product_code: str
    level: str | None
    deductible: Decimal | None
    capital: Decimal | None
    options: dict[str, Any]
    start_date: date | None


@dataclass(frozen=True)
class ProposalRecord:
    id: str
    version: int
    household_id: str
    agent_id: str | None
    status: ProposalStatus
    start_date: date | None
    signing_place: str
    signing_date: date | None
    note: str
    items: tuple[ItemRecord, ...]
    created_at: datetime
    updated_at: datetime

    def to_data(self) -> ProposalData:
        return ProposalData(
            start_date=self.start_date,
            signing_place=self.signing_place,
            signing_date=self.signing_date,
            note=self.note,
            items=[
                ItemData(
                    i.person_id, i.product_code, i.level, i.deductible, i.capital,
                    dict(i.options), i.start_date, i.id,
                )
                for i in self.items
            ],
        )


@dataclass(frozen=True)
class ProposalSummary:
    id: str
    version: int
    household_id: str
    household_name: str
    status: ProposalStatus
    start_date: date | None
    item_count: int
    updated_at: datetime


def item_record(row: ProposalItem) -> ItemRecord:
    return ItemRecord(
        id=row.id,
        version=row.version,
        proposal_id=row.proposal_id,
        person_id=row.person_id,
        position=row.position,
        product_code=row.product_code,
        level=row.level,
        deductible=row.deductible,
        capital=row.capital,
        options=dict(row.options),
        start_date=row.start_date,
    )


def proposal_record(row: Proposal) -> ProposalRecord:
    return ProposalRecord(
        id=row.id,
        version=row.version,
        household_id=row.household_id,
        agent_id=row.agent_id,
        status=ProposalStatus(row.status),
        start_date=row.start_date,
        signing_place=row.signing_place,
        signing_date=row.signing_date,
        note=row.note,
        items=tuple(item_record(i) for i in row.items),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


# -- field coercion (drafts accept partial input, never wrong types) -----------


def _coerce(name: str, value: Any, prefix: str = "") -> Any:
    path = f"{prefix}{name}"
    if name in ("start_date", "signing_date"):
        if value is None or isinstance(value, date):
            return value
        raise ValidationError(path, _("Enter a date."))
    if name in ("deductible", "capital"):
        if value is None or value == "":
            return None
        try:
            amount = value if isinstance(value, Decimal) else Decimal(str(value))
        except InvalidOperation as error:
            raise ValidationError(path, _("Enter an amount in francs.")) from error
        if isinstance(value, float) or not amount.is_finite() or amount < 0:
            raise ValidationError(path, _("Enter an amount in francs."))
        return amount
    if name == "options":
        if not isinstance(value, dict):
            raise ValidationError(path, _("Invalid options."))
        return dict(value)
    if name == "product_code":
        text = str(value or "").strip()
        if not text:
            raise ValidationError(path, _("This field is required."))
        return text
    if name == "level":
        return (str(value).strip() or None) if value is not None else None
    if name in ("signing_place", "note", "person_id"):
        return str(value or "").strip()
    raise ValidationError(path, _("This field cannot be changed here."))


def _clean_items(session: Session, household_id: str, items: list[ItemData]) -> list[dict[str, Any]]:
    members = set(session.scalars(select(Person.id).where(Person.household_id == household_id)))
    errors: list[ValidationError] = []
    cleaned = []
    for index, item in enumerate(items):
        prefix = f"items[{index}]."
        values: dict[str, Any] = {}
        for name in ITEM_FIELDS:
            try:
                values[name] = _coerce(name, getattr(item, name), prefix)
            except ValidationError as error:
                errors.append(error)
        if item.person_id not in members:
            errors.append(
                ValidationError(f"{prefix}person_id", _("This person is not in the household."))
            )
        cleaned.append(values)
    if errors:
        raise ValidationErrors(errors)
    return cleaned


def _load(session: Session, proposal_id: str) -> Proposal:
    row = session.scalar(
        select(Proposal).where(Proposal.id == proposal_id).options(selectinload(Proposal.items))
    )
    if row is None:
        raise NotFound(f"proposal {proposal_id}")
    return row


def _require_editable(row: Proposal) -> None:
    if ProposalStatus(row.status) not in EDITABLE:
        raise InvalidState(f"proposal {row.id} is {row.status} and can no longer change")


def _reopen(session: Session, row: Proposal, reason: str) -> None:
    """Changed products send a complete proposal back to draft, so eligibility and the
    questionnaires are checked again before signing (the rule of lifecycle.edit_items)."""
    if ProposalStatus(row.status) is not ProposalStatus.READY:
        return
    row.status = ProposalStatus.DRAFT.value
    audit.write(session.connection(), session.info.get("actor_id"), "transition", "proposal",
                row.id, ["status"], {"from": "complete", "to": "draft", "reason": reason})


def _item_snapshot(rows: list[ProposalItem]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(row, name) for name in ITEM_FIELDS) for row in rows]


# -- service API ---------------------------------------------------------------


def create_proposal(
    store: Store, household_id: str, data: ProposalData | None = None
) -> ProposalRecord:
    data = data or ProposalData()
    with store.unit_of_work() as session:
        if session.get(Household, household_id) is None:
            raise NotFound(f"household {household_id}")
        items = _clean_items(session, household_id, data.items)
        proposal = Proposal(
            household_id=household_id,
            agent_id=store.actor_id,
            status=ProposalStatus.DRAFT.value,
            items=[ProposalItem(position=i, **values) for i, values in enumerate(items)],
            **{name: _coerce(name, getattr(data, name)) for name in PROPOSAL_FIELDS},
        )
        session.add(proposal)
        session.flush()
        return proposal_record(proposal)


def get_proposal(store: Store, proposal_id: str) -> ProposalRecord:
    with store.reading() as session:
        return proposal_record(_load(session, proposal_id))


def save_proposal(
    store: Store, proposal_id: str, data: ProposalData, expected_version: int | None
) -> ProposalRecord:
    """Replace the proposal's fields and items (items matched by `id`)."""
    with store.unit_of_work() as session:
        proposal = _load(session, proposal_id)
        check_version("proposal", proposal_id, proposal.version, expected_version)
        _require_editable(proposal)
        items = _clean_items(session, proposal.household_id, data.items)
        before = _item_snapshot(list(proposal.items))
        for name in PROPOSAL_FIELDS:
            setattr(proposal, name, _coerce(name, getattr(data, name)))
        existing = {i.id: i for i in proposal.items}
        kept = []
        for position, (item, values) in enumerate(zip(data.items, items, strict=True)):
            row = existing.get(item.id) if item.id else None
            if row is None:
                row = ProposalItem(position=position, **values)
            else:
                row.position = position
                for key, value in values.items():
                    setattr(row, key, value)
            kept.append(row)
        proposal.items = kept
        if _item_snapshot(kept) != before:
            _reopen(session, proposal, "products changed")
        session.flush()
        return proposal_record(proposal)


def save_draft(
    store: Store, proposal_id: str, field_name: str, value: Any, expected_version: int | None = None
) -> int:
    """Autosave one field of a proposal; returns the proposal's new version."""
    if field_name not in PROPOSAL_FIELDS:
        raise ValidationError(field_name, _("This field cannot be changed here."))
    clean = _coerce(field_name, value)
    with store.unit_of_work() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFound(f"proposal {proposal_id}")
        check_version("proposal", proposal_id, proposal.version, expected_version)
        _require_editable(proposal)
        setattr(proposal, field_name, clean)
        session.flush()
        return proposal.version


def save_item_draft(
    store: Store, item_id: str, field_name: str, value: Any, expected_version: int | None = None
) -> int:
    """Autosave one field of an item; returns the item's new version."""
    if field_name not in ITEM_FIELDS or field_name == "person_id":
        raise ValidationError(field_name, _("This field cannot be changed here."))
    clean = _coerce(field_name, value)
    with store.unit_of_work() as session:
        item = session.get(ProposalItem, item_id)
        if item is None:
            raise NotFound(f"proposal item {item_id}")
        check_version("proposal_item", item_id, item.version, expected_version)
        proposal = session.get(Proposal, item.proposal_id)
        assert proposal is not None
        _require_editable(proposal)
        if getattr(item, field_name) != clean:
            setattr(item, field_name, clean)
            _reopen(session, proposal, "products changed")
        session.flush()
        return item.version


def add_item(store: Store, proposal_id: str, item: ItemData) -> ItemRecord:
    with store.unit_of_work() as session:
        proposal = _load(session, proposal_id)
        _require_editable(proposal)
        (values,) = _clean_items(session, proposal.household_id, [item])
        row = ProposalItem(position=len(proposal.items), **values)
        proposal.items.append(row)
        _reopen(session, proposal, "product added")
        session.flush()
        return item_record(row)


def remove_item(store: Store, item_id: str) -> None:
    with store.unit_of_work() as session:
        item = session.get(ProposalItem, item_id)
        if item is None:
            raise NotFound(f"proposal item {item_id}")
        proposal = session.get(Proposal, item.proposal_id)
        assert proposal is not None
        _require_editable(proposal)
        session.delete(item)
        _reopen(session, proposal, "product removed")


def list_proposals(
    store: Store,
    status: ProposalStatus | None = None,
    household_id: str | None = None,
    limit: int = 200,
) -> list[ProposalSummary]:
    """Proposals, most recently changed first, optionally of one status or household."""
    count = (
        select(func.count(ProposalItem.id))
        .where(ProposalItem.proposal_id == Proposal.id)
        .correlate(Proposal)
        .scalar_subquery()
    )
    query = (
        select(Proposal, Household.name, count)
        .join(Household, Household.id == Proposal.household_id)
        .order_by(Proposal.updated_at.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(Proposal.status == status.value)
    if household_id is not None:
        query = query.where(Proposal.household_id == household_id)
    with store.reading() as session:
        return [
            ProposalSummary(
                id=row.id,
                version=row.version,
                household_id=row.household_id,
                household_name=name,
                status=ProposalStatus(row.status),
                start_date=row.start_date,
                item_count=items,
                updated_at=row.updated_at,
            )
            for row, name, items in session.execute(query)
        ]


# -- deleting a draft ----------------------------------------------------------

# The rows under a proposal besides its items, deleted before it: the database would
# otherwise cascade them away unjournalled.
_PARTS: tuple[type[Any], ...] = (Signature, Reservation, AnswerSet, Document, OfferPricing)


def delete_proposal(store: Store, proposal_id: str,
                    expected_version: int | None = None) -> DeletedProposal:
    """Delete a proposal never signed and every row under it, in one unit of work.

    Each row deleted gets its journal row (the sync tells the server) and its audit entry
    (the store's journal hook); one more audit entry, "delete_draft", says which proposal
    of which household went and in which status. Refused (`NotDeletable`) for a signed
    proposal, and for a draft that replaces a signed one (`supersedes_id`): the old one is
    "superseded" by it, and only a cancelled new version keeps that history readable.
    """
    with store.unit_of_work() as session:
        proposal = _load(session, proposal_id)
        check_version("proposal", proposal_id, proposal.version, expected_version)
        status = ProposalStatus(proposal.status)
        if status not in DELETABLE:
            raise NotDeletable(_(
                "A signed proposal cannot be deleted: it is what the client signed. Revoke "
                "it or create a new version."))
        if proposal.supersedes_id is not None:
            raise NotDeletable(_(
                "This draft is the new version of a signed proposal and cannot be deleted: "
                "cancel it if the client does not go ahead."))
        parts = [row for model in _PARTS for row in session.scalars(
            select(model).where(model.proposal_id == proposal_id))]
        for row in parts:
            session.delete(row)
        session.flush()
        ids = [proposal_id, *(row.id for row in parts), *(item.id for item in proposal.items)]
        session.delete(proposal)  # and its items, through the relationship's cascade
        session.flush()
        # Conflicts still open on these records have nothing left to settle.
        session.execute(update(SyncConflict).where(
            SyncConflict.entity_id.in_(ids), SyncConflict.status == "open")
            .values(status="superseded"))
        audit.write(session.connection(), session.info.get("actor_id"), "delete_draft",
                    "proposal", proposal_id, [], {
                        "status": status.value, "household_id": proposal.household_id,
                        "rows": len(ids), "reason": "deleted by the agent"})
        return DeletedProposal(proposal_id, proposal.household_id, status, len(ids))
