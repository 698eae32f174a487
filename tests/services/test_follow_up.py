"""After the signature, on a real store: the signed document read back and checked, the
insurer's decision with a reservation, the client's consent or refusal, the revocation."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.services import agents
from app.services.catalogue import load_catalogue
from app.services.demo import proposals as demo_proposals
from app.services.proposals import decisions as sync_decisions
from app.services.proposals import flow
from app.services.proposals import follow_up as fu
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.lifecycle import ItemStatus, LifecycleError, ProposalStatus
from app.services.proposals.reservations import ReservationError, ReservationStatus
from app.services.store import audit
from app.services.store.database import Store
from tests.services.conftest import family

# Signed on Friday 11.12.2026 in Lausanne (VD). Revocation (LCA art. 2a, lifecycle.
# revocation_deadline): 14 days, the signing day not counted -> Friday 25.12.2026,
# Christmas, a public holiday in VD -> Saturday 26 -> Sunday 27 -> Monday 28.12.2026.
SIGNED_ON = date(2026, 12, 11)
DEADLINE = date(2026, 12, 28)
AT = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)
DECIDED_AT = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # Monday 14.12.2026, 09:00 in Lausanne
TODAY = date(2026, 12, 15)


@pytest.fixture
def signed(store: Store, agent: agents.AgentRecord, tmp_path: Path) -> str:
    """Zoé: hospital cover HC level 2; Jérôme: GM; Léa (10): dental DP level 0; answered,
    complete and signed through the lifecycle, the document under the data folder."""
    household = hh.create_household(store, family(), today=SIGNED_ON)
    zoe, jerome, lea = household.persons
    proposal = pr.create_proposal(store, household.id, pr.ProposalData(
        start_date=date(2027, 1, 1), items=[pr.ItemData(zoe.id, "HC", "2"),
                                            pr.ItemData(jerome.id, "GM"),
                                            pr.ItemData(lea.id, "DP", "0")]))
    demo_proposals.complete(store, household, proposal.id, load_catalogue(), today=SIGNED_ON,
                            at=AT)
    demo_proposals.sign(store, household, proposal.id, tmp_path, today=SIGNED_ON, at=AT)
    return proposal.id


def decide(store: Store, proposal_id: str, outcomes: dict[str, str],
           policy_number: str | None = "GM-2026-004711", seq: int = 1) -> None:
    """The insurer's decision as a sync brings it (`sync_decisions.record`); the hospital
    cover HC reserved for Crohn's disease when its outcome says so."""
    items: list[dict[str, Any]] = []
    for item in pr.get_proposal(store, proposal_id).items:
        outcome = outcomes[item.product_code]
        items.append({"item_id": item.id, "person_id": item.person_id,
                      "product": item.product_code, "outcome": outcome,
                      "reservations": [{"condition": "Crohn's disease", "body_part": "",
                                        "until": None}]
                      if outcome == "accepted_with_reservations" else []})
    decision = {"id": str(uuid.uuid4()), "proposal_id": proposal_id,
                "outcome": "accepted_with_reservations", "policy_number": policy_number,
                "items": items, "note": None, "decided_at": DECIDED_AT.isoformat()}
    with store.unit_of_work() as session:
        sync_decisions.record(store, session, [(seq, decision)], DECIDED_AT)


RESERVED = {"HC": "accepted_with_reservations", "GM": "accepted", "DP": "accepted"}


def later(minutes: int) -> datetime:
    return DECIDED_AT + timedelta(days=1, minutes=minutes)


# --- the signed document -----------------------------------------------------------------


def test_the_signed_document_is_read_back_only_while_its_hash_matches(
        store: Store, signed: str, tmp_path: Path) -> None:
    document = fu.signed_document(store, signed)
    assert document is not None
    assert document.path == tmp_path / "documents" / f"{signed}.pdf"  # relative to the folder
    assert document.content == document.path.read_bytes()
    assert document.sha256 == flow.load_proposal(store, signed).document_sha256

    document.path.write_bytes(document.content + b"\n% one line added after signing\n")
    with pytest.raises(fu.DocumentProblem, match="SHA-256 fingerprint differs"):
        fu.signed_document(store, signed)
    document.path.unlink()
    with pytest.raises(fu.DocumentProblem, match="file is missing"):
        fu.signed_document(store, signed)


def test_an_absolute_path_is_read_as_it_is(store: Store, signed: str, tmp_path: Path) -> None:
    from app.services.proposals.stored_documents import documents_of

    (record,) = documents_of(store, signed)
    elsewhere = tmp_path / "elsewhere" / "signed.pdf"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((tmp_path / record.path).read_bytes())
    assert fu.document_path(str(elsewhere), tmp_path / "other") == elsewhere
    assert fu.document_path("documents/a.pdf", tmp_path) == tmp_path / "documents" / "a.pdf"


