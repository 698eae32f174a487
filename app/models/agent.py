"""The accredited agent who uses this laptop (login, key material, lock state)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, RecordMixin, UTCDateTime


class Agent(RecordMixin, Base):
    __tablename__ = "agents"

    name: Mapped[str] = mapped_column(String(200))
    accreditation_number: Mapped[str] = mapped_column(String(50), unique=True)
    # Interface/documents languages the agent works in, e.g. ["fr", "de"].
    languages: Mapped[list[str]] = mapped_column(JSON)
    # argon2id PHC string from argon2-cffi's PasswordHasher (salt and cost inside).
    password_hash: Mapped[str] = mapped_column(String(200))
    # The database's data key, AES-GCM-wrapped by a key derived from the password.
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    kdf_params: Mapped[dict[str, int]] = mapped_column(JSON)
    wrapped_data_key: Mapped[bytes] = mapped_column(LargeBinary)
    # Login throttling survives a restart of the application.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
