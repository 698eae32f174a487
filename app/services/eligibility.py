"""Kept at this path for callers of earlier issues: see `app.services.catalogue.eligibility`."""

from app.services.catalogue.eligibility import (
    AGE_ABOVE_MAX,
    AGE_BELOW_MIN,
    REQUIRES_LAMAL_AT,
    UNKNOWN_LEVEL,
    Eligibility,
    Reason,
    check_eligibility,
    widest_age_limits,
)

__all__ = ["AGE_ABOVE_MAX", "AGE_BELOW_MIN", "REQUIRES_LAMAL_AT", "UNKNOWN_LEVEL", "Eligibility",
           "Reason", "check_eligibility", "widest_age_limits"]
