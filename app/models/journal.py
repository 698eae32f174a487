"""The change journal (transactional outbox) that the sync ships exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedMixin, IdMixin, UTCDateTime


class JournalEntry(IdMixin, CreatedMixin, Base):
    __tablename__ = "journal"

    # Commit order: the sync ships in this order.
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    operation: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    # "<entity>:<entity_id>:v<version>:<operation>", the same on every retry, so the
    # receiver can drop a change it already applied.
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    # The record after the change; encrypted columns stay ciphertext (base64).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
