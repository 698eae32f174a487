"""A handwritten-style signature captured on the device (encrypted at rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, RecordMixin, UTCDateTime


class Signature(RecordMixin, Base):
    __tablename__ = "signatures"

    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[str | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True
    )
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True
    )
    signer_name: Mapped[str] = mapped_column(String(200))
    # insured_person, policyholder, legal_representative, agent (seed 002: legal representative)
    role: Mapped[str] = mapped_column(String(30))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # PNG of the strokes, AES-GCM encrypted.
    image_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
