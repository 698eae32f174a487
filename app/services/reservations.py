"""Reservations (exclusions of a pre-existing condition), stored encrypted.

Seed 004 (CGC Groupe Mutuel): the insurer may accept with reservations, which the
client must accept. `details` is a JSON-serialisable dict (condition, wording,
duration...) encrypted with the data key; `accepted_at` records the consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.models import Person, Proposal, Reservation
from app.models.base import new_id
from app.services.store import NotFound, Store, check_version

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
        row = Reservation(
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
        row = session.get(Reservation, reservation_id)
        if row is None:
            raise NotFound(f"reservation {reservation_id}")
        check_version("reservation", reservation_id, row.version, expected_version)
        row.accepted_at = accepted_at
        session.flush()
        return row.version


def remove_reservation(store: Store, reservation_id: str) -> None:
    with store.unit_of_work() as session:
        row = session.get(Reservation, reservation_id)
        if row is None:
            raise NotFound(f"reservation {reservation_id}")
        session.delete(row)


def reservations_of(store: Store, proposal_id: str) -> list[ReservationRecord]:
    vault = store.vault
    with store.reading() as session:
        rows = session.scalars(
            select(Reservation).where(Reservation.proposal_id == proposal_id).order_by(Reservation.created_at)
        )
        return [
            ReservationRecord(
                row.id, row.version, row.proposal_id, row.person_id, row.product_code,
                vault.decrypt_json(row.details_ciphertext, table=TABLE, column=COLUMN, row_id=row.id),
                row.accepted_at,
            )
            for row in rows
        ]
