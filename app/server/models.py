"""The central database (PostgreSQL). Own declarative base: nothing here is shared
with the agent's local store, whose records arrive as generic entities.

Entity rows mirror the agent's records: plain fields in `data` (JSONB), sensitive
fields sealed in `secret` (AES-GCM), and per field who wrote it last, at which
server version and with which agent journal sequence (`meta`), which is what the
merge in `app.server.merge` decides with.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("agent", "backoffice")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONB, list[Any]: JSONB}


def _now() -> Any:
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


class Principal(Base):
    """An accredited agent or a back-office user; authenticates with a token."""

    __tablename__ = "principals"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    accreditation: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    # Ed25519 public key of the agent's laptop: verifies offline bundles.
    signing_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = _now()
    __table_args__ = (CheckConstraint("role IN ('agent', 'backoffice')", name="role"),)


class Entity(Base):
    __tablename__ = "entities"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(64))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(Integer)
    client_version: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    deleted_seq: Mapped[int | None] = mapped_column(BigInteger)
    sealed_seq: Mapped[int | None] = mapped_column(BigInteger)
    sealed_tx: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()
    __table_args__ = (Index("ix_entities_owner_type", "owner_id", "entity_type"),)


class AppliedChange(Base):
    """One row per journal change ever received: the idempotency record."""

    __tablename__ = "applied_changes"
    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"))
    entity_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    sync_id: Mapped[int | None] = mapped_column(ForeignKey("sync_log.id"))
    received_at: Mapped[datetime] = _now()
    __table_args__ = (Index("ix_applied_changes_agent_seq", "agent_id", "seq"),)


class Conflict(Base):
    """A field both sides changed to different values: kept open until resolved."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entities.id"), index=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"), index=True)
    change_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(128))
    base_version: Mapped[int] = mapped_column(Integer)
    server_version: Mapped[int] = mapped_column(Integer)
    server_value: Mapped[Any] = mapped_column(JSONB, nullable=True)
    client_value: Mapped[Any] = mapped_column(JSONB, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = _now()
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint("status IN ('open', 'mine', 'theirs', 'superseded')", name="status"),
    )


class Decision(Base):
    """The insurer's underwriting decision on a signed proposal (latest one counts)."""

    __tablename__ = "decisions"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entities.id"), index=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    policy_number: Mapped[str | None] = mapped_column(String(64))
    items: Mapped[list[Any]] = mapped_column(default=list)
    # Reservations name health conditions: sealed like health answers.
    reservations: Mapped[bytes | None] = mapped_column(LargeBinary)
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"))
    decided_at: Mapped[datetime] = _now()


class FeedEvent(Base):
    """What an agent pulls: decisions and back-office edits, in commit order."""

    __tablename__ = "feed"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"))
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = _now()
    __table_args__ = (Index("ix_feed_agent_seq", "agent_id", "seq"),)


class FeedCounter(Base):
    """One row; its row lock makes feed sequence numbers commit in order."""

    __tablename__ = "feed_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Release(Base):
    """A catalogue or tariff version published for the agents' laptops."""

    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"))
    published_at: Mapped[datetime] = _now()
    __table_args__ = (
        UniqueConstraint("kind", "version"),
        CheckConstraint("kind IN ('catalogue', 'tariff')", name="kind"),
    )


class Document(Base):
    """A generated PDF (offer, signed proposal); immutable once received."""

    __tablename__ = "documents"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"), index=True)
    proposal_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = _now()


class BundleImport(Base):
    __tablename__ = "bundle_imports"
    bundle_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("principals.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    imported_at: Mapped[datetime] = _now()


class SyncLog(Base):
    """Every sync request: who, what, when (server clock), the client's clock, counts."""

    __tablename__ = "sync_log"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    principal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("principals.id"))
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = _now()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    client_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    clock_skew_seconds: Mapped[int | None] = mapped_column(Integer)
    remote: Mapped[str | None] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (Index("ix_sync_log_principal_started", "principal_id", "started_at"),)
