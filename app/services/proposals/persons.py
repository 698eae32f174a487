"""What the agent records of a person, as one list of fields.

Kept apart from `households` (which reads and writes them with SQLAlchemy) so the wizard's
draft can share the fields without loading the database layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(kw_only=True)
class PersonFields:
    """What the agent records of a person: the one list of fields the form's draft, the
    store's input and its records share."""

    first_name: str = ""
    last_name: str = ""
    sex: str = ""  # "F" or "M"
    birth_date: date | None = None
    role: str = "policyholder"
    ahv_number: str = ""
    nationality: str = "CH"
    street: str = ""
    postal_code: str = ""
    locality: str = ""
    municipality: str = ""
    canton: str = ""
    premium_region: int | None = None  # None: not yet known (the agent may have to pick)
    language: str = "fr"
    phone: str = ""
    email: str = ""
    iban: str = ""
