"""The store as the sync engine sees it, without a server: what a push sends, what an
answer records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.models import SyncEntity
from app.services.proposals import answer_sets
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.records import ProposalData
from app.services.sync.replica import StoreReplica
from tests.services.sync_helpers import HEALTH_ANSWER, TODAY, family, laptop, pending


def applied(changes: list[dict[str, Any]], version: int = 1) -> list[dict[str, Any]]:
    return [{"change_id": c["change_id"], "status": "applied", "version": version}
            for c in changes]


def test_a_push_sends_decrypted_answers_marked_sensitive_and_no_bookkeeping(
        tmp_path: Path) -> None:
    store = laptop(tmp_path, "AG-1001")
    household = hh.create_household(store, family(), today=TODAY)
    proposal = pr.create_proposal(store, household.id, ProposalData())
    answer_sets.save_answer_set(store, proposal.id, household.persons[0].id, "health", "1",
                                {"q7": HEALTH_ANSWER})
    changes = StoreReplica(store).pending_changes(100)
    answers = next(c for c in changes if c["entity_type"] == "answer_set")
    assert answers["fields"]["answers"] == {"q7": HEALTH_ANSWER}
    assert answers["sensitive"] == ["answers"] and answers["parent_id"] == proposal.id
    assert "answers_ciphertext" not in answers["fields"]
    person = next(c for c in changes if c["entity_type"] == "person")
    assert not {"id", "version", "updated_at"} & set(person["fields"])
    assert person["parent_id"] == household.id and person["base_version"] == 0
    assert [c["seq"] for c in changes] == sorted(c["seq"] for c in changes)


def test_an_update_sends_the_changed_fields_at_the_version_last_reconciled(
        tmp_path: Path) -> None:
    store = laptop(tmp_path, "AG-1001")
    household = hh.create_household(store, family(), today=TODAY)
    replica = StoreReplica(store)
    first = replica.pending_changes(100)
    replica.record_push(first, applied(first, version=4))
    data = hh.get_household(store, household.id).to_data()
    data.persons[0].email = "zoe@new.ch"
    hh.update_household(store, household.id, data, hh.get_household(store, household.id).version,
                        today=TODAY)
    [update] = replica.pending_changes(100)
    assert update["fields"] == {"email": "zoe@new.ch"}
    assert (update["op"], update["base_version"]) == ("upsert", 4)


def test_answers_recorded_by_another_replica_keep_full_snapshots(tmp_path: Path) -> None:
    store = laptop(tmp_path, "AG-1001")
    household = hh.create_household(store, family(), today=TODAY)
    changes = StoreReplica(store).pending_changes(100)
    StoreReplica(store).record_push(changes, applied(changes))  # not the reading replica
    assert pending(store) == 0
    with store.reading() as session:
        shadow = session.get(SyncEntity, household.id).shadow  # type: ignore[union-attr]
    assert shadow["name"] == "Famille Rochat" and shadow["language"] == "fr"


def test_a_refused_change_is_shipped_but_moves_no_version(tmp_path: Path) -> None:
    store = laptop(tmp_path, "AG-1001")
    household = hh.create_household(store, family(), today=TODAY)
    replica = StoreReplica(store)
    changes = replica.pending_changes(100)
    replica.record_push(changes, [{"change_id": c["change_id"], "status": "refused",
                                   "reason": "forbidden"} for c in changes])
    assert pending(store) == 0
    with store.reading() as session:
        state = session.get(SyncEntity, household.id)
        assert state is not None and state.server_version == 0
