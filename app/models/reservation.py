"""A reservation: a pre-existing condition excluded from one cover (encrypted at rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, RecordMixin, UTCDateTime


class Reservation(RecordMixin, Base):
    __tablename__ = "reservations"

    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    product_code: Mapped[str] = mapped_column(String(40))
    # The condition excluded, its wording and duration: JSON, AES-GCM encrypted.
    details_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    # The client's consent to the reservation (seed 004, CGC: reservations need consent).
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
