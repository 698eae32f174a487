"""Pulled decisions followed in bulk: the result does not depend on how the pull is paged.

A page of decisions is one unit of work with its reservations checked in one query; these
tests hold it to what one decision per page gives (the same records, reservations,
journal rows and audit trail), and to exactly-once when a page comes again.
"""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app.models import AuditEntry, JournalEntry, Proposal, ProposalItem, SyncDecision
from app.models import Reservation as ReservationRow
from app.services import agents
from app.services.proposals import lifecycle as lc
from app.services.proposals import reservations as local_reservations
from app.services.proposals.decisions import follow
from app.services.proposals.records import ProposalRecord
from app.services.store.database import Store
from app.services.store.schema import open_store
from app.services.sync.replica import StoreReplica
from tests.services.sync_helpers import laptop, signed_proposal

DECIDED_AT = "2026-07-01T09:00:00+00:00"


def _decision(proposal: ProposalRecord, outcomes: list[tuple[str, list[str]]],
              policy_number: str | None) -> dict[str, Any]:
    """As the server's `decision_view` sends it: one entry per item, in item order."""
    items = [{"item_id": item.id, "person_id": item.person_id, "product": item.product_code,
              "outcome": outcome,
              "reservations": [{"condition": c, "body_part": "", "until": None,
                                "consent_required": True} for c in conditions]}
             for item, (outcome, conditions) in zip(proposal.items, outcomes, strict=True)]
    overall = "accepted_with_reservations" if any(
        o == "accepted_with_reservations" for o, _ in outcomes) else "accepted"
    return {"id": str(uuid.uuid4()), "proposal_id": proposal.id, "outcome": overall,
            "policy_number": policy_number, "items": items, "note": None,
            "decided_at": DECIDED_AT}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """One laptop with three signed proposals (HC for Zoé, DP for Léa) and four decisions."""
    folder = tmp_path_factory.mktemp("decisions")
    store = laptop(folder, "AG-1001")
    proposals = [signed_proposal(store)[1] for _ in range(3)]
    store.close()
    events = [
        # A reservation on HC, DP refused: the policy waits for Zoé's consent.
        _decision(proposals[0], [("accepted_with_reservations", ["Crohn's disease"]),
                                 ("refused", [])], "GM-1"),
        # Both accepted: the policy is issued.
        _decision(proposals[1], [("accepted", []), ("accepted", [])], "GM-2"),
        # Two reservations on one product, one on the other.
        _decision(proposals[2], [("accepted_with_reservations", ["Crohn's disease", "knee"]),
                                 ("accepted_with_reservations", ["teeth 36-37"])], None),
        # A proposal this laptop does not have: kept, not followed.
        {"id": str(uuid.uuid4()), "proposal_id": str(uuid.uuid4()), "outcome": "accepted",
         "policy_number": None, "items": [{"item_id": None, "person_id": None,
                                           "product": "HC", "outcome": "accepted",
                                           "reservations": []}],
         "note": None, "decided_at": DECIDED_AT},
    ]
    return folder / "propono.sqlite", [
        {"seq": seq, "kind": "decision", "decision": d} for seq, d in enumerate(events, 1)]


def _copy(prepared: tuple[Path, list[dict[str, Any]]], folder: Path) -> Store:
    folder.mkdir()
    shutil.copy(prepared[0], folder / "propono.sqlite")
    store = open_store(folder / "propono.sqlite", synchronous="OFF")
    agents.login(store, "correct horse")
    return store


def _outcome(store: Store) -> dict[str, Any]:
    """Everything a pull writes, without ids and clocks of its own making."""
    vault = store.vault
    with store.reading() as session:
        proposals = {row.id: (row.status, tuple((i.product_code, i.decision) for i in row.items))
                     for row in session.scalars(select(Proposal)
                                                .options(selectinload(Proposal.items)))}
        reservations = {}
        for row in session.scalars(select(ReservationRow)):
            details = vault.decrypt_json(row.details_ciphertext, table="reservations",
                                         column="details_ciphertext", row_id=row.id)
            reservations[row.id] = (row.proposal_id, row.person_id, row.product_code,
                                    details["condition"], details["status"])
        decisions = {row.id: (row.feed_seq, row.proposal_id, row.outcome, row.policy_number)
                     for row in session.scalars(select(SyncDecision))}
        journal = Counter((row.entity, row.entity_id, row.operation) for row in session.scalars(
            select(JournalEntry).where(JournalEntry.shipped_at.is_(None))))
        audit = Counter((row.action, row.entity, row.entity_id,
                         tuple(sorted((row.detail or {}).items())))
                        for row in session.scalars(select(AuditEntry)))
    return {"proposals": proposals, "reservations": reservations, "decisions": decisions,
            "journal": journal, "audit": audit}


