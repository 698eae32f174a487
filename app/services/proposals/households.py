"""Households and their persons: create, read, update, search.

Views pass plain `HouseholdData`/`PersonData` in and get frozen `HouseholdRecord`/
`PersonRecord` out; no ORM object or session leaves this module. Every write is
one unit of work, journalled and audited by the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.i18n import _
from app.models import Household, Person
from app.services import postal_codes, validation
from app.services.proposals.persons import PersonFields
from app.services.store.database import NotFound, Store, check_version
from app.services.validation import ValidationError, ValidationErrors

ROLES = ("policyholder", "spouse", "partner", "child", "other")


@dataclass(kw_only=True)
class PersonData(PersonFields):
    """A person as the form holds it; `id`/`version` set when editing an existing one."""

    id: str | None = None
    version: int | None = None


@dataclass
class HouseholdData:
    name: str
    language: str
    persons: list[PersonData] = field(default_factory=list)


@dataclass(frozen=True)
class PersonRecord:
    id: str
    version: int
    household_id: str
    position: int
    role: str
    first_name: str
    last_name: str
    sex: str
    birth_date: date
    ahv_number: str | None
    nationality: str
    street: str
    postal_code: str
    locality: str
    municipality: str
    canton: str
    premium_region: int | None
    language: str
    phone: str
    email: str
    iban: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def premium_region_needs_choice(self) -> bool:
        return self.premium_region is None

    def to_data(self) -> PersonData:
        """An editable copy for a form."""
        values = {k: getattr(self, k) for k in PersonData.__dataclass_fields__}
        values["ahv_number"] = self.ahv_number or ""
        return PersonData(**values)


@dataclass(frozen=True)
class HouseholdRecord:
    id: str
    version: int
    name: str
    language: str
    agent_id: str | None
    persons: tuple[PersonRecord, ...]
    created_at: datetime
    updated_at: datetime

    @property
    def policyholder(self) -> PersonRecord:
        return next(p for p in self.persons if p.role == "policyholder")

    def to_data(self) -> HouseholdData:
        return HouseholdData(self.name, self.language, [p.to_data() for p in self.persons])


@dataclass(frozen=True)
class PersonHit:
    """A search result: the person and their household's name."""

    person_id: str
    household_id: str
    household_name: str
    first_name: str
    last_name: str
    birth_date: date
    postal_code: str
    locality: str
    ahv_number: str | None


# -- validation ----------------------------------------------------------------


def check_person(data: PersonData, today: date) -> list[ValidationError]:
    """Every problem of one person, as a save would report it (field names without the
    `persons[i].` prefix): what a form shows beside its fields before saving."""
    return _clean_person(data, "", today)[1]


def _clean_person(data: PersonData, prefix: str, today: date) -> tuple[dict[str, Any], list[ValidationError]]:
    errors: list[ValidationError] = []
    values: dict[str, Any] = {}

    def check(name: str, func: Any, *args: Any) -> None:
        try:
            values[name] = func(*args, f"{prefix}{name}")
        except ValidationError as error:
            errors.append(error)

    check("first_name", validation.required, data.first_name)
    check("last_name", validation.required, data.last_name)
    check("sex", validation.sex, data.sex)
    try:
        values["birth_date"] = validation.birth_date(data.birth_date, today, f"{prefix}birth_date")
    except ValidationError as error:
        errors.append(error)
    if data.role not in ROLES:
        errors.append(ValidationError(f"{prefix}role", _("Unknown role in the household.")))
    values["role"] = data.role
    values["ahv_number"] = None
    if data.ahv_number.strip():
        check("ahv_number", validation.ahv_number, data.ahv_number)
    nationality = data.nationality.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", nationality):
        errors.append(ValidationError(f"{prefix}nationality", _("Use the 2-letter country code.")))
    values["nationality"] = nationality
    check("postal_code", validation.postal_code, data.postal_code)
    canton = data.canton.strip().upper()
    if "postal_code" in values:
        found = postal_codes.cantons_of(values["postal_code"])
        if not canton and len(found) == 1:
            canton = found[0]
        if canton and canton not in found:
            errors.append(
                ValidationError(f"{prefix}canton", _("This postal code is not in that canton."))
            )
    check("canton", validation.canton, canton)
    values["premium_region"] = None
    if "postal_code" in values and "canton" in values:
        lookup = postal_codes.premium_region(
            values["postal_code"], values["canton"], data.municipality or data.locality or None
        )
        region = data.premium_region if data.premium_region is not None else lookup.region
        if region is not None and region not in lookup.candidates:
            errors.append(
                ValidationError(
                    f"{prefix}premium_region", _("This canton has no such premium region.")
                )
            )
        values["premium_region"] = region
    check("language", validation.language, data.language)
    for name, func in (("phone", validation.phone), ("email", validation.email), ("iban", validation.iban)):
        raw = getattr(data, name).strip()
        values[name] = ""
        if raw:
            check(name, func, raw)
    values["street"] = data.street.strip()
    values["locality"] = data.locality.strip()
    values["municipality"] = data.municipality.strip()
    return values, errors


