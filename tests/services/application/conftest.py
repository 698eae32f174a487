"""A fresh store per test with a logged-in agent (cheap key derivation)."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.services import agents
from app.services.application.health import HealthRecords
from app.services.application.proposals import StoreProposals
from app.services.application.recovery import RecoveryFiles
from app.services.store.crypto import KdfParams
from app.services.store.database import Store
from app.services.store.schema import open_store
from app.views.preferences import MemoryPreferences

FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "propono.sqlite")
    agents.create_profile(store, agents.ProfileData("Claire Demierre", "AG-123", ["fr", "de"],
                                                    PASSWORD), kdf=FAST_KDF)
    yield store
    store.close()


@pytest.fixture
def proposals(store: Store, tmp_path: Path) -> StoreProposals:
    from app.services.catalogue import load_catalogue

    health = HealthRecords(store, load_catalogue(), tmp_path / "documents", lambda: TODAY,
                           lambda: NOW)
    return StoreProposals(store, RecoveryFiles(tmp_path / "drafts"), MemoryPreferences(),
                          lambda: health, lambda: TODAY)
