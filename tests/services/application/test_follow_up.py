"""The follow-up adapter and the reopened signed proposal, on a real store with the shipped
catalogue, questionnaire and documents."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services.application.ports import FollowUpError
from app.services.proposals import flow
from app.services.proposals.lifecycle import ItemStatus, ProposalStatus
from app.services.proposals.stored_documents import documents_of
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from tests.services.application.conftest import FAST_KDF, PASSWORD
from tests.views.fakes import FakeDocuments, family_draft
from tests.views.signed_proposals import NOW, SIGNED_ON, Clock, decide, sign_rochats


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    from app.services import agents
    from app.services.store.schema import open_store

    store = open_store(tmp_path / "propono.sqlite")
    agents.create_profile(store, agents.ProfileData("Claire Demierre", "AG-123", ["fr"],
                                                    PASSWORD), kdf=FAST_KDF)
    yield store
    store.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def context(store: Store, tmp_path: Path, clock: Clock) -> AppContext:
    return build_context(store, tmp_path, MemoryPreferences(), clock, lambda: NOW)


def test_a_reopened_signed_proposal_carries_its_stored_pdf(context: AppContext,
                                                          store: Store) -> None:
    signed = sign_rochats(context)
    (record,) = documents_of(store, signed.id)
    assert Path(record.path).is_absolute()  # the desktop keeps where it wrote it
    again = context.proposals.load_draft(signed.id)
    assert not again.editable and again.step == "print"
    assert again.signed_pdf == Path(record.path).read_bytes() == signed.signed_pdf
    assert again.document_sha256 == hashlib.sha256(again.signed_pdf).hexdigest() \
        == flow.load_proposal(store, signed.id).document_sha256
    assert again.document_problem == ""


def test_a_changed_or_missing_file_is_not_shown(context: AppContext, store: Store) -> None:
    signed = sign_rochats(context)
    (record,) = documents_of(store, signed.id)
    path = Path(record.path)
    # replaced by another, perfectly readable proposal: only the hash tells
    path.write_bytes(FakeDocuments().proposal_pdf(family_draft(), "fr"))
    again = context.proposals.load_draft(signed.id)
    assert (again.signed_pdf, again.document_sha256) == (b"", "")
    assert again.document_problem.startswith(f"The file {path} is not the signed proposal")
    path.unlink()
    assert context.proposals.load_draft(signed.id).document_problem == (
        f"The signed proposal's file is missing: {path}")


def test_a_frozen_proposal_never_opened_here_opens_at_its_follow_up(
        context: AppContext) -> None:
    signed = sign_rochats(context)
    context.preferences.set_screen_state(f"proposal-{signed.id}", {})
    assert context.proposals.load_draft(signed.id).step == "followup"


def test_the_follow_up_names_persons_and_products(context: AppContext, store: Store,
                                                  clock: Clock) -> None:
    signed = sign_rochats(context)
    follow_ups = context.follow_ups
    assert follow_ups is not None
    before = follow_ups.follow_up(signed.id)
    assert (before.status, before.signed_on, before.decided_on) == ("signed", SIGNED_ON, None)
    assert {line.decision for line in before.decisions} == {"proposed"}
    decide(store, signed)
    clock.today = date(2026, 12, 15)
    summary = follow_ups.follow_up(signed.id)
    assert (summary.status, summary.submitted_on, summary.decided_on, summary.policy_number) \
        == ("accepted_with_reservations", date(2026, 12, 14), date(2026, 12, 14),
            "GM-2026-004711")
    assert (summary.revocation_until, summary.revocation_open) == (date(2026, 12, 28), True)
    # names in the interface language, levels named (fakes.chosen: SC level 2, DP level 0)
    assert [(d.person, d.product, d.decision) for d in summary.decisions] == [
        ("Anna Rochat", "Basic insurance", "accepted"),
        ("Anna Rochat", "SC Complementary care insurance, level 2", "accepted"),
        ("Anna Rochat", "GM Global semi-private", "accepted_with_reservations"),
        ("Marc Rochat", "Basic insurance", "accepted"),
        ("Marc Rochat", "SC Complementary care insurance, level 2", "accepted"),
        ("Marc Rochat", "GM Global semi-private", "accepted"),
        ("Léa Rochat", "Basic insurance", "accepted"),
        ("Léa Rochat", "SC Complementary care insurance, level 2", "accepted"),
        ("Léa Rochat", "DP Dental plus, level 0", "accepted")]
    (reservation,) = summary.reservations
    assert (reservation.person, reservation.wording, reservation.status, reservation.awaiting,
            reservation.decided, reservation.origin, reservation.answer_by) == (
        "Anna Rochat", "Crohn's disease", "consent_requested", True, True, "insurer", None)


def test_a_refused_move_comes_back_as_a_sentence(context: AppContext, store: Store,
                                                 clock: Clock) -> None:
    signed = sign_rochats(context)
    decide(store, signed)
    follow_ups = context.follow_ups
    assert follow_ups is not None
    (reservation,) = follow_ups.follow_up(signed.id).reservations
    with pytest.raises(FollowUpError, match="cannot be in the future"):
        follow_ups.record_answer(signed.id, reservation.key, True, date(2026, 12, 12))
    with pytest.raises(FollowUpError, match="no longer on this laptop"):
        follow_ups.record_answer(signed.id, "no-such-reservation", True, SIGNED_ON)
    clock.today = date(2026, 12, 29)
    with pytest.raises(FollowUpError, match="ended on 28.12.2026"):
        follow_ups.revoke(signed.id, date(2026, 12, 29))


def test_the_consent_declaration_names_the_reservation_and_the_deadline(
        context: AppContext, store: Store, clock: Clock) -> None:
    signed = sign_rochats(context)
    decide(store, signed)
    clock.today = date(2026, 12, 15)
    follow_ups = context.follow_ups
    assert follow_ups is not None
    with pytest.raises(ValueError, match="answer deadline first"):
        follow_ups.consent_pdf(signed, "fr")
    summary = follow_ups.set_answer_by(signed.id, date(2027, 1, 15))
    assert summary.reservations[0].answer_by == date(2027, 1, 15)
    pdf = follow_ups.consent_pdf(signed, "fr")  # the draft as signed in this session
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for expected in ("Crohn's disease", "Anna Rochat", "15.01.2027", "11.12.2026"):
        assert expected in text, expected
    reopened = context.proposals.load_draft(signed.id)  # keys are the store's ids there
    assert follow_ups.consent_pdf(reopened, "de")[:5] == b"%PDF-"


def test_consent_through_the_adapter_follows_the_lifecycle(context: AppContext, store: Store,
                                                           clock: Clock) -> None:
    signed = sign_rochats(context)
    decide(store, signed, policy_number=None)
    clock.today = date(2026, 12, 15)
    follow_ups = context.follow_ups
    assert follow_ups is not None
    (reservation,) = follow_ups.follow_up(signed.id).reservations
    after = follow_ups.record_answer(signed.id, reservation.key, False, date(2026, 12, 15))
    # Anna's GM dropped (CGC art. 8 al. 2); the rest accepted: the proposal is "accepted".
    assert after.status == "accepted"
    items = {(i.person_id, i.product): i.status for i in flow.load_proposal(store,
                                                                              signed.id).items}
    assert items[(signed.persons[0].store_id, "GM")] is ItemStatus.DROPPED
    assert flow.load_proposal(store, signed.id).status is ProposalStatus.ACCEPTED
