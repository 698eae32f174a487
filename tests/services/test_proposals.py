"""Proposals: items, autosave, optimistic locking, status workflow, listing."""

from datetime import date
from decimal import Decimal

import pytest

from app.models import ProposalStatus
from app.services import households as hh
from app.services import proposals as pr
from app.services.proposals import InvalidState, ItemData, ProposalData
from app.services.store import NotFound, StaleRecord, Store
from app.services.validation import ValidationError, ValidationErrors
from tests.services.conftest import TODAY, family


@pytest.fixture
def household(store: Store) -> hh.HouseholdRecord:
    return hh.create_household(store, family(), today=TODAY)


def _items(household: hh.HouseholdRecord) -> list[ItemData]:
    zoe, jerome, lea = household.persons
    return [
        ItemData(zoe.id, "LAMAL", deductible=Decimal("2500"), start_date=date(2027, 1, 1)),
        ItemData(zoe.id, "GL", level="2"),
        ItemData(lea.id, "LAMAL", deductible=Decimal("0")),
        ItemData(jerome.id, "HC", level="3", capital=Decimal("10000.50"), options={"accident": False}),
    ]


def test_create_with_items_and_read_back(store: Store, household: hh.HouseholdRecord) -> None:
    created = pr.create_proposal(
        store, household.id, ProposalData(start_date=date(2027, 1, 1), items=_items(household))
    )
    read = pr.get_proposal(store, created.id)
    assert read == created
    assert read.status is ProposalStatus.DRAFT
    assert [(i.product_code, i.level, i.deductible) for i in read.items] == [
        ("LAMAL", None, Decimal("2500")),
        ("GL", "2", None),
        ("LAMAL", None, Decimal("0")),
        ("HC", "3", None),
    ]
    assert read.items[3].capital == Decimal("10000.50")  # exact, stored as text
    assert read.items[3].options == {"accident": False}


def test_items_are_validated(store: Store, household: hh.HouseholdRecord) -> None:
    other = hh.create_household(store, family(), today=TODAY)
    items = [
        ItemData(other.persons[0].id, "LAMAL"),
        ItemData(household.persons[0].id, " "),
        ItemData(household.persons[0].id, "LAMAL", deductible=300.0),  # type: ignore[arg-type]
        ItemData(household.persons[0].id, "LAMAL", deductible=Decimal("-1")),
    ]
    with pytest.raises(ValidationErrors) as error:
        pr.create_proposal(store, household.id, ProposalData(items=items))
    assert set(error.value.fields) == {
        "items[0].person_id", "items[1].product_code", "items[2].deductible", "items[3].deductible",
    }
    assert pr.list_proposals(store) == []


def test_autosave_one_field_at_a_time(store: Store, household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id)
    version = pr.save_draft(store, proposal.id, "signing_place", "Laus", proposal.version)
    version = pr.save_draft(store, proposal.id, "signing_place", "Lausanne", version)
    version = pr.save_draft(store, proposal.id, "start_date", date(2027, 1, 1), version)
    assert version == 4
    read = pr.get_proposal(store, proposal.id)
    assert (read.signing_place, read.start_date, read.version) == ("Lausanne", date(2027, 1, 1), 4)
    with pytest.raises(StaleRecord):
        pr.save_draft(store, proposal.id, "note", "late", 3)
    with pytest.raises(ValidationError):
        pr.save_draft(store, proposal.id, "status", "signed")
    with pytest.raises(ValidationError):
        pr.save_draft(store, proposal.id, "start_date", "2027-01-01")


def test_autosave_of_items(store: Store, household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id, ProposalData(items=_items(household)))
    item = proposal.items[0]
    assert pr.save_item_draft(store, item.id, "deductible", "1500", item.version) == 2
    assert pr.get_proposal(store, proposal.id).items[0].deductible == Decimal("1500")
    added = pr.add_item(store, proposal.id, ItemData(household.persons[1].id, "SC", level="1"))
    assert added.position == 4
    pr.remove_item(store, proposal.items[1].id)
    assert [i.product_code for i in pr.get_proposal(store, proposal.id).items] == [
        "LAMAL", "LAMAL", "HC", "SC",
    ]


def test_save_whole_proposal_replaces_items(store: Store, household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id, ProposalData(items=_items(household)))
    data = proposal.to_data()
    data.items = data.items[:2]
    data.items[1].level = "4"
    data.note = "Client wants private ward later"
    saved = pr.save_proposal(store, proposal.id, data, proposal.version)
    assert [i.level for i in saved.items] == [None, "4"]
    assert saved.items[1].id == proposal.items[1].id
    assert saved.note == "Client wants private ward later"
    with pytest.raises(StaleRecord):
        pr.save_proposal(store, proposal.id, data, proposal.version)


def test_status_workflow_and_frozen_signed_proposal(store: Store, household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id, ProposalData(items=_items(household)))
    with pytest.raises(InvalidState):
        pr.set_status(store, proposal.id, ProposalStatus.SIGNED, proposal.version)
    ready = pr.set_status(store, proposal.id, ProposalStatus.READY, proposal.version)
    signed = pr.set_status(store, proposal.id, ProposalStatus.SIGNED, ready.version)
    with pytest.raises(InvalidState):
        pr.save_draft(store, proposal.id, "note", "changed after signing")
    with pytest.raises(InvalidState):
        pr.save_item_draft(store, signed.items[0].id, "level", "2")
    with pytest.raises(InvalidState):
        pr.set_status(store, proposal.id, ProposalStatus.DRAFT, signed.version)


def test_list_by_status(store: Store, household: hh.HouseholdRecord) -> None:
    first = pr.create_proposal(store, household.id, ProposalData(items=_items(household)))
    second = pr.create_proposal(store, household.id)
    pr.set_status(store, second.id, ProposalStatus.CANCELLED, second.version)
    drafts = pr.list_proposals(store, ProposalStatus.DRAFT)
    assert [(s.id, s.item_count, s.household_name) for s in drafts] == [
        (first.id, 4, "Famille Rochat")
    ]
    assert [s.id for s in pr.list_proposals(store, ProposalStatus.CANCELLED)] == [second.id]
    assert len(pr.list_proposals(store, household_id=household.id)) == 2
    assert pr.list_proposals(store, ProposalStatus.SIGNED) == []


def test_unknown_records(store: Store) -> None:
    with pytest.raises(NotFound):
        pr.create_proposal(store, "nope")
    with pytest.raises(NotFound):
        pr.get_proposal(store, "nope")
    with pytest.raises(NotFound):
        pr.save_draft(store, "nope", "note", "x")
