"""The outbox: one journal row per change, same transaction, idempotency keys."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.records import ItemData, ProposalData
from app.services.store import journal
from app.services.store.database import Store
from tests.services.conftest import TODAY, family


def test_every_change_is_journalled_in_order(store: Store) -> None:
    household = hh.create_household(store, family(), today=TODAY)
    proposal = pr.create_proposal(
        store, household.id, ProposalData(items=[ItemData(household.persons[0].id, "LAMAL")])
    )
    pr.save_draft(store, proposal.id, "signing_place", "Lausanne", proposal.version)
    pr.remove_item(store, proposal.items[0].id)
    entries = journal.pending(store)
    assert [(e.entity, e.operation) for e in entries] == [
        ("household", "insert"),
        ("person", "insert"),
        ("person", "insert"),
        ("person", "insert"),
        ("proposal", "insert"),
        ("proposal_item", "insert"),
        ("proposal", "update"),
        ("proposal_item", "delete"),
    ]
    assert [e.sequence for e in entries] == list(range(1, 9))
    update = entries[6]
    assert update.payload["signing_place"] == "Lausanne" and update.payload["version"] == 2
    assert update.idempotency_key == f"proposal:{proposal.id}:v2:update"
    assert len({e.idempotency_key for e in entries}) == len(entries)
    assert entries[1].payload["birth_date"] == "1985-03-02"
    assert all(e.shipped_at is None for e in entries)


def test_no_journal_row_for_a_save_that_changes_nothing(store: Store) -> None:
    household = hh.create_household(store, family(), today=TODAY)
    before = len(journal.pending(store))
    hh.update_household(store, household.id, household.to_data(), household.version, today=TODAY)
    assert len(journal.pending(store)) == before


def test_mark_shipped_once(store: Store) -> None:
    hh.create_household(store, family(), today=TODAY)
    entries = journal.pending(store)
    assert journal.mark_shipped(store, [entries[0].id, entries[1].id]) == 2
    assert journal.mark_shipped(store, [entries[0].id]) == 0
    assert [e.id for e in journal.pending(store)] == [e.id for e in entries[2:]]


def test_journal_rows_are_immutable(store: Store) -> None:
    hh.create_household(store, family(), today=TODAY)
    with pytest.raises(DBAPIError, match="immutable"), store.unit_of_work() as session:
        session.execute(text("UPDATE journal SET payload = '{}'"))
    with pytest.raises(DBAPIError, match="cannot be deleted"), store.unit_of_work() as session:
        session.execute(text("DELETE FROM journal"))


def test_purge_only_shipped_rows(store: Store) -> None:
    from datetime import UTC, datetime, timedelta

    hh.create_household(store, family(), today=TODAY)
    entries = journal.pending(store)
    shipped_at = datetime(2026, 6, 1, tzinfo=UTC)
    journal.mark_shipped(store, [entries[0].id], at=shipped_at)
    assert journal.purge_shipped(store, shipped_at + timedelta(days=1)) == 1
    assert len(journal.pending(store)) == len(entries) - 1


def _every_column_history(record: object) -> list[str]:
    """How the journal found changed columns before: every column's history."""
    from sqlalchemy import inspect

    state = inspect(record)
    return sorted(attr.key for attr in state.mapper.column_attrs
                  if attr.key not in {"updated_at", "version"}
                  and state.attrs[attr.key].history.has_changes())


@pytest.mark.parametrize(("assignments", "expected"), [
    ([("phone", "079 999 99 99")], ["phone"]),
    ([("locality", "Lausanne")], []),  # the value it has: no change
    ([("locality", "x"), ("locality", "Lausanne")], []),  # changed and changed back
    ([("first_name", "Zoëlle"), ("email", "zoe.rochat@example.ch")], ["first_name"]),
    ([("birth_date", date(1985, 3, 3)), ("locality", "Pully")], ["birth_date", "locality"]),
    ([("version", 7)], []),  # bookkeeping only
])
def test_changed_fields_are_the_columns_whose_history_changed(
        store: Store, assignments: list[tuple[str, object]], expected: list[str]) -> None:
    from app.models import Person

    household = hh.create_household(store, family(), today=TODAY)
    with store.unit_of_work() as session:
        row = session.get(Person, household.persons[0].id)
        for name, value in assignments:
            setattr(row, name, value)
        assert journal.changed_fields(row) == expected == _every_column_history(row)
        session.rollback()


def test_a_column_set_after_expiry_counts_as_changed(store: Store) -> None:
    from app.models import Person

    household = hh.create_household(store, family(), today=TODAY)
    with store.unit_of_work() as session:
        row = session.get(Person, household.persons[0].id)
        session.expire(row, ["phone"])
        row.phone = "079 999 99 99"  # type: ignore[union-attr]
        assert journal.changed_fields(row) == ["phone"] == _every_column_history(row)
    [entry] = journal.entries_for(store, household.persons[0].id)[-1:]
    assert (entry.operation, entry.payload["phone"]) == ("update", "079 999 99 99")