def test_no_document_before_signing(store: Store, agent: agents.AgentRecord) -> None:
    household = hh.create_household(store, family(), today=SIGNED_ON)
    proposal = pr.create_proposal(store, household.id, pr.ProposalData(items=[
        pr.ItemData(household.persons[0].id, "HC", "2")]))
    assert fu.signed_document(store, proposal.id) is None
    assert fu.follow_up(store, proposal.id, today=TODAY, at=AT).revocation == fu.Revocation(
        None, False, "The proposal has not been signed yet.")


# --- the summary ---------------------------------------------------------------------


def test_the_follow_up_after_a_decision_with_a_reservation(store: Store, signed: str) -> None:
    decide(store, signed, RESERVED)
    summary = fu.follow_up(store, signed, today=TODAY, at=later(0))
    assert summary.proposal.status is ProposalStatus.ACCEPTED_WITH_RESERVATIONS
    assert summary.proposal.signed_on == SIGNED_ON
    assert summary.submitted_on == date(2026, 12, 14)  # submitted as the decision came in
    assert summary.decision is not None
    assert (summary.decision.policy_number, summary.decision.decided_at) == (
        "GM-2026-004711", DECIDED_AT)
    assert {i.product: i.status for i in summary.proposal.items} == {
        "HC": ItemStatus.ACCEPTED_WITH_RESERVATIONS, "GM": ItemStatus.ACCEPTED,
        "DP": ItemStatus.ACCEPTED}
    (awaited,) = summary.awaiting
    assert (awaited.condition, awaited.products, awaited.status, awaited.decided) == (
        "Crohn's disease", ("HC",), ReservationStatus.CONSENT_REQUESTED, True)
    assert summary.revocation == fu.Revocation(DEADLINE, True)
    assert [status.value for _day, status in summary.history] == [
        "complete", "signed", "submitted", "accepted_with_reservations"]


# --- the client's answer -----------------------------------------------------------------


@pytest.mark.parametrize("policy_number, after", [
    # The decision named the policy: once Zoé consented, nothing waits for the client; the
    # guard of policy_issued (every reserved product consented to) passes.
    ("GM-2026-004711", ProposalStatus.POLICY_ISSUED),
    # No policy named yet: consent moves no state; the insurer issues the policy later.
    (None, ProposalStatus.ACCEPTED_WITH_RESERVATIONS),
])
def test_consent_to_the_reservation(store: Store, agent: agents.AgentRecord, signed: str,
                                    policy_number: str | None,
                                    after: ProposalStatus) -> None:
    decide(store, signed, RESERVED, policy_number)
    (awaited,) = fu.follow_up(store, signed, today=TODAY, at=later(0)).awaiting
    moved = fu.record_consent(store, signed, awaited.id, consented=True, on=TODAY, today=TODAY,
                              actor=agent.id, at=later(1))
    assert moved.status is after
    (stored,) = flow.load_reservations(store, signed)
    assert (stored.status, stored.consent_on) == (ReservationStatus.ACCEPTED_BY_CLIENT, TODAY)
    assert {i.product: i.status for i in moved.items}["HC"] is ItemStatus.ACCEPTED_WITH_RESERVATIONS
    assert fu.follow_up(store, signed, today=TODAY, at=later(2)).awaiting == ()
    if after is ProposalStatus.POLICY_ISSUED:  # inside the 14 days: still revocable (art. 2a)
        assert fu.follow_up(store, signed, today=TODAY, at=later(2)).revocation.open
    trail = [(a.actor_id, a.detail["from"], a.detail["to"])
             for a in audit.history(store, awaited.id) if a.action == "transition"]
    assert trail[-1] == (agent.id, "consent_requested", "accepted_by_client")


@pytest.mark.parametrize("policy_number, after", [
    # HC dropped (004 art. 8 al. 2); GM and DP accepted go on (art. 6 al. 6): the outcome of
    # the rest is "accepted", and with the policy named, the policy follows.
    ("GM-2026-004711", ProposalStatus.POLICY_ISSUED),
    (None, ProposalStatus.ACCEPTED),
])
def test_refusing_the_reservation_drops_only_that_product(
        store: Store, agent: agents.AgentRecord, signed: str, policy_number: str | None,
        after: ProposalStatus) -> None:
    decide(store, signed, RESERVED, policy_number)
    (awaited,) = fu.follow_up(store, signed, today=TODAY, at=later(0)).awaiting
    moved = fu.record_consent(store, signed, awaited.id, consented=False, on=TODAY,
                              today=TODAY, actor=agent.id, at=later(1))
    assert moved.status is after
    assert {i.product: i.status for i in moved.items} == {
        "HC": ItemStatus.DROPPED, "GM": ItemStatus.ACCEPTED, "DP": ItemStatus.ACCEPTED}
    assert flow.load_reservations(store, signed)[0].status is ReservationStatus.REFUSED_BY_CLIENT


