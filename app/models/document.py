"""A generated document (offer, proposal PDF...) and the fingerprint of its bytes."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, RecordMixin


class Document(RecordMixin, Base):
    __tablename__ = "documents"

    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))  # offer, proposal, questionnaire...
    language: Mapped[str] = mapped_column(String(2))
    path: Mapped[str] = mapped_column(String(500))  # relative to the data folder
    sha256: Mapped[str] = mapped_column(String(64))
