"""A proposal (what the household applies for) and its items (one cover for one person)."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, RecordMixin


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"  # being entered; autosaved field by field
    READY = "ready"  # complete, waiting for signatures
    SIGNED = "signed"  # signed by everyone who must sign
    SUBMITTED = "submitted"  # shipped to the insurer by the sync
    CANCELLED = "cancelled"
    # The rest of a proposal's life; the moves are checked in app/services/proposals/lifecycle.py
    # (where "ready" is called "complete").
    ACCEPTED = "accepted"
    ACCEPTED_WITH_RESERVATIONS = "accepted_with_reservations"
    REFUSED = "refused"
    REVOKED = "revoked"
    POLICY_ISSUED = "policy_issued"
    SUPERSEDED = "superseded"


class Proposal(RecordMixin, Base):
    __tablename__ = "proposals"
    # the clients list: by status, or all, most recent first (migration 0005)
    __table_args__ = (Index("ix_proposals_status_updated_at", "status", "updated_at"),
                      Index("ix_proposals_updated_at", "updated_at", "household_id", "status",
                            "id"),
                      Index("ix_proposals_household_lines", "household_id", "updated_at",
                            "status", "id"))

    household_id: Mapped[str] = mapped_column(
        ForeignKey("households.id", ondelete="RESTRICT"), index=True
    )
    agent_id: Mapped[str | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(30), default=ProposalStatus.DRAFT.value)
    # Default start of cover; each item may choose its own.
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    signing_place: Mapped[str] = mapped_column(String(100), default="")
    signing_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(String(2000), default="")
    # SHA-256 of the signed proposal document, stored when signing freezes the data.
    document_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The signed proposal this draft replaces (a signed proposal is never edited).
    supersedes_id: Mapped[str | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), nullable=True
    )

    items: Mapped[list[ProposalItem]] = relationship(
        back_populates="proposal",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="ProposalItem.position",
    )


class ProposalItem(RecordMixin, Base):
    __tablename__ = "proposal_items"

    proposal_id: Mapped[str] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    product_code: Mapped[str] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(40), nullable=True)
    deductible: Mapped[Decimal | None] = mapped_column(nullable=True)
    capital: Mapped[Decimal | None] = mapped_column(nullable=True)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The insurer's decision on this product (lifecycle.ItemStatus): each product is its own
    # contract, refused or reserved alone (seed 004 art. 1 al. 3, art. 6 al. 6).
    # The underwriting aid's suggestion is kept apart, encrypted with the answers.
    decision: Mapped[str] = mapped_column(String(30), default="proposed")

    proposal: Mapped[Proposal] = relationship(back_populates="items", lazy="raise")
