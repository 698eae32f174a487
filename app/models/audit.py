"""The append-only audit trail: who changed what, when (database triggers refuse edits)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedMixin, IdMixin


class AuditEntry(IdMixin, CreatedMixin, Base):
    __tablename__ = "audit_entries"

    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(40))  # insert, update, delete, login...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    # Names of the fields changed, never their values: the trail must not copy
    # personal or health data a second time (privacy by design, FADP art. 7).
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