def test_one_page_or_one_decision_per_page_gives_the_same_records(
        prepared: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    events = prepared[1]
    at_once, one_by_one = _copy(prepared, tmp_path / "a"), _copy(prepared, tmp_path / "b")
    replica = StoreReplica(at_once, releases_root=tmp_path / "a" / "updates")
    replica.apply_events(events, cursor=len(events))
    paged = StoreReplica(one_by_one, releases_root=tmp_path / "b" / "updates")
    for event in events:
        paged.apply_events([event], cursor=int(event["seq"]))
    result = _outcome(at_once)
    assert result == _outcome(one_by_one)

    first, second, third = (events[i]["decision"]["proposal_id"] for i in range(3))
    statuses = {pid: status for pid, (status, _) in result["proposals"].items()}
    assert (statuses[first], statuses[second], statuses[third]) == (
        "accepted_with_reservations", "policy_issued", "accepted_with_reservations")
    # 1 + 0 + 3 reserved conditions, each waiting for the client's consent (CGC art. 8 al. 2).
    assert Counter(r[0] for r in result["reservations"].values()) == {first: 1, third: 2 + 1}
    assert {r[4] for r in result["reservations"].values()} == {"consent_requested"}
    assert sorted(r[3] for r in result["reservations"].values() if r[0] == third) == [
        "Crohn's disease", "knee", "teeth 36-37"]
    # Every decision is kept, the one for an unknown proposal too.
    assert len(result["decisions"]) == 4
    # The reservations made here go to the insurer: one journal insert each.
    inserts = [key for key in result["journal"] if key[0] == "reservation"]
    assert len(inserts) == 4 and all(key[2] == "insert" for key in inserts)
    assert [r.details["condition"] for r in
            local_reservations.reservations_of(at_once, first)] == ["Crohn's disease"]


def test_a_page_received_again_changes_nothing(
        prepared: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    events = prepared[1]
    store = _copy(prepared, tmp_path / "a")
    replica = StoreReplica(store, releases_root=tmp_path / "a" / "updates")
    replica.apply_events(events[:2], cursor=2)
    before = _outcome(store)
    # The answer to the first page was lost: it comes again, with the rest.
    replica.apply_events(events[:2], cursor=2)
    assert _outcome(store) == before
    replica.apply_events(events, cursor=len(events))
    after = _outcome(store)
    assert len(after["reservations"]) == 4 and len(after["decisions"]) == 4
    replica.apply_events(events, cursor=len(events))
    assert _outcome(store) == after
    with store.reading() as session:
        assert session.scalar(select(SyncDecision.id).where(
            SyncDecision.feed_seq == 1)) == events[0]["decision"]["id"]


def test_a_reservation_already_stored_is_not_added_again(
        prepared: tuple[Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    """Its id derives from the decision: a decision recorded again (its row lost, say)
    finds it and leaves it as it is."""
    events = prepared[1]
    store = _copy(prepared, tmp_path / "a")
    replica = StoreReplica(store, releases_root=tmp_path / "a" / "updates")
    replica.apply_events(events[:1], cursor=1)
    [reservation] = _outcome(store)["reservations"]
    with store.unit_of_work() as session:
        session.execute(delete(SyncDecision))  # the decision row only
    replica.apply_events(events[:1], cursor=1)
    result = _outcome(store)
    assert list(result["reservations"]) == [reservation] and len(result["decisions"]) == 1
    with store.reading() as session:
        assert session.get(ReservationRow, reservation).version == 1  # type: ignore[union-attr]



def _signed_basic_and_gm() -> Proposal:
    """Anna's signed proposal, not in any database: basic insurance and GM."""
    row = Proposal(id="p1", household_id="h1", status="signed",
                   signing_date=date(2026, 6, 20), document_sha256="ab" * 32)
    row.items = [ProposalItem(id="i-lamal", person_id="anna", product_code="LAMAL",
                              decision="proposed"),
                 ProposalItem(id="i-gm", person_id="anna", product_code="GM",
                              decision="proposed")]
    return row


def test_basic_insurance_left_out_of_a_decision_is_admitted() -> None:
    """The insurer decides the complementary covers; the basic insurance is a right (LAMal
    art. 4 al. 2, seed 001 art. 2 al. 1), so the proposal does not stay submitted."""
    row = _signed_basic_and_gm()
    decision = {"id": "d1", "proposal_id": "p1", "outcome": "accepted",
                "policy_number": "GM-1", "decided_at": DECIDED_AT, "note": None,
                "items": [{"item_id": "i-gm", "person_id": "anna", "product": "GM",
                           "outcome": "accepted", "reservations": []}]}
    followed = follow(row, decision, actor="sync", at=datetime(2026, 7, 1, 9, tzinfo=UTC))
    assert {i.product: i.status for i in followed.proposal.items} == {
        "LAMAL": lc.ItemStatus.ACCEPTED, "GM": lc.ItemStatus.ACCEPTED}
    # submitted -> accepted (every product decided) -> policy issued (a policy number)
    assert followed.proposal.status is lc.ProposalStatus.POLICY_ISSUED
    lamal = next(e for e in followed.events if e.subject_id == "i-lamal")
    assert lamal.reason == "basic insurance: admission is a right (LAMal art. 4)"


def test_a_decision_naming_the_basic_insurance_is_followed_as_given() -> None:
    row = _signed_basic_and_gm()
    decision = {"id": "d1", "proposal_id": "p1", "outcome": "refused",
                "policy_number": None, "decided_at": DECIDED_AT, "note": None,
                "items": [{"item_id": "i-gm", "person_id": "anna", "product": "GM",
                           "outcome": "refused", "reservations": []},
                          {"item_id": "i-lamal", "person_id": "anna", "product": "LAMAL",
                           "outcome": "refused", "reservations": []}]}
    followed = follow(row, decision, actor="sync", at=datetime(2026, 7, 1, 9, tzinfo=UTC))
    assert {i.product: i.status for i in followed.proposal.items} == {
        "LAMAL": lc.ItemStatus.REFUSED, "GM": lc.ItemStatus.REFUSED}  # e.g. not domiciled
    assert followed.proposal.status is lc.ProposalStatus.REFUSED
