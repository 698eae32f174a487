"""A fresh database per test, and a logged-in agent with cheap key-derivation costs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.services import agents
from app.services.proposals.households import HouseholdData, PersonData
from app.services.store.crypto import KdfParams
from app.services.store.database import Store
from app.services.store.schema import open_store

# argon2's minimum costs: the tests check behaviour, not the hardness of the hash.
FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"
TODAY = date(2026, 6, 15)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "propono.sqlite")
    yield store
    store.close()


@pytest.fixture
def agent(store: Store) -> agents.AgentRecord:
    return agents.create_profile(
        store,
        agents.ProfileData("Claire Demierre", "AG-123", ["fr", "de"], PASSWORD),
        kdf=FAST_KDF,
    )


def person(**changes: object) -> PersonData:
    values: dict[str, object] = {
        "first_name": "Zoé",
        "last_name": "Rochat",
        "sex": "F",
        "birth_date": date(1985, 3, 2),
        "role": "policyholder",
        # 756.1234.5678.97: EAN-13 over 756123456789 with weights 1,3,1,3...:
        # 7+15+6+3+2+9+4+15+6+21+8+27 = 123 -> check digit (10 - 3) % 10 = 7.
        "ahv_number": "756.1234.5678.97",
        "postal_code": "1003",
        "locality": "Lausanne",
        "language": "fr",
        "phone": "079 123 45 67",
        "email": "zoe.rochat@example.ch",
        "iban": "CH93 0076 2011 6238 5295 7",
    }
    values.update(changes)
    return PersonData(**values)  # type: ignore[arg-type]


def family() -> HouseholdData:
    return HouseholdData(
        "Famille Rochat",
        "fr",
        [
            person(),
            person(first_name="Jérôme", sex="M", birth_date=date(1983, 7, 9), role="spouse",
                   ahv_number="", phone="", email="", iban=""),
            person(first_name="Léa", birth_date=date(2016, 1, 20), role="child",
                   ahv_number="", phone="", email="", iban=""),
        ],
    )
