"""Deleting a proposal never signed (issue 15, item 20): gone with everything under it in
one transaction, audited, journalled so the next sync deletes it on the server; the
household stays. A signed proposal is never deleted (seed 004 art. 6 al. 1: the signed
proposal binds the proposer; it is revoked or superseded instead)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import JournalEntry, ProposalStatus, SyncConflict
from app.services import agents
from app.services.application.ports import SaveError
from app.services.application.proposals import StoreProposals
from app.services.application.recovery import RecoveryFiles
from app.services.proposals import flow
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.answer_sets import save_answer_set
from app.services.proposals.records import ItemData, NotDeletable, ProposalData
from app.services.store import journal
from app.services.store.audit import history
from app.services.store.database import NotFound, Store
from app.services.sync.stale_offers import PriceLine, record_pricing
from app.views.preferences import MemoryPreferences
from tests.services.conftest import TODAY, family
from tests.services.test_proposals import complete_through_lifecycle, sign_through_lifecycle
from tests.sync_fixtures import Enrol, RunningServer

AT = datetime(2026, 6, 15, 10, tzinfo=UTC)


@pytest.fixture
def household(store: Store, agent: agents.AgentRecord) -> hh.HouseholdRecord:
    return hh.create_household(store, family(), today=TODAY)


def _basic_only(store: Store, household: hh.HouseholdRecord) -> pr.ProposalRecord:
    """Basic insurance only: no health question (LAMal art. 4 al. 2), it completes at once."""
    zoe = household.persons[0]
    return pr.create_proposal(store, household.id, ProposalData(
        start_date=date(2027, 1, 1),
        items=[ItemData(zoe.id, "LAMAL", deductible=Decimal("300"))]))


def _deleted_in_journal(store: Store) -> set[tuple[str, str]]:
    with store.reading() as session:
        return {(row.entity, row.entity_id) for row in session.scalars(
            select(JournalEntry).where(JournalEntry.operation == "delete"))}


def test_a_draft_goes_with_its_products_answers_and_pricing(
        store: Store, household: hh.HouseholdRecord) -> None:
    zoe, _jerome, lea = household.persons
    proposal = pr.create_proposal(store, household.id, ProposalData(items=[
        ItemData(zoe.id, "HC", level="2"), ItemData(lea.id, "DP", level="0")]))
    answers = save_answer_set(store, proposal.id, zoe.id, "health", "1",
                              {"current_treatment": False})
    record_pricing(store, proposal.id, "catalogue-1", "tariff-1",
                   [PriceLine(zoe.id, "HC", Decimal("48.20"))])
    with store.reading() as session:
        pricing_id = session.scalar(select(JournalEntry.entity_id).where(
            JournalEntry.entity == "offer_pricing"))

    deleted = pr.delete_proposal(store, proposal.id, proposal.version)

    assert (deleted.status, deleted.household_id, deleted.rows) == (
        ProposalStatus.DRAFT, household.id, 5)  # the proposal, 2 items, answers, pricing
    with pytest.raises(NotFound):
        pr.get_proposal(store, proposal.id)
    # Each row has its "delete" in the journal: the sync tells the server.
    assert _deleted_in_journal(store) == {
        ("proposal", proposal.id), ("proposal_item", proposal.items[0].id),
        ("proposal_item", proposal.items[1].id), ("answer_set", answers.id),
        ("offer_pricing", pricing_id)}
    last = journal.entries_for(store, proposal.id)[-1]
    assert (last.operation, last.payload, last.shipped_at) == ("delete", {"id": proposal.id},
                                                              None)
    # The trail says who deleted which draft of which household.
    trail = history(store, proposal.id)
    assert [e.action for e in trail][-2:] == ["delete", "delete_draft"]
    assert trail[-1].actor_id == store.actor_id
    assert trail[-1].detail == {"status": "draft", "household_id": household.id, "rows": 5,
                                "reason": "deleted by the agent"}
    # The client stays, with every person.
    kept = hh.get_household(store, household.id)
    assert [p.first_name for p in kept.persons] == ["Zoé", "Jérôme", "Léa"]
    assert pr.list_proposals(store, household_id=household.id) == []


@pytest.mark.parametrize("status", ["ready", "cancelled"])
def test_a_complete_or_cancelled_proposal_may_be_deleted(
        store: Store, household: hh.HouseholdRecord, status: str) -> None:
    proposal = _basic_only(store, household)
    complete_through_lifecycle(store, proposal.id)
    if status == "cancelled":
        flow.cancel(store, proposal.id, actor=store.actor_id or "", at=AT)
    assert pr.get_proposal(store, proposal.id).status.value == status
    assert pr.delete_proposal(store, proposal.id).status.value == status
    assert ("proposal", proposal.id) in _deleted_in_journal(store)


def test_a_signed_proposal_is_refused_and_nothing_is_written(
        store: Store, household: hh.HouseholdRecord) -> None:
    proposal = _basic_only(store, household)
    complete_through_lifecycle(store, proposal.id)
    sign_through_lifecycle(store, proposal.id)
    signed = pr.get_proposal(store, proposal.id)
    trail = history(store, proposal.id)
    with pytest.raises(NotDeletable) as refused:
        pr.delete_proposal(store, proposal.id)
    assert refused.value.message == ("A signed proposal cannot be deleted: it is what the "
                                     "client signed. Revoke it or create a new version.")
    assert pr.get_proposal(store, proposal.id) == signed
    assert _deleted_in_journal(store) == set()
    assert history(store, proposal.id) == trail


def test_the_new_version_of_a_signed_proposal_is_kept(
        store: Store, household: hh.HouseholdRecord) -> None:
    """The signed proposal is "superseded" by the new draft: deleting the draft would leave
    it replaced by nothing; cancelling the draft keeps that history readable."""
    proposal = _basic_only(store, household)
    complete_through_lifecycle(store, proposal.id)
    sign_through_lifecycle(store, proposal.id)
    new = flow.supersede(store, proposal.id, actor=store.actor_id or "", at=AT)
    with pytest.raises(NotDeletable, match="new version of a signed proposal"):
        pr.delete_proposal(store, new.id)
    assert pr.get_proposal(store, new.id).status is ProposalStatus.DRAFT


def test_open_sync_conflicts_of_the_draft_are_settled(
        store: Store, household: hh.HouseholdRecord) -> None:
    proposal = _basic_only(store, household)
    with store.unit_of_work() as session:
        session.add(SyncConflict(id=7, entity="proposal", entity_id=proposal.id,
                                 field="note", base_version=1, server_version=2,
                                 server_value="office", client_value="agent", status="open",
                                 created_at=AT))
    pr.delete_proposal(store, proposal.id)
    with store.reading() as session:
        assert session.get(SyncConflict, 7).status == "superseded"  # type: ignore[union-attr]


# -- the use case the screens call ---------------------------------------------------------


def _proposals(store: Store, folder: Path) -> StoreProposals:
    def no_health() -> object:
        raise AssertionError("deleting needs no health records")

    return StoreProposals(store, RecoveryFiles(folder / "drafts"), MemoryPreferences(),
                          no_health, lambda: TODAY)  # type: ignore[arg-type]


def test_the_use_case_refuses_a_signed_one_with_the_reason(
        store: Store, household: hh.HouseholdRecord, tmp_path: Path) -> None:
    proposal = _basic_only(store, household)
    complete_through_lifecycle(store, proposal.id)
    sign_through_lifecycle(store, proposal.id)
    with pytest.raises(SaveError, match="A signed proposal cannot be deleted"):
        _proposals(store, tmp_path).delete(proposal.id)


def test_nothing_of_a_deleted_draft_is_written_again(
        store: Store, household: hh.HouseholdRecord, tmp_path: Path) -> None:
    """The wizard's autosave may still fire after the deletion: it must not bring the
    draft back, as a proposal or as a recovery file."""
    use_case = _proposals(store, tmp_path)
    stored = _basic_only(store, household)
    draft = use_case.new_draft(household.id)
    draft.id, draft.stored, draft.version = stored.id, True, stored.version
    use_case.recovery.write(draft)  # what the store once refused, kept aside
    use_case.delete(stored.id)
    assert use_case.recovery.read(stored.id) is None
    use_case.save_draft(draft)
    assert use_case.recovery.all() == []
    assert pr.list_proposals(store, household_id=household.id) == []
    assert [row.proposal_id for row in use_case.search("Rochat")] == [""]  # the client stays
    use_case.delete(stored.id)  # again (deleted meanwhile from the list): nothing to do


def test_a_draft_never_stored_only_had_its_recovery_file(
        store: Store, agent: agents.AgentRecord, tmp_path: Path) -> None:
    use_case = _proposals(store, tmp_path)
    draft = use_case.new_draft()
    draft.persons[0].last_name = "Rochat"  # no first name yet: the store refuses it
    use_case.save_draft(draft)
    assert [d.id for d, _written in use_case.recovery.all()] == [draft.id]
    use_case.delete(draft.id)
    assert use_case.recovery.all() == []
    assert _deleted_in_journal(store) == set()


# -- the server learns of it -------------------------------------------------------------


def test_the_next_sync_deletes_it_on_the_server(tmp_path: Path, sync_server: RunningServer,
                                                enrol: Enrol) -> None:
    """A draft already synchronised: its deletion travels as "delete" changes, and the
    server keeps tombstones of the proposal and its item (app/server/merge.py)."""
    from app.services.sync import service as sync_service
    from app.services.sync.replica import StoreReplica
    from tests.services import sync_helpers as helpers

    account = enrol("AG-1001")
    anna = helpers.laptop(tmp_path / "anna", "AG-1001", "Anna Keller")
    household = hh.create_household(anna, helpers.family(), today=helpers.TODAY)
    proposal = _basic_only(anna, household)
    helpers.connect(anna, sync_server.url, account.token)

    def sync() -> sync_service.SyncReport:
        return sync_service.synchronise(anna, replica=StoreReplica(
            anna, releases_root=tmp_path / "anna" / "updates"))

    sync()
    assert helpers.pending(anna) == 0
    pr.delete_proposal(anna, proposal.id)
    assert helpers.pending(anna) == 2  # the item, then the proposal
    report = sync()
    assert (report.pushed, report.refused) == (2, [])
    remote = helpers.server_state(sync_server.config, "AG-1001")
    assert remote[proposal.id]["state"].deleted_seq is not None
    assert remote[proposal.items[0].id]["state"].deleted_seq is not None
    assert remote[household.id]["state"].deleted_seq is None  # the client stays
    helpers.assert_same_data(anna, sync_server.config, "AG-1001")
    anna.close()
