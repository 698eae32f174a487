"""Households as the wizard edits them: places by postcode, field checks, draft <-> store person.

The form checks with the store's own validators, so it says what the store would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date

from app.i18n import _
from app.services import postal_codes, validation
from app.services.application.draft import (
    PersonDraft,
)
from app.services.application.ports import (
    Place,
    RegionChoice,
)
from app.services.dates import parse_date
from app.services.proposals import households
from app.services.proposals.households import PersonData
from app.services.proposals.persons import PersonFields
from app.services.validation import ValidationError


class StorePlaces:
    def lookup(self, postal_code: str) -> Sequence[Place]:
        return [Place(p.postal_code, p.municipality or p.locality, p.canton, p.locality,
                      postal_codes.language_region(p.postal_code, p.canton) or "")
                for p in postal_codes.localities(postal_code)]

    def premium_region(self, postal_code: str, canton: str, municipality: str) -> RegionChoice:
        try:
            found = postal_codes.premium_region(postal_code, canton or None,
                                                municipality or None)
        except (LookupError, KeyError, ValueError):
            return RegionChoice(None, ())
        return RegionChoice(found.region, found.candidates, found.message)


_FIELD_CHECKS: dict[str, Callable[[str, str], object]] = {
    "ahv_number": validation.ahv_number,
    "iban": validation.iban,
    "postal_code": validation.postal_code,
    "email": validation.email,
    "phone": validation.phone,
}


class StoreChecks:
    """The store's own validators, so the form says what the store would refuse."""

    def __init__(self, today: Callable[[], date]) -> None:
        self.today = today

    def check_field(self, name: str, value: str) -> str | None:
        text = value.strip()
        try:
            if name == "birth_date":
                if text and parse_date(text) is None:
                    return not_a_date(text)
                if text:
                    validation.birth_date(parse_date(text), self.today(), name)
            elif name in _FIELD_CHECKS and text:
                _FIELD_CHECKS[name](text, name)
        except ValidationError as error:
            return error.message
        return None

    def check_person(self, person: PersonDraft, today: date) -> dict[str, str]:
        # The store validates a person exactly so when it is saved (households module).
        errors = households.check_person(person_data(person), today)
        found = {error.field: error.message for error in errors}
        if person.birth_date is None and person.typed_birth_date.strip():
            found["birth_date"] = not_a_date(person.typed_birth_date)
        return found


def not_a_date(text: str) -> str:
    """What was typed, named: "31.02.1984 is not a valid date." (never "required")."""
    return _("{text} is not a valid date.").format(text=text.strip())


def person_data(person: PersonDraft) -> PersonData:
    shared = {f.name: getattr(person, f.name) for f in fields(PersonFields)}
    shared["locality"] = person.locality or person.municipality
    return PersonData(**shared, id=person.store_id, version=person.version)


def person_draft(record: households.PersonRecord) -> PersonDraft:
    shared = {f.name: getattr(record, f.name) for f in fields(PersonFields)}
    shared["ahv_number"] = validation.format_ahv(record.ahv_number) if record.ahv_number else ""
    return PersonDraft(**shared, key=record.id, store_id=record.id, version=record.version)
