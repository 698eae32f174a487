"""Proposals: items, autosave, optimistic locking, frozen once signed, listing.

Statuses change through `proposal_flow` (the lifecycle) only; these tests reach "ready"
and "signed" that way and check that `proposals` then refuses edits.
"""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.models import ProposalStatus
from app.services import agents
from app.services.catalogue import load_catalogue
from app.services.proposals import flow
from app.services.proposals import households as hh
from app.services.proposals import lifecycle as lc
from app.services.proposals import records as pr
from app.services.proposals.answers import AnswerSet
from app.services.proposals.lifecycle import LifecycleError
from app.services.proposals.questionnaire import load_questionnaire, questions_for
from app.services.proposals.records import InvalidState, ItemData, ProposalData
from app.services.proposals.signatures import add_signature
from app.services.proposals.stored_documents import add_document
from app.services.store.audit import history as audit_history
from app.services.store.database import NotFound, StaleRecord, Store
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


AT = datetime(2026, 6, 15, 10, tzinfo=UTC)
PDF = b"%PDF-1.7 signed proposal"


def complete_through_lifecycle(store: Store, proposal_id: str) -> None:
    """Every questionnaire answered "no", every product eligible: the lifecycle's "complete"."""
    household = hh.get_household(store, pr.get_proposal(store, proposal_id).household_id)
    for person_id, products in flow.products_by_person(store, proposal_id).items():
        person = next(p for p in household.persons if p.id == person_id)
        answers = AnswerSet(person_id, load_questionnaire().version)
        for question in questions_for(products, sex="female" if person.sex == "F" else "male"):
            answers = answers.with_answer(question.id, False)
        flow.save_answers(store, proposal_id, answers, today=TODAY, actor="agent", at=AT)
    flow.complete(store, proposal_id, eligibility=flow.catalogue_eligibility(
        store, proposal_id, load_catalogue()), today=TODAY, actor="agent", at=AT)


def sign_through_lifecycle(store: Store, proposal_id: str) -> None:
    """Every required signer signs the stored document; the lifecycle's "signed"."""
    document = add_document(store, proposal_id, "proposal", "fr", "p.pdf", hashlib.sha256(PDF).hexdigest())
    for signer in flow.signers(store, proposal_id, on=TODAY):
        add_signature(store, proposal_id, signer.name, signer.role.value, b"\x89PNG strokes", AT,
                      person_id=signer.for_person, document_id=document.id)
    flow.sign(store, proposal_id, signed_on=TODAY, document_id=document.id, actor="agent", at=AT)


def test_a_ready_proposal_can_still_be_edited(store: Store, agent: agents.AgentRecord,
                                              household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id, ProposalData(start_date=date(2027, 1, 1),
                                                                    items=_items(household)))
    complete_through_lifecycle(store, proposal.id)
    ready = pr.get_proposal(store, proposal.id)
    assert ready.status is ProposalStatus.READY  # the lifecycle's "complete", as stored
    assert pr.save_draft(store, proposal.id, "note", "client calls back", ready.version) == ready.version + 1


def test_changing_the_products_of_a_ready_proposal_reopens_it(
        store: Store, agent: agents.AgentRecord, household: hh.HouseholdRecord) -> None:
    # lifecycle.edit_items: new products must be checked (eligibility, questions) again.
    proposal = pr.create_proposal(store, household.id, ProposalData(start_date=date(2027, 1, 1),
                                                                    items=_items(household)))
    complete_through_lifecycle(store, proposal.id)
    ready = pr.get_proposal(store, proposal.id)
    # saving the same products again (what the wizard's autosave does) keeps it ready
    same = [ItemData(i.person_id, i.product_code, i.level, i.deductible, i.capital, i.options,
                     i.start_date, id=i.id) for i in ready.items]
    kept = pr.save_proposal(store, proposal.id, ProposalData(start_date=ready.start_date, items=same),
                            ready.version)
    assert kept.status is ProposalStatus.READY
    pr.remove_item(store, ready.items[-1].id)
    reopened = pr.get_proposal(store, proposal.id)
    assert reopened.status is ProposalStatus.DRAFT
    trail = [e for e in audit_history(store, proposal.id) if e.action == "transition"]
    assert trail[-1].detail == {"from": "complete", "to": "draft", "reason": "product removed"}