def _clean_household(data: HouseholdData, today: date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    errors: list[ValidationError] = []
    values: dict[str, Any] = {}
    try:
        values["name"] = validation.required(data.name, "name")
    except ValidationError as error:
        errors.append(error)
    try:
        values["language"] = validation.language(data.language, "language")
    except ValidationError as error:
        errors.append(error)
    if sum(1 for p in data.persons if p.role == "policyholder") != 1:
        errors.append(
            ValidationError("persons", _("A household has exactly one policyholder."))
        )
    persons = []
    for index, person in enumerate(data.persons):
        cleaned, person_errors = _clean_person(person, f"persons[{index}].", today)
        persons.append(cleaned)
        errors.extend(person_errors)
    if errors:
        raise ValidationErrors(errors)
    return values, persons


# -- records -------------------------------------------------------------------


def person_record(row: Person) -> PersonRecord:
    return PersonRecord(
        **{name: getattr(row, name) for name in PersonRecord.__dataclass_fields__}
    )


def household_record(row: Household) -> HouseholdRecord:
    return HouseholdRecord(
        id=row.id,
        version=row.version,
        name=row.name,
        language=row.language,
        agent_id=row.agent_id,
        persons=tuple(person_record(p) for p in row.persons),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _load(session: Session, household_id: str) -> Household:
    row = session.scalar(
        select(Household)
        .where(Household.id == household_id)
        .options(selectinload(Household.persons))
    )
    if row is None:
        raise NotFound(f"household {household_id}")
    return row


# -- service API ---------------------------------------------------------------


def create_household(store: Store, data: HouseholdData, *, today: date | None = None) -> HouseholdRecord:
    values, persons = _clean_household(data, today or validation.swiss_today())
    with store.unit_of_work() as session:
        household = Household(agent_id=store.actor_id, persons=[], **values)
        for position, person in enumerate(persons):
            household.persons.append(Person(position=position, **person))
        session.add(household)
        session.flush()
        return household_record(household)


def get_household(store: Store, household_id: str) -> HouseholdRecord:
    with store.reading() as session:
        return household_record(_load(session, household_id))


def update_household(
    store: Store,
    household_id: str,
    data: HouseholdData,
    expected_version: int | None,
    *,
    today: date | None = None,
) -> HouseholdRecord:
    """Replace the household's fields and persons (persons matched by `id`).

    Persons absent from `data` are removed, unless a proposal still covers them.
    """
    values, persons = _clean_household(data, today or validation.swiss_today())
    with store.unit_of_work() as session:
        household = _load(session, household_id)
        check_version("household", household_id, household.version, expected_version)
        for key, value in values.items():
            setattr(household, key, value)
        existing = {p.id: p for p in household.persons}
        kept: list[Person] = []
        for position, (person_data, cleaned) in enumerate(zip(data.persons, persons, strict=True)):
            row = existing.pop(person_data.id, None) if person_data.id else None
            if row is None:
                row = Person(position=position, **cleaned)
            else:
                check_version("person", row.id, row.version, person_data.version)
                row.position = position
                for key, value in cleaned.items():
                    setattr(row, key, value)
            kept.append(row)
        household.persons = kept
        try:
            session.flush()
        except IntegrityError as error:
            raise ValidationErrors(
                [ValidationError("persons", _("A person covered by a proposal cannot be removed."))]
            ) from error
        return household_record(household)


def list_households(store: Store, limit: int = 200, offset: int = 0) -> list[HouseholdRecord]:
    with store.reading() as session:
        rows = session.scalars(
            select(Household)
            .options(selectinload(Household.persons))
            .order_by(Household.updated_at.desc())
            .limit(limit)
            .offset(offset)
        )
        return [household_record(row) for row in rows]


# -- search --------------------------------------------------------------------

_HIT_COLUMNS = (
    "p.id, p.household_id, h.name, p.first_name, p.last_name, p.birth_date, "
    "p.postal_code, p.locality, p.ahv_number"
)


def _hits(session: Session, sql: str, params: dict[str, Any]) -> list[PersonHit]:
    rows = session.execute(text(sql), params).all()
    hits = [
        PersonHit(
            person_id=r[0],
            household_id=r[1],
            household_name=r[2],
            first_name=r[3],
            last_name=r[4],
            birth_date=r[5] if isinstance(r[5], date) else date.fromisoformat(r[5]),
            postal_code=r[6],
            locality=r[7],
            ahv_number=r[8],
        )
        for r in rows
    ]
    return sorted(hits, key=lambda h: (h.last_name.casefold(), h.first_name.casefold()))


def search_by_name(store: Store, query: str, limit: int = 50) -> list[PersonHit]:
    """Persons whose first or last name start with every word typed.

    Case- and accent-insensitive ("zoe" finds "Zoé") through the FTS5 index;
    the first `limit` hits, sorted by name.
    """
    words = re.findall(r"\w+", query)
    if not words:
        return []
    match = " AND ".join(f'"{w}"*' for w in words)
    sql = (
        f"SELECT {_HIT_COLUMNS} FROM person_search "
        "JOIN persons p ON p.rowid = person_search.rowid "
        "JOIN households h ON h.id = p.household_id "
        "WHERE person_search MATCH :match LIMIT :limit"
    )
    with store.reading() as session:
        return _hits(session, sql, {"match": match, "limit": limit})


def _prefix_range(prefix: str) -> tuple[str, str]:
    # Digits only: "756123" <= value < "756124" uses the index, unlike LIKE in SQLite.
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def search_by_ahv(store: Store, query: str, limit: int = 50) -> list[PersonHit]:
    """Persons whose AHV number starts with the digits typed (dots and spaces ignored)."""
    digits = re.sub(r"\D", "", query)
    if not digits:
        return []
    low, high = _prefix_range(digits)
    sql = (
        f"SELECT {_HIT_COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id "
        "WHERE p.ahv_number >= :low AND p.ahv_number < :high LIMIT :limit"
    )
    with store.reading() as session:
        return _hits(session, sql, {"low": low, "high": high, "limit": limit})


def search_by_postal_code(store: Store, query: str, limit: int = 50) -> list[PersonHit]:
    """Persons whose postal code starts with the digits typed ("10" finds 1003 Lausanne)."""
    digits = re.sub(r"\D", "", query)[:4]
    if not digits:
        return []
    low, high = _prefix_range(digits)
    sql = (
        f"SELECT {_HIT_COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id "
        "WHERE p.postal_code >= :low AND p.postal_code < :high LIMIT :limit"
    )
    with store.reading() as session:
        return _hits(session, sql, {"low": low, "high": high, "limit": limit})


def search_persons(store: Store, query: str, limit: int = 50) -> list[PersonHit]:
    """One search box: an AHV number (756...), a postal code (4 digits) or names."""
    compact = re.sub(r"[\s.]", "", query)
    if compact.isdigit():
        if compact.startswith("756") and len(compact) > 4:
            return search_by_ahv(store, compact, limit)
        return search_by_postal_code(store, compact, limit)
    return search_by_name(store, query, limit)
