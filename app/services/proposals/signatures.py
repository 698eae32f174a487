"""Signatures captured on the device (PNG of the strokes), stored encrypted.

Roles: the insured person, the policyholder, the legal representative of a minor
(seed 002, SWICA: signature of the legal representative) and the agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.models import Proposal, Signature
from app.models.base import new_id
from app.services.store.database import NotFound, Store
from app.services.validation import ValidationError

TABLE, COLUMN = "signatures", "image_ciphertext"
ROLES = ("insured_person", "policyholder", "legal_representative", "agent")


@dataclass(frozen=True)
class SignatureRecord:
    id: str
    proposal_id: str
    person_id: str | None
    document_id: str | None
    signer_name: str
    role: str
    signed_at: datetime
    image: bytes


def add_signature(
    store: Store,
    proposal_id: str,
    signer_name: str,
    role: str,
    image: bytes,
    signed_at: datetime,
    *,
    person_id: str | None = None,
    document_id: str | None = None,
) -> SignatureRecord:
    if role not in ROLES:
        raise ValidationError("role", f"unknown signer role {role!r}")
    if not image:
        raise ValidationError("image", "empty signature")
    vault = store.vault
    with store.unit_of_work() as session:
        if session.get(Proposal, proposal_id) is None:
            raise NotFound(f"proposal {proposal_id}")
        row_id = new_id()
        session.add(
            Signature(
                id=row_id,
                proposal_id=proposal_id,
                person_id=person_id,
                document_id=document_id,
                signer_name=signer_name,
                role=role,
                signed_at=signed_at,
                image_ciphertext=vault.encrypt(image, table=TABLE, column=COLUMN, row_id=row_id),
            )
        )
        session.flush()
        return SignatureRecord(
            row_id, proposal_id, person_id, document_id, signer_name, role, signed_at, image
        )


def signatures_of(store: Store, proposal_id: str) -> list[SignatureRecord]:
    vault = store.vault
    with store.reading() as session:
        rows = session.scalars(
            select(Signature).where(Signature.proposal_id == proposal_id).order_by(Signature.signed_at)
        )
        return [
            SignatureRecord(
                row.id, row.proposal_id, row.person_id, row.document_id, row.signer_name,
                row.role, row.signed_at,
                vault.decrypt(row.image_ciphertext, table=TABLE, column=COLUMN, row_id=row.id),
            )
            for row in rows
        ]