def test_editing_a_signed_proposal_is_refused(store: Store, agent: agents.AgentRecord,
                                             household: hh.HouseholdRecord) -> None:
    proposal = pr.create_proposal(store, household.id, ProposalData(start_date=date(2027, 1, 1),
                                                                    items=_items(household)))
    complete_through_lifecycle(store, proposal.id)
    sign_through_lifecycle(store, proposal.id)
    signed = pr.get_proposal(store, proposal.id)
    assert signed.status is ProposalStatus.SIGNED
    with pytest.raises(InvalidState):
        pr.save_draft(store, proposal.id, "note", "changed after signing")
    with pytest.raises(InvalidState):
        pr.save_item_draft(store, signed.items[0].id, "level", "2")
    with pytest.raises(InvalidState):
        pr.add_item(store, proposal.id, ItemData(household.persons[2].id, "SC", level="1"))
    with pytest.raises(InvalidState):
        pr.remove_item(store, signed.items[1].id)
    with pytest.raises(InvalidState):
        pr.save_proposal(store, proposal.id, signed.to_data(), signed.version)
    # Nor can the health answers change, nor the lifecycle go back to draft.
    zoe = household.persons[0]
    with pytest.raises(LifecycleError) as error:
        flow.save_answers(store, proposal.id, AnswerSet(zoe.id, load_questionnaire().version),
                          today=TODAY, actor="agent", at=AT)
    assert error.value.code == "proposal_frozen"
    with pytest.raises(LifecycleError) as error:
        flow.persist(store, lc.reopen(flow.load_proposal(store, proposal.id), actor="agent", at=AT,
                                      reason="edit"))
    assert error.value.code == "proposal_frozen"
    assert pr.get_proposal(store, proposal.id) == signed  # nothing was written


def test_signing_needs_every_signature(store: Store, agent: agents.AgentRecord,
                                       household: hh.HouseholdRecord) -> None:
    # What the removed `set_status` allowed: ready -> signed without the signatures.
    proposal = pr.create_proposal(store, household.id, ProposalData(start_date=date(2027, 1, 1),
                                                                    items=_items(household)))
    with pytest.raises(LifecycleError) as error:  # a draft cannot be signed at all
        flow.sign(store, proposal.id, signed_on=TODAY, document_id=add_document(
            store, proposal.id, "proposal", "fr", "p.pdf", hashlib.sha256(PDF).hexdigest()).id,
            actor="agent", at=AT)
    assert error.value.code == "invalid_transition"
    complete_through_lifecycle(store, proposal.id)
    document = add_document(store, proposal.id, "proposal", "fr", "q.pdf", hashlib.sha256(PDF).hexdigest())
    with pytest.raises(LifecycleError) as error:
        flow.sign(store, proposal.id, signed_on=TODAY, document_id=document.id, actor="agent", at=AT)
    assert error.value.code == "signatures_missing"
    assert pr.get_proposal(store, proposal.id).status is ProposalStatus.READY


def test_list_by_status(store: Store, agent: agents.AgentRecord, household: hh.HouseholdRecord) -> None:
    first = pr.create_proposal(store, household.id, ProposalData(items=_items(household)))
    # Basic insurance only: no health question (LAMal art. 4 al. 2), so it completes at once.
    second = pr.create_proposal(store, household.id, ProposalData(start_date=date(2027, 1, 1), items=[
        ItemData(household.persons[0].id, "LAMAL", deductible=Decimal("300"))]))
    complete_through_lifecycle(store, second.id)
    drafts = pr.list_proposals(store, ProposalStatus.DRAFT)
    assert [(s.id, s.item_count, s.household_name) for s in drafts] == [
        (first.id, 4, "Famille Rochat")
    ]
    assert [s.id for s in pr.list_proposals(store, ProposalStatus.READY)] == [second.id]
    assert len(pr.list_proposals(store, household_id=household.id)) == 2
    assert pr.list_proposals(store, ProposalStatus.SIGNED) == []


def test_unknown_records(store: Store) -> None:
    with pytest.raises(NotFound):
        pr.create_proposal(store, "nope")
    with pytest.raises(NotFound):
        pr.get_proposal(store, "nope")
    with pytest.raises(NotFound):
        pr.save_draft(store, "nope", "note", "x")
