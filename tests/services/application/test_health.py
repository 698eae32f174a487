"""Answers, reservations, signers and signing through the store adapter (issues 3 and 4)."""

import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.services.application.draft import ProposalDraft, SignatureDraft
from app.services.application.ports import SaveError
from app.services.application.proposals import StoreProposals
from app.services.application.questionnaire import QuestionnaireAdapter
from app.services.proposals import flow
from app.services.proposals import records as store_proposals
from app.services.store.database import Store
from tests.services.application.conftest import NOW, TODAY
from tests.views.fakes import FakeDocuments, chosen, family_draft

KNEE = {"diagnosis": "meniscus surgery", "body_part": "knee", "side": "left",
        "from": "2024-02", "course": "healed", "to": "2024-06", "treatment": "arthroscopy",
        "doctor": "Dr Rossi, Lausanne", "time_off_work": True, "weeks_off_work": Decimal(6)}


def _answered(questions: QuestionnaireAdapter) -> ProposalDraft:
    draft = chosen(family_draft())
    for person in draft.persons:
        draft.answers[person.key] = {q.id: {"value": False, "cases": []}
                                     for q in questions.questions_for(person, draft)}
    draft.answers[draft.persons[0].key]["treatment_5y"] = {"value": True, "cases": [KNEE]}
    return draft


def test_answers_and_the_accepted_reservation_are_stored_encrypted_and_reload(
        proposals: StoreProposals, store: Store) -> None:
    questions = QuestionnaireAdapter(lambda: TODAY)
    draft = _answered(questions)
    proposals.save_draft(draft)
    draft.reservations = list(questions.suggestions(draft))
    assert [r.status for r in draft.reservations] == ["proposed"]
    draft.reservations[0].status = "accepted_by_client"
    proposals.save_draft(draft)
    stored = flow.load_reservations(store, draft.id)
    assert [(r.status.value, r.body_part, r.products) for r in stored] == [
        ("accepted_by_client", "genou gauche", ("SC", "GM"))]
    again = proposals.load_draft(draft.id)
    anna = again.persons[0].key
    assert again.answers[anna]["treatment_5y"] == {"value": True, "cases": [KNEE]}
    assert [(r.key, r.status) for r in again.reservations] == [
        (draft.reservations[0].key, "accepted_by_client")]
    assert b"meniscus" not in Path(store.path).read_bytes()


def test_a_move_the_rules_forbid_is_refused_with_a_message(proposals: StoreProposals) -> None:
    questions = QuestionnaireAdapter(lambda: TODAY)
    draft = _answered(questions)
    proposals.save_draft(draft)
    draft.reservations = list(questions.suggestions(draft))
    draft.reservations[0].status = "refused_by_client"
    proposals.save_draft(draft)
    draft.reservations[0].status = "accepted_by_client"  # refused is final
    with pytest.raises(SaveError):
        proposals.save_draft(draft)


def test_signers_then_signing_stores_the_document_and_its_hash(
        proposals: StoreProposals, store: Store, tmp_path: Path) -> None:
    questions = QuestionnaireAdapter(lambda: TODAY)
    draft = _answered(questions)
    draft.answers[draft.persons[0].key]["treatment_5y"] = {"value": False, "cases": []}
    draft.signing_place = "Lausanne"
    proposals.save_draft(draft)
    signers = proposals.required_signers(draft)
    anna, marc, lea = draft.persons
    # 004 art. 6: the proposer, each adult answering, the legal representative for the
    # child; the agent
    assert [(s.key, s.role, s.name, s.for_person) for s in signers] == [
        (anna.key, "policyholder", "Anna Rochat", ""),
        (marc.key, "insured_person", "Marc Rochat", ""),
        (anna.key, "legal_representative", "Anna Rochat", lea.key),
        ("agent", "agent", "Claire Demierre", "")]
    draft.signatures = [SignatureDraft(s.key, s.role, b"\x89PNG ink", datetime(
        2026, 11, 20, 15, 0, tzinfo=NOW.tzinfo), s.for_person, s.name) for s in signers]
    pdf = FakeDocuments().proposal_pdf(draft, "fr")
    digest = proposals.sign(draft, pdf)
    assert digest == hashlib.sha256(pdf).hexdigest()
    record = store_proposals.get_proposal(store, draft.id)
    assert (record.status.value, draft.status, draft.editable) == ("signed", "signed", False)
    assert flow.load_proposal(store, draft.id).document_sha256 == digest
    (document,) = (tmp_path / "documents").glob("*.pdf")
    assert document.read_bytes() == pdf
    proposals.save_draft(draft)  # a signed proposal is not written again


def test_signing_without_every_signature_is_refused(proposals: StoreProposals,
                                                    tmp_path: Path) -> None:
    questions = QuestionnaireAdapter(lambda: TODAY)
    draft = _answered(questions)
    draft.answers[draft.persons[0].key]["treatment_5y"] = {"value": False, "cases": []}
    proposals.save_draft(draft)
    signers = proposals.required_signers(draft)[:2]
    draft.signatures = [SignatureDraft(s.key, s.role, b"\x89PNG", NOW, s.for_person, s.name)
                        for s in signers]
    with pytest.raises(SaveError):
        proposals.sign(draft, FakeDocuments().proposal_pdf(draft, "fr"))
    assert not list((tmp_path / "documents").glob("*.pdf"))  # nothing half-written
