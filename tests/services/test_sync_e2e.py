"""End to end on loopback: two agents' laptops and one server.

Created offline, synced, decided by the back office, synced back: the agent sees the
decision and the policy, and both sides hold the same data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.proposals import flow as proposal_flow
from app.services.proposals import reservations as local_reservations
from app.services.proposals.households import get_household
from app.services.sync import service as sync_service
from app.services.sync import settings as sync_settings
from app.services.sync.client import SyncProgress
from app.services.sync.replica import StoreReplica
from tests.server.helpers import sql
from tests.services.sync_helpers import (
    HEALTH_ANSWER,
    applied_change_count,
    assert_same_data,
    connect,
    family,
    laptop,
    pending,
    signed_proposal,
)
from tests.sync_fixtures import Enrol, RunningServer


def test_offline_work_reaches_the_insurer_and_the_decision_comes_back(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol) -> None:
    anna_account, bruno_account = enrol("AG-1001"), enrol("AG-2002")
    office = sync_server.transport(enrol("BO-1", "backoffice"))
    anna = laptop(tmp_path / "anna", "AG-1001", "Anna Keller")
    bruno = laptop(tmp_path / "bruno", "AG-2002", "Bruno Weiss")
    # Offline: Anna signs a proposal, Bruno prepares a household.
    household, proposal = signed_proposal(anna, documents=tmp_path / "anna")
    from app.services.proposals import households as hh
    from tests.services.sync_helpers import TODAY

    hh.create_household(bruno, family("Famille Bernasconi"), today=TODAY)
    assert pending(anna) > 0 and pending(bruno) > 0
    assert sync_service.unsynced_changes(anna) == pending(anna)
    assert not sync_service.server_reachable(anna)  # not configured yet

    connect(anna, sync_server.url, anna_account.token)
    connect(bruno, sync_server.url, bruno_account.token)
    assert sync_service.server_reachable(anna)
    seen: list[SyncProgress] = []
    replica = StoreReplica(anna, documents_root=tmp_path / "anna",
                           releases_root=tmp_path / "anna" / "updates")
    first = sync_service.synchronise(anna, replica=replica, progress=seen.append)
    sync_service.synchronise(bruno, replica=StoreReplica(
        bruno, releases_root=tmp_path / "bruno" / "updates"))
    # household + 3 persons + proposal + 2 items + 2 answer sets (Zoé's, Léa's) + "ready"
    # + document record + 2 signatures (Zoé for herself, Zoé for Léa) + "signed" = 14
    # journalled changes; once the insurer holds the signed proposal it is "submitted", a
    # 15th change sent at the end of the same sync.
    assert first.pushed == 15 and first.refused == [] and first.documents == 1
    assert proposal_flow.load_proposal(anna, proposal.id).status.value == "submitted"
    assert seen[0] == SyncProgress("push", 0, 14)
    assert SyncProgress("push", 14, 14) in seen
    assert pending(anna) == 0 and pending(bruno) == 0
    assert_same_data(anna, sync_server.config, "AG-1001")
    assert_same_data(bruno, sync_server.config, "AG-2002")

    # The server has the health answers, readable by the back office only.
    read = office.request("GET", f"/v1/proposals/{proposal.id}")
    assert read["sealed"] is True
    zoe_answers = next(i for i in read["items"] if i["entity_type"] == "answer_set"
                       and i["fields"]["person_id"] == household.persons[0].id)
    answer_set = zoe_answers["fields"]["answers"]["answer_set"]
    assert answer_set["answers"]["current_treatment"]["cases"][0]["diagnosis"] == {"text": HEALTH_ANSWER}
    [(blob,)] = sql(sync_server.config, "SELECT t::text FROM entities t WHERE id = :id",
                    id=zoe_answers["id"])
    assert "Crohn" not in blob

    # The back office decides: one cover with a reservation, one refused, a policy number.
    zoe, lea = household.persons[0], household.persons[2]
    office.request("POST", f"/v1/office/proposals/{proposal.id}/decisions", {
        "policy_number": "GM-2026-004711",
        "items": [{"person_id": zoe.id, "product": "HC",
                   "outcome": "accepted_with_reservations",
                   "reservations": [{"condition": "Crohn's disease"}]},
                  {"person_id": lea.id, "product": "DP", "outcome": "refused"}]})
    # ... and corrects Zoé's phone number.
    office.request("PATCH", f"/v1/office/entities/{zoe.id}", {
        "base_version": read_version(office, zoe.id), "fields": {"phone": "+41217654321"}})

    second = sync_service.synchronise(anna, replica=replica)
    assert second.decisions == 1 and second.events == 2
    [decision] = sync_service.decisions_of(anna, proposal.id)
    assert (decision.outcome, decision.policy_number) == ("accepted_with_reservations",
                                                          "GM-2026-004711")
    assert [(i["product"], i["outcome"]) for i in decision.items] == [
        ("HC", "accepted_with_reservations"), ("DP", "refused")]
    assert decision.reservations[0]["condition"] == "Crohn's disease"
    # The lifecycle followed: a reservation for Zoé's consent, a decision per product.
    [reservation] = local_reservations.reservations_of(anna, proposal.id)
    assert (reservation.person_id, reservation.product_code) == (zoe.id, "HC")
    assert (reservation.details["condition"], reservation.details["origin"],
            reservation.details["status"]) == ("Crohn's disease", "insurer", "consent_requested")
    lifecycle_view = proposal_flow.load_proposal(anna, proposal.id)
    assert lifecycle_view.status.value == "accepted_with_reservations"
    assert [(i.product, i.status.value) for i in lifecycle_view.items] == [
        ("HC", "accepted_with_reservations"), ("DP", "refused")]
    assert get_household(anna, household.id).persons[0].phone == "+41217654321"
    # The reservation made locally went back in the same sync; both sides agree.
    assert pending(anna) == 0
    assert_same_data(anna, sync_server.config, "AG-1001")
    # Bruno got nothing of Anna's.
    third = sync_service.synchronise(bruno)
    assert third.events == 0 and sync_service.decisions_of(bruno, proposal.id) == []
    rows, distinct = applied_change_count(sync_server.config)
    assert rows == distinct
    # Both laptops logged their syncs.
    assert [r.outcome for r in sync_settings.runs(anna)] == ["ok", "ok"]


def read_version(office: object, entity_id: str) -> int:
    return int(office.request("GET", f"/v1/entities/{entity_id}")["version"])  # type: ignore[attr-defined]


def test_a_contact_conflict_is_shown_and_resolved_by_the_agent(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol) -> None:
    from app.services.proposals import households as hh
    from tests.services.sync_helpers import TODAY

    account = enrol("AG-1001")
    office = sync_server.transport(enrol("BO-1", "backoffice"))
    anna = laptop(tmp_path, "AG-1001")
    connect(anna, sync_server.url, account.token)
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    household = hh.create_household(anna, family(), today=TODAY)
    sync_service.synchronise(anna, replica=replica)
    zoe = household.persons[0]
    # Both change Zoé's phone while apart, and the office also her e-mail.
    office.request("PATCH", f"/v1/office/entities/{zoe.id}", {
        "base_version": read_version(office, zoe.id),
        "fields": {"phone": "+41220000000", "email": "zoe@office.ch"}})
    data = get_household(anna, household.id).to_data()
    data.persons[0].phone = "+41791111111"
    hh.update_household(anna, household.id, data, get_household(anna, household.id).version,
                        today=TODAY)
    report = sync_service.synchronise(anna, replica=replica)
    assert [c["field"] for c in report.conflicts] == ["phone"]
    [conflict] = sync_service.open_conflicts(anna)
    assert (conflict.mine, conflict.theirs) == ("+41791111111", "+41220000000")
    after = get_household(anna, household.id).persons[0]
    # Never silently overwritten: the laptop keeps the agent's value until they choose;
    # the e-mail nobody else touched is merged.
    assert (after.phone, after.email) == ("+41791111111", "zoe@office.ch")
    sync_service.resolve_conflict(anna, conflict.id, "theirs", transport=replica_transport(
        sync_server, account))
    assert get_household(anna, household.id).persons[0].phone == "+41220000000"
    assert sync_service.open_conflicts(anna) == []
    sync_service.synchronise(anna, replica=replica)
    assert_same_data(anna, sync_server.config, "AG-1001")


def replica_transport(server: RunningServer, account: object) -> object:
    return server.transport(account)  # type: ignore[arg-type]


def test_sync_without_configuration_says_what_to_do(tmp_path: Path) -> None:
    anna = laptop(tmp_path, "AG-1001")
    with pytest.raises(sync_settings.NotConfigured, match="--server URL --token"):
        sync_service.synchronise(anna)
