"""What the laptop remembers about the sync with the insurer (app.services.sync.replica).

Kept in the agent's database so that it changes in the same transaction as the journal
rows it marks shipped and the records it updates from the server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, CreatedMixin, RecordMixin, UTCDateTime


class SyncEntity(Base):
    """Per record: the server version it was last reconciled at and its fields as shipped.

    `shadow` (the wire fields the server holds from us) tells which fields a journal
    snapshot changed, and which local fields are edited but not yet shipped.
    """

    __tablename__ = "sync_entities"
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    server_version: Mapped[int] = mapped_column(Integer, default=0)
    shadow: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncConflict(Base):
    """A field the back office and the agent both changed: the agent decides."""

    __tablename__ = "sync_conflicts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(100))
    base_version: Mapped[int] = mapped_column(Integer)
    server_version: Mapped[int] = mapped_column(Integer)
    server_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    client_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open, mine, theirs
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncDecision(Base):
    """The insurer's decision on a proposal, as pulled (the latest one counts)."""

    __tablename__ = "sync_decisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    feed_seq: Mapped[int] = mapped_column(Integer, unique=True)
    proposal_id: Mapped[str] = mapped_column(String(36), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    policy_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Per product: person, product, outcome (no health detail).
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The reserved conditions, AES-GCM encrypted with the data key like local reservations.
    reservations_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncSetting(Base):
    """Key/value: server, cursor, catalogue and tariff versions; secrets are encrypted."""

    __tablename__ = "sync_settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SyncDocument(Base):
    """A generated document whose file the server has received."""

    __tablename__ = "sync_documents"
    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))
    shipped_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SyncRun(CreatedMixin, Base):
    """The laptop's log of every sync and bundle: when, what, how it ended."""

    __tablename__ = "sync_runs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # sync, bundle
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str] = mapped_column(String(12), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class OfferPricing(RecordMixin, Base):
    """The catalogue and tariff versions an offer was priced with, and its premiums.

    Journalled like the proposal, so the insurer knows which tariff a signed proposal
    was priced with. `lines`: [{"person_id", "product", "monthly": "123.45"}].
    """

    __tablename__ = "offer_pricing"
    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), unique=True
    )
    catalogue_version: Mapped[str] = mapped_column(String(64))
    tariff_version: Mapped[str] = mapped_column(String(64))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    priced_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Repricing(CreatedMixin, Base):
    """A newer tariff changed an unsigned offer's premiums: shown to the agent until seen."""

    __tablename__ = "repricings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    old_tariff_version: Mapped[str] = mapped_column(String(64))
    new_tariff_version: Mapped[str] = mapped_column(String(64))
    # [{"person_id", "product", "old": "120.00", "new": "125.50", "difference": "5.50"}]
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
