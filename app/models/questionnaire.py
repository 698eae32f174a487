"""Health questionnaire answers of one person for one proposal (encrypted at rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, RecordMixin, UTCDateTime


class AnswerSet(RecordMixin, Base):
    __tablename__ = "answer_sets"
    __table_args__ = (UniqueConstraint("proposal_id", "person_id", "questionnaire_id"),)

    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    # JSON of the answers, AES-GCM encrypted with the data key (health data, FADP art. 5c).
    answers_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
