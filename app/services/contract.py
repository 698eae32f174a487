"""Kept at this path for callers of earlier issues: see `app.services.catalogue.contract`."""

from app.services.catalogue.contract import (
    BINDING_DAYS,
    BINDING_DAYS_MEDICAL,
    REVOCATION_DAYS,
    KeyDates,
    WaitingPeriod,
    cover_end,
    key_dates,
    minimum_term_end,
    notice_deadline_for,
    transfer,
    waiting_periods,
)

__all__ = ["BINDING_DAYS", "BINDING_DAYS_MEDICAL", "REVOCATION_DAYS", "KeyDates", "WaitingPeriod",
           "cover_end", "key_dates", "minimum_term_end", "notice_deadline_for", "transfer",
           "waiting_periods"]
