"""What a state change leaves behind: an audit record for the caller to persist, and the
error a refused change raises.

The pure services (lifecycle, reservations) never write anywhere; they return
`AuditEvent`s and the caller stores them in the same transaction as the change (the local
store's audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEvent:
    """Who moved what from which state to which, when and why."""

    subject: str  # "proposal", "proposal_item" or "reservation"
    subject_id: str
    proposal_id: str | None
    from_state: str | None  # None when the subject is created
    to_state: str
    actor: str
    at: datetime
    reason: str = ""


class TransitionError(Exception):
    """A refused state change: `code` for programs, `message` (localized) for the agent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def require_aware(at: datetime) -> datetime:
    """Audit times are absolute: a naive datetime would be ambiguous after a time change."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("audit times need a time zone (e.g. datetime.now(UTC))")
    return at
