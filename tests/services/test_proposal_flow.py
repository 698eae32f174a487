"""The whole flow, headless, on a real (temporary) store and the real catalogue: household,
eligible products, questionnaire, suggested reservation, consent, signatures, submission,
acceptance with a reservation; then revocation and a refused reservation on the store."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app.models.base import new_id
from app.services import agents
from app.services.catalogue import load_catalogue
from app.services.proposals import flow
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals import reservations as res
from app.services.proposals.answers import AnswerSet, MonthYear, Respondent
from app.services.proposals.lifecycle import ItemStatus, LifecycleError, ProposalStatus
from app.services.proposals.questionnaire import questions_for
from app.services.proposals.records import InvalidState
from app.services.proposals.reservations import Origin, ReservationStatus
from app.services.proposals.signatures import add_signature
from app.services.proposals.stored_documents import add_document
from app.services.proposals.underwriting import Outcome
from app.services.store import audit
from app.services.store.database import Store
from tests.services.conftest import family

TODAY = date(2026, 11, 23)  # a Monday; the meeting at the client's table
START = date(2027, 1, 1)
AT = datetime(2026, 11, 23, 18, 30, tzinfo=UTC)
PDF = b"%PDF-1.7 signed proposal of the Rochat family"
INK = b"\x89PNG strokes"
KNEE = {"diagnosis": "meniscus surgery", "body_part": "knee", "side": "left",
        "from": MonthYear(2024, 2), "course": "healed", "to": MonthYear(2024, 6),
        "treatment": "arthroscopy", "doctor": "Dr Rossi, Lausanne", "time_off_work": True,
        "weeks_off_work": Decimal(6)}


def all_no(person_id: str, products: list[str], sex: str, **kwargs: object) -> AnswerSet:
    answers = AnswerSet(person_id, "health_v1", **kwargs)  # type: ignore[arg-type]
    for question in questions_for(products, sex=sex):
        answers = answers.with_answer(question.id, False)
    return answers


def later(minutes: int) -> datetime:
    return AT + timedelta(minutes=minutes)


@pytest.fixture
def setup(store: Store, agent: agents.AgentRecord) -> tuple[str, dict[str, str], dict[str, str]]:
    household = hh.create_household(store, family(), today=TODAY)
    zoe, jerome, lea = (p.id for p in household.persons)
    items = [pr.ItemData(zoe, "GM"), pr.ItemData(zoe, "LJ", "priva"), pr.ItemData(jerome, "HC", "2"),
             pr.ItemData(lea, "KP"), pr.ItemData(lea, "SC", "1")]
    proposal = pr.create_proposal(store, household.id, pr.ProposalData(start_date=START, items=items))
    item_ids = {f"{i.person_id}:{i.product_code}": i.id for i in proposal.items}
    return proposal.id, {"zoe": zoe, "jerome": jerome, "lea": lea}, item_ids


def fill_questionnaires(store: Store, proposal_id: str, who: dict[str, str], actor: str) -> flow.HealthRecord:
    zoe = all_no(who["zoe"], ["GM", "LJ"], "female").with_answer("treatment_5y", True, [KNEE])
    record = flow.save_answers(store, proposal_id, zoe, today=TODAY, actor=actor, at=later(1), language="fr")
    flow.save_answers(store, proposal_id, all_no(who["jerome"], ["HC"], "male"), today=TODAY,
                      actor=actor, at=later(2))
    lea = all_no(who["lea"], ["KP", "SC"], "female", answered_by=Respondent.LEGAL_REPRESENTATIVE)
    assert flow.save_answers(store, proposal_id, lea, today=TODAY, actor=actor, at=later(3)).issues == ()
    return record


def test_the_whole_flow(store: Store, agent: agents.AgentRecord, setup: tuple, tmp_path: Path) -> None:
    proposal_id, who, item_ids = setup
    catalogue = load_catalogue()
    eligibility = flow.catalogue_eligibility(store, proposal_id, catalogue)

    # Questionnaire: Zoé reports a knee operation; Léa is answered for by her mother.
    record = fill_questionnaires(store, proposal_id, who, agent.id)
    assert record.issues == ()
    assert record.assessment is not None
    assert record.assessment.products["GM"].outcome is Outcome.RESERVATION_SUGGESTED
    assert record.assessment.products["LJ"].questions_asked is False
    (suggestion,) = record.assessment.reservations
    assert suggestion.wording == "genou gauche, meniscus surgery 2024"  # Zoé speaks French

    # Suggested reservation: the agent rewords it, the client consents at the table.
    reservation, event = res.create(new_id(), who["zoe"], proposal_id, condition=suggestion.condition,
                                    body_part=suggestion.body_part, products=suggestion.products,
                                    start=START, origin=Origin.SUGGESTED, rule_id=suggestion.rule_id,
                                    actor=agent.id, at=later(4))
    flow.save_reservation(store, reservation, event)
    for step in (
        lambda r: res.reword(r, condition="opération du ménisque 2024", body_part="genou gauche",
                             actor=agent.id, at=later(5)),
        lambda r: res.request_consent(r, due=date(2026, 12, 7), actor=agent.id, at=later(6)),
        lambda r: res.accept(r, on=TODAY, actor=who["zoe"], at=later(7)),
    ):
        reservation, event = step(reservation)
        flow.save_reservation(store, reservation, event)

    # Complete: every question answered, every product eligible (catalogue ages, levels).
    assert flow.complete(store, proposal_id, eligibility=eligibility, today=TODAY, actor=agent.id,
                         at=later(8)).status is ProposalStatus.COMPLETE
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.READY

    # Signatures: Zoé (policyholder), Jérôme (his own answers), Zoé again for Léa.
    digest = hashlib.sha256(PDF).hexdigest()
    document = add_document(store, proposal_id, "proposal", "fr", "proposals/rochat.pdf", digest)
    add_signature(store, proposal_id, "Zoé Rochat", "policyholder", INK, later(9), person_id=who["zoe"],
                  document_id=document.id)
    add_signature(store, proposal_id, "Jérôme Rochat", "insured_person", INK, later(9),
                  person_id=who["jerome"], document_id=document.id)
    with pytest.raises(LifecycleError) as error:
        flow.sign(store, proposal_id, signed_on=TODAY, document_id=document.id, actor=agent.id, at=later(10))
    assert error.value.code == "signatures_missing" and "Léa Rochat" in error.value.message
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.READY  # nothing written
    add_signature(store, proposal_id, "Zoé Rochat", "legal_representative", INK, later(10),
                  person_id=who["lea"], document_id=document.id)
    signed = flow.sign(store, proposal_id, signed_on=TODAY, document_id=document.id, actor=agent.id,
                       at=later(11))
    assert (signed.status, signed.signed_on, signed.document_sha256) == (ProposalStatus.SIGNED, TODAY, digest)

    # Frozen: neither the answers nor the proposal's fields can change any more.
    with pytest.raises(LifecycleError) as error:
        fill_questionnaires(store, proposal_id, who, agent.id)
    assert error.value.code == "proposal_frozen"
    with pytest.raises(InvalidState):
        pr.save_draft(store, proposal_id, "note", "changed after signing")

    flow.submit(store, proposal_id, actor=agent.id, at=later(12))

    # The insurer: same wording decided (the consent stands), one product refused.
    reservation, event = res.decide(reservation, actor="insurer", at=later(60))
    assert reservation.status is ReservationStatus.ACCEPTED_BY_CLIENT
    flow.save_reservation(store, reservation, event)
    decisions = {f"{who['zoe']}:GM": ItemStatus.ACCEPTED_WITH_RESERVATIONS,
                 f"{who['zoe']}:LJ": ItemStatus.ACCEPTED,
                 f"{who['jerome']}:HC": ItemStatus.REFUSED,
                 f"{who['lea']}:KP": ItemStatus.ACCEPTED,
                 f"{who['lea']}:SC": ItemStatus.ACCEPTED}
    for key, decision in decisions.items():
        proposal = flow.record_decision(store, proposal_id, item_ids[key], decision, actor="insurer",
                                        at=later(61))
    assert proposal.status is ProposalStatus.ACCEPTED_WITH_RESERVATIONS
    issued = flow.issue_policy(store, proposal_id, actor="insurer", at=later(62))
    assert issued.status is ProposalStatus.POLICY_ISSUED

    # Everything reads back from the store.
    again = flow.load_proposal(store, proposal_id)
    assert again.status is ProposalStatus.POLICY_ISSUED and again.canton == "VD"
    assert {i.id: i.status for i in again.items} == {item_ids[k]: v for k, v in decisions.items()}
    suggested = {(i.person_id, i.product): i.suggestion for i in again.items}
    assert suggested[(who["zoe"], "GM")] == "reservation_suggested"  # suggested...
    assert suggested[(who["jerome"], "HC")] == "no_remark"  # ...vs decided: refused
    (stored,) = flow.load_reservations(store, proposal_id)
    assert stored == reservation
    assert (stored.suggested_wording, stored.wording, stored.decided) == (
        "genou gauche, meniscus surgery 2024", "genou gauche, opération du ménisque 2024", True)
    assert flow.load_answers(store, proposal_id)[who["zoe"]].answers["treatment_5y"].cases[0] == KNEE

    # The audit trail: every lifecycle move, with who, from, to, when and why.
    trail = [a for a in audit.history(store, proposal_id) if a.action == "transition"]
    assert [(a.detail["from"], a.detail["to"]) for a in trail] == [
        ("draft", "complete"), ("complete", "signed"), ("signed", "submitted"),
        ("submitted", "accepted_with_reservations"), ("accepted_with_reservations", "policy_issued")]
    assert trail[1].actor_id == agent.id and trail[1].at == later(11)
    item_trail = audit.history(store, item_ids[f"{who['jerome']}:HC"])
    assert [(a.action, a.detail.get("to")) for a in item_trail if a.action == "transition"] == [
        ("transition", "refused")]
    reservation_trail = [a.detail["to"] for a in audit.history(store, reservation.id)
                         if a.action == "transition"]
    assert reservation_trail == ["proposed", "proposed", "consent_requested", "accepted_by_client",
                                 "accepted_by_client"]
    # No health detail in clear, neither in the trail nor in the database file.
    everything = repr(audit.history(store))
    assert "ménisque" not in everything and "meniscus" not in everything
    store.engine.dispose()
    raw = b"".join(p.read_bytes() for p in store.path.parent.glob("propono.sqlite*"))
    assert b"meniscus" not in raw and "ménisque".encode() not in raw


def test_revocation_inside_fourteen_days_on_the_store(store: Store, agent: agents.AgentRecord,
                                                      setup: tuple) -> None:
    proposal_id, who, _items = setup
    signed_proposal(store, proposal_id, who, agent.id)
    # Signed Monday 23.11.2026: the 14th day is Monday 7.12.2026.
    with pytest.raises(LifecycleError) as error:
        flow.revoke(store, proposal_id, sent_on=date(2026, 12, 8), actor=who["zoe"], at=later(100))
    assert error.value.code == "revocation_too_late"
    revoked = flow.revoke(store, proposal_id, sent_on=date(2026, 12, 7), actor=who["zoe"], at=later(100))
    assert revoked.status is ProposalStatus.REVOKED
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.REVOKED


def test_an_unsigned_proposal_is_cancelled_then_restored(store: Store, agent: agents.AgentRecord,
                                                         setup: tuple) -> None:
    proposal_id, _who, _items = setup
    flow.cancel(store, proposal_id, actor=agent.id, at=later(5))
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.CANCELLED
    with pytest.raises(InvalidState):  # kept on file, not changed
        pr.save_proposal(store, proposal_id, pr.ProposalData(start_date=START, items=[]),
                         pr.get_proposal(store, proposal_id).version)
    flow.restore(store, proposal_id, actor=agent.id, at=later(10))
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.DRAFT
    trail = [(e.detail["from"], e.detail["to"], e.detail["reason"])
             for e in audit.history(store, proposal_id) if e.action == "transition"]
    assert trail == [("draft", "cancelled", "the client did not go ahead"),
                     ("cancelled", "draft", "restored")]


def test_a_signed_proposal_cannot_be_cancelled_on_the_store(store: Store, agent: agents.AgentRecord,
                                                            setup: tuple) -> None:
    proposal_id, who, _items = setup
    signed_proposal(store, proposal_id, who, agent.id)
    with pytest.raises(LifecycleError):
        flow.cancel(store, proposal_id, actor=agent.id, at=later(100))
    assert pr.get_proposal(store, proposal_id).status is pr.ProposalStatus.SIGNED


def signed_proposal(store: Store, proposal_id: str, who: dict[str, str], actor: str) -> None:
    fill_questionnaires(store, proposal_id, who, actor)
    flow.complete(store, proposal_id, eligibility=flow.catalogue_eligibility(store, proposal_id, load_catalogue()),
                  today=TODAY, actor=actor, at=later(8))
    document = add_document(store, proposal_id, "proposal", "fr", "p.pdf", hashlib.sha256(PDF).hexdigest())
    for role, person in (("policyholder", "zoe"), ("insured_person", "jerome"),
                         ("legal_representative", "lea")):
        add_signature(store, proposal_id, "x", role, INK, later(9), person_id=who[person],
                      document_id=document.id)
    flow.sign(store, proposal_id, signed_on=TODAY, document_id=document.id, actor=actor, at=later(10))


def test_a_signed_proposal_is_superseded_by_a_new_version(store: Store, agent: agents.AgentRecord,
                                                         setup: tuple) -> None:
    proposal_id, who, _items = setup
    signed_proposal(store, proposal_id, who, agent.id)
    new = flow.supersede(store, proposal_id, actor=agent.id, at=later(20))
    assert (new.status, new.supersedes) == (ProposalStatus.DRAFT, proposal_id)
    assert sorted(i.product for i in new.items) == ["GM", "HC", "KP", "LJ", "SC"]
    assert flow.load_proposal(store, proposal_id).status is ProposalStatus.SUPERSEDED
    assert flow.load_answers(store, new.id)[who["zoe"]].answers["treatment_5y"].cases == (KNEE,)
    # The new version is a draft again: its answers can be edited.
    flow.save_answers(store, new.id, all_no(who["jerome"], ["HC"], "male"), today=TODAY,
                      actor=agent.id, at=later(21))
    events = [(a.entity_id, a.detail["to"]) for a in audit.history(store) if a.action == "transition"]
    assert events[-2:] == [(proposal_id, "superseded"), (new.id, "draft")]


def test_a_refused_reservation_drops_only_its_product(store: Store, agent: agents.AgentRecord,
                                                      setup: tuple) -> None:
    proposal_id, who, item_ids = setup
    signed_proposal(store, proposal_id, who, agent.id)
    flow.submit(store, proposal_id, actor=agent.id, at=later(11))
    # The insurer reserves Jérôme's hospital cover; he refuses the reservation.
    reservation, event = res.create(new_id(), who["jerome"], proposal_id, condition="asthma",
                                    body_part="", products=["HC"], start=START,
                                    origin=Origin.INSURER, actor="insurer", at=later(60))
    flow.save_reservation(store, reservation, event)
    for key in item_ids:
        decision = ItemStatus.ACCEPTED_WITH_RESERVATIONS if key.endswith(":HC") else ItemStatus.ACCEPTED
        flow.record_decision(store, proposal_id, item_ids[key], decision, actor="insurer", at=later(61))
    reservation, event = res.request_consent(reservation, due=date(2026, 12, 31), actor="insurer",
                                             at=later(62))
    flow.save_reservation(store, reservation, event)
    with pytest.raises(LifecycleError) as error:
        flow.issue_policy(store, proposal_id, actor="insurer", at=later(63))
    assert error.value.code == "consent_pending"
    reservation, event = res.refuse(reservation, on=date(2026, 12, 1), actor=who["jerome"], at=later(64))
    flow.save_reservation(store, reservation, event)
    after = flow.drop_refused(store, proposal_id, actor=agent.id, at=later(65))
    assert after.status is ProposalStatus.ACCEPTED
    assert {i.product: i.status for i in after.items}["HC"] is ItemStatus.DROPPED
    assert flow.issue_policy(store, proposal_id, actor="insurer", at=later(66)).status is (
        ProposalStatus.POLICY_ISSUED)


def test_changed_answers_send_a_complete_proposal_back_to_draft(store: Store, agent: agents.AgentRecord,
                                                                setup: tuple) -> None:
    proposal_id, who, _items = setup
    fill_questionnaires(store, proposal_id, who, agent.id)
    eligibility = flow.catalogue_eligibility(store, proposal_id, load_catalogue())
    flow.complete(store, proposal_id, eligibility=eligibility, today=TODAY, actor=agent.id, at=later(8))
    incomplete = all_no(who["jerome"], ["HC"], "male").with_answer("disability", True)
    record = flow.save_answers(store, proposal_id, incomplete, today=TODAY, actor=agent.id, at=later(9))
    assert [i.code for i in record.issues] == ["no_cases"] and record.assessment is None
    assert flow.load_proposal(store, proposal_id).status is ProposalStatus.DRAFT
    with pytest.raises(LifecycleError) as error:
        flow.complete(store, proposal_id, eligibility=eligibility, today=TODAY, actor=agent.id, at=later(10))
    assert error.value.code == "questionnaire_incomplete"


def test_an_ineligible_product_blocks_completion(store: Store, agent: agents.AgentRecord) -> None:
    household = hh.create_household(store, family(), today=TODAY)
    zoe = household.persons[0]
    # KidsProtect admits children up to 16 (003 KP): Zoé is 41.
    proposal = pr.create_proposal(store, household.id, pr.ProposalData(
        start_date=START, items=[pr.ItemData(zoe.id, "KP")]))
    flow.save_answers(store, proposal.id, all_no(zoe.id, ["KP"], "female"), today=TODAY,
                      actor=agent.id, at=AT)
    with pytest.raises(LifecycleError) as error:
        flow.complete(store, proposal.id, eligibility=flow.catalogue_eligibility(
            store, proposal.id, load_catalogue()), today=TODAY, actor=agent.id, at=AT)
    assert error.value.code == "not_eligible" and "KP" in error.value.message


def test_catalogue_questionnaire_kinds_agree_with_the_requirements() -> None:
    # The catalogue says full/cancer/none per product; requirements.toml refines "full"
    # into the groups a product really needs (travel, dental, accident questions).
    from app.services.proposals.questionnaire import load_requirements
    catalogue, requirements = load_catalogue(), load_requirements()
    for code, groups in requirements.products.items():
        kind = catalogue.product(code).questionnaire
        assert (kind == "none") == (groups == ()), code
        assert (kind == "cancer") == (groups == ("cancer",)), code


def test_basic_insurance_asks_no_health_question(store: Store, agent: agents.AgentRecord) -> None:
    # The LAMal insurer must accept everyone (LAMal art. 4 al. 2): Léa, with basic insurance
    # only, answers nothing and signs nothing; Zoé answers for her hospital cover GL only.
    household = hh.create_household(store, family(), today=TODAY)
    zoe, _jerome, lea = household.persons
    proposal = pr.create_proposal(store, household.id, pr.ProposalData(start_date=START, items=[
        pr.ItemData(zoe.id, "LAMAL", deductible=Decimal("300")), pr.ItemData(zoe.id, "GL", "2"),
        pr.ItemData(lea.id, "LAMAL", deductible=Decimal("0"))]))
    assert flow.products_by_person(store, proposal.id) == {zoe.id: ["GL"]}
    assert {i.code for i in flow.questionnaire_issues(store, proposal.id, today=TODAY)} == {"unanswered"}
    flow.save_answers(store, proposal.id, all_no(zoe.id, ["GL"], "female"), today=TODAY,
                      actor=agent.id, at=AT)
    assert flow.complete(store, proposal.id, eligibility=flow.catalogue_eligibility(
        store, proposal.id, load_catalogue()), today=TODAY, actor=agent.id,
        at=AT).status is ProposalStatus.COMPLETE
    assert [(s.role.value, s.for_person) for s in flow.signers(store, proposal.id, on=TODAY)] == [
        ("policyholder", zoe.id)]
