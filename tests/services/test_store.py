"""The store: SQLite settings, one transaction per unit of work, nesting."""

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.models import Household
from app.services.proposals import households as hh
from app.services.store import journal
from app.services.store.database import Store, StoreLocked
from tests.services.conftest import TODAY, family


def test_pragmas(store: Store) -> None:
    with store.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_synchronous_is_configurable(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite", synchronous="NORMAL")
    with store.reading() as session:
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1
    store.close()
    with pytest.raises(ValueError):
        Store(tmp_path / "y.sqlite", synchronous="FAST")


def test_error_rolls_back_the_record_and_its_journal(store: Store) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work():
        hh.create_household(store, family(), today=TODAY)
        raise RuntimeError("power cut")
    assert hh.list_households(store) == []
    assert journal.pending(store) == []


def test_nested_units_of_work_commit_once(store: Store) -> None:
    with store.unit_of_work() as outer:
        first = hh.create_household(store, family(), today=TODAY)
        second = hh.create_household(store, family(), today=TODAY)
        # Not committed yet: another connection does not see them.
        other = Store(store.path)
        assert hh.list_households(other) == []
        other.close()
        assert outer.scalar(select(Household).where(Household.id == first.id)) is not None
    assert {r.id for r in hh.list_households(store)} == {first.id, second.id}


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), store.unit_of_work() as session:
        session.execute(
            text(
                "INSERT INTO proposals (id, household_id, status, signing_place, note, "
                "created_at, updated_at, version) VALUES ('p', 'missing', 'draft', '', '', "
                "'2026-01-01', '2026-01-01', 1)"
            )
        )


def test_sensitive_data_needs_a_logged_in_agent(store: Store) -> None:
    assert not store.is_unlocked
    with pytest.raises(StoreLocked):
        _ = store.vault