def test_refusing_the_only_accepted_product_leaves_the_proposal_refused(
        store: Store, agent: agents.AgentRecord, signed: str) -> None:
    # HC reserved, GM and DP refused by the insurer: once HC is dropped nothing is accepted.
    decide(store, signed, {"HC": "accepted_with_reservations", "GM": "refused",
                           "DP": "refused"}, None)
    (awaited,) = fu.follow_up(store, signed, today=TODAY, at=later(0)).awaiting
    moved = fu.record_consent(store, signed, awaited.id, consented=False, on=TODAY,
                              today=TODAY, actor=agent.id, at=later(1))
    assert moved.status is ProposalStatus.REFUSED
    assert fu.follow_up(store, signed, today=TODAY, at=later(2)).revocation == fu.Revocation(
        DEADLINE, False, "A proposal that is “refused” can no longer be revoked.")


def test_an_answer_is_refused_when_it_cannot_be(store: Store, agent: agents.AgentRecord,
                                                signed: str) -> None:
    decide(store, signed, RESERVED)
    (awaited,) = fu.follow_up(store, signed, today=TODAY, at=later(0)).awaiting
    with pytest.raises(ReservationError, match="cannot be in the future") as future:
        fu.record_consent(store, signed, awaited.id, consented=True,
                          on=TODAY + timedelta(days=1), today=TODAY, actor=agent.id,
                          at=later(1))
    assert future.value.code == "answer_in_future"
    fu.record_consent(store, signed, awaited.id, consented=False, on=TODAY, today=TODAY,
                      actor=agent.id, at=later(2))
    with pytest.raises(LifecycleError, match="can no longer be recorded"):
        # "policy issued" for the other products: the answer is final
        fu.record_consent(store, signed, awaited.id, consented=True, on=TODAY, today=TODAY,
                          actor=agent.id, at=later(3))


def test_the_answer_deadline_of_the_insurers_reservation(
        store: Store, agent: agents.AgentRecord, signed: str) -> None:
    decide(store, signed, RESERVED)
    with pytest.raises(ReservationError, match="cannot be in the past"):
        fu.set_answer_deadline(store, signed, TODAY - timedelta(days=1), today=TODAY,
                               actor=agent.id, at=later(1))
    (changed,) = fu.set_answer_deadline(store, signed, date(2027, 1, 15), today=TODAY,
                                        actor=agent.id, at=later(1))
    assert changed.consent_due == date(2027, 1, 15)
    assert flow.load_reservations(store, signed)[0].consent_due == date(2027, 1, 15)
    # only a reservation without one gets it
    assert fu.set_answer_deadline(store, signed, date(2027, 1, 31), today=TODAY,
                                  actor=agent.id, at=later(2)) == []


# --- the revocation ------------------------------------------------------------------


def test_revocation_on_the_last_day_is_accepted(store: Store, agent: agents.AgentRecord,
                                                signed: str) -> None:
    summary = fu.follow_up(store, signed, today=DEADLINE, at=later(0))
    assert summary.revocation == fu.Revocation(DEADLINE, True)
    revoked = fu.revoke(store, signed, sent_on=DEADLINE, today=DEADLINE, actor=agent.id,
                        at=later(1))
    assert revoked.status is ProposalStatus.REVOKED
    assert pr.get_proposal(store, signed).status is pr.ProposalStatus.REVOKED
    last = [a for a in audit.history(store, signed) if a.action == "transition"][-1]
    assert (last.actor_id, last.detail["from"], last.detail["to"]) == (
        agent.id, "signed", "revoked")
    after = fu.follow_up(store, signed, today=DEADLINE, at=later(2)).revocation
    assert after == fu.Revocation(DEADLINE, False, "The proposal has been revoked.")


def test_revocation_after_the_deadline_is_refused_with_the_reason(
        store: Store, agent: agents.AgentRecord, signed: str) -> None:
    day_after = DEADLINE + timedelta(days=1)
    reason = ("The revocation period ended on 28.12.2026; a revocation sent on 29.12.2026 "
              "is too late.")
    # closed today, yet a revocation sent by the deadline can still be recorded
    assert fu.follow_up(store, signed, today=day_after, at=later(0)).revocation == \
        fu.Revocation(DEADLINE, False, reason, recordable=True)
    with pytest.raises(LifecycleError) as error:
        fu.revoke(store, signed, sent_on=day_after, today=day_after, actor=agent.id,
                  at=later(1))
    assert error.value.message == reason
    with pytest.raises(LifecycleError, match="cannot be in the future"):
        fu.revoke(store, signed, sent_on=DEADLINE, today=SIGNED_ON, actor=agent.id,
                  at=later(1))
    assert flow.load_proposal(store, signed).status is ProposalStatus.SIGNED
