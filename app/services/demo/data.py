"""Demo data: a realistic set of households for trying Propono, and a demo agent.

Deterministic (seeded), all three language regions, couples with children,
single parents, young adults and seniors. Products are codes of seed 003
(Groupe Mutuel overview: GL Global, HC hospital, SC complementary care, HS
senior hospital) and "LAMAL" for the basic insurance.

`make run` is `propono --demo`: on a machine without a database (or with one still
without agent) the desktop start-up calls `add_demo_data`. `ensure_demo_database(path)`
creates the demo database when none exists and leaves an existing one alone.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from stdnum import ean
from stdnum import iban as stdnum_iban

from app.paths import data_dir
from app.services import agents, postal_codes
from app.services.catalogue import Catalogue, load_catalogue
from app.services.catalogue.eligibility import check_eligibility
from app.services.demo import proposals as demo_proposals
from app.services.proposals import households
from app.services.proposals import records as proposals
from app.services.proposals.households import HouseholdData, PersonData
from app.services.proposals.records import ItemData, ProposalData
from app.services.store.crypto import KdfParams
from app.services.store.database import Store
from app.services.store.schema import open_store

DEMO_PASSWORD = "demo-agent-2026"
DEMO_AGENT = agents.ProfileData(
    name="Claire Demierre",
    accreditation_number="CICERO-DEMO-0001",
    languages=["fr", "de", "it"],
    password=DEMO_PASSWORD,
)
DATABASE_NAME = "propono.sqlite"
START = date(2027, 1, 1)  # the demo proposals' start date


@dataclass(frozen=True)
class _Place:
    postal_code: str
    locality: str
    canton: str
    language: str
    streets: tuple[str, ...]


PLACES = (
    _Place("1003", "Lausanne", "VD", "fr", ("Avenue de la Gare", "Rue de Bourg", "Chemin des Vignes")),
    _Place("1700", "Fribourg", "FR", "fr", ("Rue de Romont", "Route du Jura")),
    _Place("1950", "Sion", "VS", "fr", ("Rue du Rhône", "Avenue de Tourbillon")),
    _Place("1205", "Genève", "GE", "fr", ("Boulevard Carl-Vogt", "Rue de Carouge")),
    _Place("2000", "Neuchâtel", "NE", "fr", ("Rue des Moulins", "Faubourg de l'Hôpital")),
    _Place("2800", "Delémont", "JU", "fr", ("Rue de la Maltière", "Route de Bâle")),
    _Place("8001", "Zürich", "ZH", "de", ("Bahnhofstrasse", "Rennweg", "Limmatquai")),
    _Place("3011", "Bern", "BE", "de", ("Kramgasse", "Marktgasse", "Spitalgasse")),
    _Place("6003", "Luzern", "LU", "de", ("Pilatusstrasse", "Hirschmattstrasse")),
    _Place("9000", "St. Gallen", "SG", "de", ("Multergasse", "Rorschacher Strasse")),
    _Place("5000", "Aarau", "AG", "de", ("Bahnhofstrasse", "Laurenzenvorstadt")),
    _Place("4410", "Liestal", "BL", "de", ("Rathausstrasse", "Kanonengasse")),
    _Place("6900", "Lugano", "TI", "it", ("Via Nassa", "Corso Pestalozzi", "Via Cattedrale")),
    _Place("6500", "Bellinzona", "TI", "it", ("Viale Stazione", "Piazza Collegiata")),
    _Place("6600", "Locarno", "TI", "it", ("Via Borghese", "Piazza Grande")),
)

NAMES = {
    "fr": {
        "last": ("Rochat", "Favre", "Berset", "Monnier", "Perrin", "Chappuis", "Dubois", "Girard", "Rey", "Jaquier"),
        "F": ("Zoé", "Chloé", "Léa", "Amélie", "Céline", "Hélène", "Manon", "Noémie"),
        "M": ("Jérôme", "Luc", "Théo", "François", "Julien", "Loïc", "Mathéo", "André"),
    },
    "de": {
        "last": ("Müller", "Meier", "Schneider", "Brunner", "Keller", "Huber", "Zürcher", "Bühler", "Gerber", "Frei"),
        "F": ("Anna", "Lea", "Jana", "Bärbel", "Sophie", "Mia", "Ursula", "Käthi"),
        "M": ("Lukas", "Jonas", "Noah", "Jürg", "Beat", "Reto", "Andreas", "Matthias"),
    },
    "it": {
        "last": ("Bernasconi", "Rossi", "Bianchi", "Lepori", "Ferrari", "Pedrazzini", "Gianola", "Cattaneo"),
        "F": ("Giulia", "Chiara", "Sofia", "Aurora", "Elena", "Francesca", "Noemi"),
        "M": ("Luca", "Matteo", "Nicolò", "Alessandro", "Marco", "Davide", "Sandro"),
    },
}


def _ahv(rng: random.Random) -> str:
    body = "756" + "".join(str(rng.randrange(10)) for _ in range(9))
    return body + ean.calc_check_digit(body)


def _iban(rng: random.Random) -> str:
    bban = "".join(str(rng.randrange(10)) for _ in range(17))
    return "CH" + stdnum_iban.calc_check_digits("CH00" + bban) + bban


def _phone(rng: random.Random) -> str:
    return f"07{rng.choice('6789')} {rng.randrange(100, 1000)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}"


def _birth(rng: random.Random, year: int) -> date:
    return date(year, rng.randrange(1, 13), rng.randrange(1, 29))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _person(
    rng: random.Random, place: _Place, last: str, street: str, sex: str, year: int, role: str,
    adult: bool,
) -> PersonData:
    first = rng.choice(NAMES[place.language][sex])
    return PersonData(
        first_name=first,
        last_name=last,
        sex=sex,
        birth_date=_birth(rng, year),
        role=role,
        ahv_number=_ahv(rng),
        street=street,
        postal_code=place.postal_code,
        locality=place.locality,
        municipality=place.locality,
        canton=place.canton,
        language=place.language,
        phone=_phone(rng) if adult else "",
        email=f"{_ascii(first)}.{_ascii(last)}@example.ch".replace(" ", "") if adult else "",
        iban=_iban(rng) if adult else "",
    )


def demo_households(count: int = 36, seed: int = 2026) -> list[HouseholdData]:
    """`count` households: couples with 1-3 children, single parents, singles, seniors."""
    rng = random.Random(seed)
    result = []
    for index in range(count):
        place = PLACES[index % len(PLACES)]
        names = NAMES[place.language]
        last = rng.choice(names["last"])
        street = f"{rng.choice(place.streets)} {rng.randrange(1, 80)}"
        kind = ("family", "family", "single_parent", "single", "seniors", "young")[index % 6]

        person = functools.partial(_person, rng, place, last, street)

        persons: list[PersonData] = []
        if kind == "family":
            persons.append(person("F", rng.randrange(1978, 1992), "policyholder", True))
            persons.append(person("M", rng.randrange(1975, 1990), "spouse", True))
            for _ in range(rng.randrange(1, 4)):
                persons.append(person(rng.choice("FM"), rng.randrange(2010, 2025), "child", False))
        elif kind == "single_parent":
            persons.append(person(rng.choice("FM"), rng.randrange(1980, 1995), "policyholder", True))
            persons.append(person(rng.choice("FM"), rng.randrange(2012, 2024), "child", False))
        elif kind == "single":
            persons.append(person(rng.choice("FM"), rng.randrange(1960, 2000), "policyholder", True))
        elif kind == "seniors":
            persons.append(person("M", rng.randrange(1940, 1958), "policyholder", True))
            persons.append(person("F", rng.randrange(1942, 1960), "spouse", True))
        else:
            persons.append(person(rng.choice("FM"), rng.randrange(2001, 2007), "policyholder", True))
        # Each person's premium region: derived from the region table where known;
        # otherwise the demo, like an agent, picks region 1.
        for p in persons:
            lookup = postal_codes.premium_region(p.postal_code, p.canton, p.locality)
            p.premium_region = lookup.region or 1
        family = {"fr": "Famille", "de": "Familie", "it": "Famiglia"}[place.language]
        name = f"{family} {last}" if len(persons) > 1 else f"{persons[0].first_name} {last}"
        result.append(HouseholdData(name=name, language=place.language, persons=persons))
    return result


def _items(household: households.HouseholdRecord, rng: random.Random, catalogue: Catalogue) -> list[ItemData]:
    items = []
    for person in household.persons:
        child = person.role == "child"
        deductible = Decimal("0") if child else Decimal(rng.choice(("300", "1500", "2500")))
        items.append(ItemData(person.id, "LAMAL", None, deductible))
        if person.birth_date.year <= 1960:
            items.append(ItemData(person.id, "HS", str(rng.randrange(1, 5))))
        else:
            items.append(ItemData(person.id, "GL", str(rng.randrange(1, 5))))
            if rng.random() < 0.5:
                items.append(ItemData(person.id, "HC", str(rng.randrange(1, 5))))
    # Like an agent, the demo proposes only what the person may take (entry ages, 003).
    return [i for i in items if check_eligibility(
        catalogue, i.product_code, i.level, birth_date=next(
            p.birth_date for p in household.persons if p.id == i.person_id), start_date=START).eligible]


def fill(store: Store, count: int = 36, seed: int = 2026, today: date | None = None,
         documents_root: Path | None = None) -> int:
    """Add the demo households and a proposal for most of them; returns households added.

    Some proposals stay drafts; the others are completed, and some of those signed, through
    the lifecycle (`demo_proposals`). The signed documents go to `documents_root`/documents
    (default: next to the database, where the sync looks for them).
    """
    rng = random.Random(seed + 1)
    now = datetime.now(UTC)
    day = today or now.astimezone().date()  # the signing day, local
    # Shortly before now (or on `today`), one minute per household, in order.
    start = (now - timedelta(minutes=count) if today is None
             else datetime.combine(day, time(9), tzinfo=UTC))
    root = documents_root or store.path.parent
    catalogue = load_catalogue()
    targets = (None, proposals.ProposalStatus.READY, proposals.ProposalStatus.SIGNED)
    with store.unit_of_work():
        for index, data in enumerate(demo_households(count, seed)):
            record = households.create_household(store, data, today=today)
            if index % 4 == 3:
                continue  # a few households without a proposal yet
            proposal = proposals.create_proposal(
                store, record.id, ProposalData(start_date=START, items=_items(record, rng, catalogue)))
            target = targets[index % 3]
            at = start + timedelta(minutes=index)
            if target is not None:
                demo_proposals.complete(store, record, proposal.id, catalogue, today=day, at=at,
                                        knee=index % 5 == 1)
            if target is proposals.ProposalStatus.SIGNED:
                demo_proposals.sign(store, record, proposal.id, root, today=day,
                                    at=at + timedelta(seconds=30))
    return count


def create_demo_database(path: Path, *, kdf: KdfParams | None = None, count: int = 36) -> Store:
    """A new database at `path` with the demo agent (logged in) and demo households."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the demo data goes into a new database")
    store = open_store(path)
    add_demo_data(store, kdf=kdf, count=count)
    return store


def add_demo_data(store: Store, *, kdf: KdfParams | None = None, count: int = 36) -> None:
    """The demo agent (left logged in) and the demo households, into a database without
    agent (`agents.create_profile` refuses a second profile on a locked store)."""
    agents.create_profile(store, DEMO_AGENT, kdf=kdf)
    fill(store, count)


def default_database_path() -> Path:
    return data_dir() / DATABASE_NAME


def ensure_demo_database(path: Path | None = None) -> Path:
    """Create the demo database on first start (no database yet); returns its path.

    For the desktop start-up (`make run`): an existing database is never touched.
    """
    path = path or default_database_path()
    if not path.exists():
        create_demo_database(path).close()
    return path
