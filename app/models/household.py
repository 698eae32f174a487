"""A household (the policyholder and the members insured with them) and its persons."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, RecordMixin


class Household(RecordMixin, Base):
    __tablename__ = "households"
    # the clients list, most recent first (migration 0005)
    __table_args__ = (Index("ix_households_updated_at", "updated_at", "id"),)

    name: Mapped[str] = mapped_column(String(200))
    # Correspondence language of the household (fr, de, it, en).
    language: Mapped[str] = mapped_column(String(2))
    agent_id: Mapped[str | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), nullable=True, index=True
    )

    persons: Mapped[list[Person]] = relationship(
        back_populates="household",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Person.position",
    )


class Person(RecordMixin, Base):
    __tablename__ = "persons"

    household_id: Mapped[str] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # policyholder, spouse, partner, child, other
    role: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(1))  # "F" or "M", as the premium tables
    birth_date: Mapped[date] = mapped_column(Date)
    # AHV/AVS number, 13 digits without dots (756...); None for a newborn without one yet.
    ahv_number: Mapped[str | None] = mapped_column(String(13), nullable=True, index=True)
    nationality: Mapped[str] = mapped_column(String(2), default="CH")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(4), index=True)
    locality: Mapped[str] = mapped_column(String(100), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    canton: Mapped[str] = mapped_column(String(2))
    # 1..3 (SR 832.106); None while the agent still has to pick it.
    premium_region: Mapped[int | None] = mapped_column(Integer, nullable=True)
    language: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str] = mapped_column(String(16), default="")  # E.164
    email: Mapped[str] = mapped_column(String(254), default="")
    iban: Mapped[str] = mapped_column(String(34), default="")

    household: Mapped[Household] = relationship(back_populates="persons", lazy="raise")
