"""Households and their persons: create, read, update, search.

Views pass plain `HouseholdData`/`PersonData` in and get frozen `HouseholdRecord`/
`PersonRecord` out; no ORM object or session leaves this module. Every write is
one unit of work, journalled and audited by the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

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

    for person_field in fields(PersonFields):  # nothing the server's database would refuse
        value = getattr(data, person_field.name)
        if isinstance(value, str) and validation.has_control_characters(value):
            errors.append(ValidationError(f"{prefix}{person_field.name}", _(
                "This field contains a character that is not text (a control character).")))
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


# -- the clients list ------------------------------------------------------------


class Member(NamedTuple):
    """A person as the clients list shows them (a tuple: a list builds hundreds at once)."""

    first_name: str
    last_name: str
    role: str
    ahv_number: str | None
    postal_code: str
    locality: str
    municipality: str


class ClientLine(NamedTuple):
    """One line of the clients list: a proposal of a household, or a household without one
    (`proposal_id` None), with every member in the household's order."""

    household_id: str
    proposal_id: str | None
    status: str | None
    updated_at: datetime
    members: tuple[Member, ...]

    @property
    def policyholder(self) -> Member:
        return next((m for m in self.members if m.role == "policyholder"), self.members[0])


_FOUND = "SELECT rowid FROM household_search WHERE household_search MATCH :match"


def _households_matching(query: str) -> tuple[str, dict[str, Any]] | None:
    """The condition on `households h` of the households the query finds, or None when
    nothing can match: an AHV number's first digits (756..., on the persons' index), else
    every word typed the start of a member's name or place, a postal code's first digits
    among the places (`household_search`, migration 0005; then `match` is in the dict)."""
    compact = re.sub(r"[\s.]", "", query)
    if compact.isdigit() and compact.startswith("756") and len(compact) > 4:
        low, high = _prefix_range(compact)
        return ("h.id IN (SELECT household_id FROM persons "
                "WHERE ahv_number >= :low AND ahv_number < :high)", {"low": low, "high": high})
    words = re.findall(r"\w+", query)
    if not words:
        return None
    match = (f'{{places}} : "{compact[:4]}"*' if compact.isdigit()
             else " AND ".join(f'"{word}"*' for word in words))
    return f"h.rowid IN ({_FOUND})", {"match": match}


# From the matching households: each proposal at its last change, a household without one
# at its own, the most recent first. Its cost grows with the number of households found.
_LINES = """
SELECT h.id, pr.id, pr.status, coalesce(pr.updated_at, h.updated_at) AS changed
FROM households h {join} proposals pr ON pr.household_id = h.id
WHERE {matching} {status}
ORDER BY changed DESC LIMIT :limit
"""
# When many households match ("z", a common first name, a large town): backwards along the
# (covering) updated_at indexes until `limit` lines match, the proposals first, then the
# households without one changed since the last proposal line kept. Its cost grows with
# the number of households over the number found, so the two meet (about 1,900 found of
# 33,000 for 200 lines, benchmarks/bench_clients_list.py) where hits² = 0.55 x limit x all.
_DENSE = 0.55
_RECENT_PROPOSALS = f"""
SELECT pr.household_id, pr.id, pr.status, pr.updated_at
FROM proposals pr INDEXED BY ix_proposals_updated_at
JOIN households h ON h.id = pr.household_id
WHERE h.rowid IN ({_FOUND})
ORDER BY pr.updated_at DESC LIMIT :limit
"""
_RECENT_WITHOUT = f"""
SELECT h.id, NULL, NULL, h.updated_at
FROM households h INDEXED BY ix_households_updated_at
WHERE h.updated_at >= :since AND h.rowid IN ({_FOUND})
      AND NOT EXISTS (SELECT 1 FROM proposals WHERE household_id = h.id)
ORDER BY h.updated_at DESC LIMIT :limit
"""
# Without a search: the newest proposals and the newest households without one, each read
# backwards along its updated_at index, then merged.
_RECENT = """
SELECT * FROM (SELECT household_id, id, status, updated_at FROM proposals {status}
               ORDER BY updated_at DESC LIMIT :limit)
{households}
ORDER BY 4 DESC LIMIT :limit
"""
_WITHOUT_PROPOSAL = """
UNION ALL
SELECT * FROM (SELECT h.id, NULL, NULL, h.updated_at FROM households h
               WHERE NOT EXISTS (SELECT 1 FROM proposals WHERE household_id = h.id)
               ORDER BY h.updated_at DESC LIMIT :limit)
"""
_MEMBERS = """
SELECT household_id, first_name, last_name, role, ahv_number, postal_code, locality,
       municipality
FROM persons WHERE household_id IN ({ids}) ORDER BY household_id, position
"""

_Line = tuple[str, str | None, str | None, Any]


def _moment(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _dense(cursor: Any, params: dict[str, Any], limit: int) -> bool:
    """Whether so many households match that reading backwards in time is cheaper."""
    found = cursor.execute(f"SELECT count(*) FROM ({_FOUND})", params).fetchone()[0]
    households = cursor.execute("SELECT coalesce(max(rowid), 0) FROM households").fetchone()[0]
    return bool(found * found > _DENSE * limit * households)  # max(rowid): no count scan


def _recent_matching(cursor: Any, params: dict[str, Any], limit: int) -> list[_Line]:
    lines: list[_Line] = cursor.execute(_RECENT_PROPOSALS, params).fetchall()
    since = lines[-1][3] if len(lines) >= limit else ""
    lines += cursor.execute(_RECENT_WITHOUT, {**params, "since": since}).fetchall()
    lines.sort(key=lambda line: line[3], reverse=True)
    return lines[:limit]


def list_clients(store: Store, query: str = "", status: str | None = None,
                 limit: int = 200) -> list[ClientLine]:
    """The clients list: the households the query finds, one line per proposal (of
    `status` when given) and one per household without a proposal (unless a status is
    asked), the most recently changed first, at most `limit`. An empty query lists the
    most recent ones.

    A few statements whatever the number of clients, the lines then their members: under
    10 ms at 100,000 persons (benchmarks/bench_clients_list.py).
    """
    params: dict[str, Any] = {"limit": limit}
    if status:
        params["status"] = status
    found = _households_matching(query) if query.strip() else None
    if query.strip() and found is None:
        return []
    with store.reading() as session:
        # Straight on the driver's cursor, in the session's transaction: SQLAlchemy's result
        # rows cost more than the statements themselves for a list of 200 lines.
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        if found is None:
            lines = cursor.execute(_RECENT.format(
                status="WHERE status = :status" if status else "",
                households="" if status else _WITHOUT_PROPOSAL), params).fetchall()
        else:
            matching, extra = found
            params.update(extra)
            if "match" in params and not status and _dense(cursor, params, limit):
                lines = _recent_matching(cursor, params, limit)
            else:
                lines = cursor.execute(_LINES.format(
                    join="JOIN" if status else "LEFT JOIN", matching=matching,
                    # "+": from the matching households, not along the status index
                    status="AND +pr.status = :status" if status else ""), params).fetchall()
        members: dict[str, list[Member]] = {line[0]: [] for line in lines}
        if members:
            ids = list(members)
            rows = cursor.execute(_MEMBERS.format(ids=", ".join("?" * len(ids))), ids)
            for row in rows.fetchall():
                members[row[0]].append(Member(*row[1:]))
    return [ClientLine(hid, proposal_id, status_value, _moment(changed), tuple(members[hid]))
            for hid, proposal_id, status_value, changed in lines if members[hid]]
