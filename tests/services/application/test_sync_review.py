"""Conflicts and repriced offers over the real store: names instead of ids, errors in words."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.models import SyncConflict
from app.services.application.ports import RepricedLine, ReviewError
from app.services.application.proposals import StoreProposals
from app.services.application.sync_review import StoreConflicts, StoreRepricings
from app.services.proposals import records as store_proposals
from app.services.store.database import Store
from app.services.sync import stale_offers
from app.services.sync.stale_offers import PriceLine
from tests.views.fakes import chosen, family_draft


def _family(proposals: StoreProposals) -> store_proposals.ProposalRecord:
    draft = chosen(family_draft())
    proposals.save_draft(draft)
    return store_proposals.get_proposal(proposals.store, draft.id)


def _conflict(store: Store, conflict_id: int, entity: str, entity_id: str, field: str,
              mine: object, theirs: object) -> None:
    """As the replica keeps one the server sent back (sync_replica._keep_conflict)."""
    with store.unit_of_work() as session:
        session.add(SyncConflict(id=conflict_id, entity=entity, entity_id=entity_id,
                                 field=field, base_version=1, server_version=2,
                                 client_value=mine, server_value=theirs, status="open",
                                 created_at=datetime(2026, 11, 20, 9, tzinfo=UTC)))


def test_conflicts_name_whom_they_concern(proposals: StoreProposals, store: Store) -> None:
    record = _family(proposals)
    anna = next(i.person_id for i in record.items)  # Anna's items come first
    _conflict(store, 5, "person", anna, "phone", "+41791234567", "+41217654321")
    _conflict(store, 6, "household", record.household_id, "name", "Rochat", "Rochat-Favre")
    _conflict(store, 7, "proposal", record.id, "note", "", "Call back")
    conflicts = StoreConflicts(store)
    assert conflicts.count() == 3
    rows = conflicts.open_conflicts()
    assert [(r.id, r.entity, r.field, r.subject, r.mine, r.theirs) for r in rows] == [
        (5, "person", "phone", "Anna Rochat", "+41791234567", "+41217654321"),
        (6, "household", "name", "Anna Rochat", "Rochat", "Rochat-Favre"),
        (7, "proposal", "note", "Anna Rochat", "", "Call back"),
    ]


def test_resolving_without_a_server_says_what_to_do(proposals: StoreProposals,
                                                    store: Store) -> None:
    record = _family(proposals)
    _conflict(store, 5, "proposal", record.id, "note", "a", "b")
    with pytest.raises(ReviewError, match="Sync is not set up"):
        StoreConflicts(store).resolve(5, "theirs")
    assert StoreConflicts(store).count() == 1  # still open: nothing was decided


def test_repriced_offers_with_names_and_acknowledged(proposals: StoreProposals, store: Store,
                                                     tmp_path: Path) -> None:
    record = _family(proposals)
    anna = record.items[0].person_id
    stale_offers.record_pricing(store, record.id, "2026.1", "2026.1", [
        PriceLine(anna, "LAMAL", Decimal("410.20")), PriceLine(anna, "SC", Decimal("30.00"))])

    def repricer(_store: Store, _proposal: str, _folder: Path, _version: str
                 ) -> list[PriceLine]:
        return [PriceLine(anna, "LAMAL", Decimal("425.80")),
                PriceLine(anna, "SC", Decimal("28.50"))]

    stale_offers.reprice_unsigned(store, "2027.1", tmp_path, repricer)
    repricings = StoreRepricings(store, lambda code: f"product {code}")
    assert repricings.count() == 1
    [offer] = repricings.unreviewed()
    assert (offer.proposal_id, offer.client, offer.old_tariff, offer.new_tariff) == (
        record.id, "Anna Rochat", "2026.1", "2027.1")
    assert offer.lines == (
        RepricedLine("Anna Rochat", "product LAMAL", Decimal("410.20"), Decimal("425.80")),
        RepricedLine("Anna Rochat", "product SC", Decimal("30.00"), Decimal("28.50")))
    # 425.80 - 410.20 = +15.60; 28.50 - 30.00 = -1.50; total +14.10
    assert offer.total_difference == Decimal("14.10")
    repricings.acknowledge(offer.id)
    assert repricings.count() == 0 and repricings.unreviewed() == []
    with pytest.raises(ReviewError):
        repricings.acknowledge("no-such-repricing")
