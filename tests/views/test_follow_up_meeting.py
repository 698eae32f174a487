"""After the meeting, through the real widgets and services: the signed proposal reopened
and printed again, the insurer's decision with a reservation, the client's consent or
refusal, the revocation inside and after its period. A fresh store; the catalogue,
questionnaire and documents are the shipped ones."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services.proposals import flow
from app.services.proposals.lifecycle import ItemStatus, ProposalStatus
from app.services.proposals.stored_documents import documents_of
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from app.views.wizard.follow_up import FollowUpPage
from app.views.wizard.print_proposal import PrintPage
from app.views.wizard.record_date import RecordDateDialog
from tests.views.signed_proposals import DEADLINE, NOW, Clock, decide, sign_rochats


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def context(store: Store, tmp_path: Path, clock: Clock) -> AppContext:
    return build_context(store, tmp_path, MemoryPreferences(), clock, lambda: NOW)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    return window


def _follow_up(window: MainWindow, proposal_id: str) -> FollowUpPage:
    window.open_proposal(proposal_id)
    assert window.wizard.go_to_step("followup")
    page = window.wizard.current_page
    assert isinstance(page, FollowUpPage)
    return page


def _record(qtbot: QtBot, dialog: RecordDateDialog | None, day: str) -> RecordDateDialog:
    assert dialog is not None
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, day)
    dialog.confirm.click()
    return dialog


def test_a_reopened_signed_proposal_prints_the_stored_pdf(
        qtbot: QtBot, window: MainWindow, context: AppContext, store: Store,
        tmp_path: Path) -> None:
    signed = sign_rochats(context)
    (record,) = documents_of(store, signed.id)
    window.open_proposal(signed.id)  # later, to print it again for the client
    page = window.wizard.current_page
    assert isinstance(page, PrintPage)
    digest = hashlib.sha256(Path(record.path).read_bytes()).hexdigest()
    assert digest == flow.load_proposal(store, signed.id).document_sha256
    assert page.preview.page_count == 2 and page.print_button.isEnabled()
    assert page.message.text() == f"Document fingerprint (SHA-256): {digest}"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "again.pdf"))
    page.printer = printer
    from unittest.mock import patch

    with patch.object(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted)):
        assert page.print_proposal() == 2


def test_a_tampered_file_is_refused(window: MainWindow, context: AppContext,
                                    store: Store) -> None:
    signed = sign_rochats(context)
    (record,) = documents_of(store, signed.id)
    path = Path(record.path)
    path.write_bytes(path.read_bytes() + b"\n% changed after signing\n")
    window.open_proposal(signed.id)
    page = window.wizard.current_page
    assert isinstance(page, PrintPage)
    assert page.preview.page_count == 0
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert page.error.isVisible()
    assert page.error.text().startswith(f"The file {path} is not the signed proposal: its "
                                        "SHA-256 fingerprint differs")


def test_consent_to_the_insurers_reservation_lets_the_policy_follow(
        qtbot: QtBot, window: MainWindow, context: AppContext, store: Store,
        clock: Clock) -> None:
    signed = sign_rochats(context)
    decide(store, signed)  # Anna's GM reserved for Crohn's disease, a policy number named
    clock.today = date(2026, 12, 15)
    page = _follow_up(window, signed.id)
    assert page.facts["status"].text() == "Accepted with reservations"
    assert page.facts["policy_number"].text() == "GM-2026-004711"
    assert page.facts["revocation"].text() == "28.12.2026 (still open)"
    assert page.reservations.item(0, 1).text() == "Crohn's disease\n(decided by the insurer)"
    _record(qtbot, page.ask_answer(True), "15.12.2026")
    # Hand-checked with the lifecycle: consent moves no state by itself; then nothing waits
    # for the client and every reserved product (Anna's GM) is consented to, so the guard of
    # "policy issued" passes and the policy the decision named follows.
    assert flow.load_proposal(store, signed.id).status is ProposalStatus.POLICY_ISSUED
    assert page.facts["status"].text() == "Policy issued"
    qtbot.waitUntil(lambda: window.wizard.status.text() == "Policy issued")  # after autosave
    assert page.reservations.item(0, 5).text() == "Accepted by the client on 15.12.2026"
    (stored,) = flow.load_reservations(store, signed.id)
    assert (stored.status.value, stored.consent_on) == ("accepted_by_client", clock.today)


def test_refusal_drops_the_reserved_product(qtbot: QtBot, window: MainWindow,
                                            context: AppContext, store: Store,
                                            clock: Clock) -> None:
    signed = sign_rochats(context)
    decide(store, signed, policy_number=None)
    clock.today = date(2026, 12, 15)
    page = _follow_up(window, signed.id)
    dialog = page.ask_answer(False)
    assert dialog is not None and "dropped from the proposal" in dialog.explanation.text()
    _record(qtbot, dialog, "15.12.2026")
    # Anna's GM dropped (CGC art. 8 al. 2); the other eight products accepted go on (art. 6
    # al. 6): the outcome of what remains is "accepted" (no policy named yet).
    proposal = flow.load_proposal(store, signed.id)
    assert proposal.status is ProposalStatus.ACCEPTED
    anna = signed.persons[0].store_id
    assert [(i.product, i.status) for i in proposal.items if i.person_id == anna] == [
        ("LAMAL", ItemStatus.ACCEPTED), ("SC", ItemStatus.ACCEPTED), ("GM", ItemStatus.DROPPED)]
    assert page.decisions.item(2, 2).text() == "Dropped: the client refused the reservation"
    assert page.facts["status"].text() == "Accepted"


def test_revocation_on_the_last_day_is_recorded(qtbot: QtBot, window: MainWindow,
                                                context: AppContext, store: Store,
                                                clock: Clock) -> None:
    signed = sign_rochats(context)
    clock.today = DEADLINE  # Monday 28.12.2026, see tests/views/signed_proposals.py
    page = _follow_up(window, signed.id)
    assert page.revoke_button.isEnabled()
    assert "by 28.12.2026 at the latest" in page.revocation_text.text()
    dialog = _record(qtbot, page.ask_revocation(), "28.12.2026")
    assert not dialog.isVisible()
    assert flow.load_proposal(store, signed.id).status is ProposalStatus.REVOKED
    assert page.facts["status"].text() == "Revoked" and not page.revoke_button.isEnabled()


def test_after_the_deadline_only_a_revocation_sent_in_time_is_recorded(
        qtbot: QtBot, window: MainWindow, context: AppContext, store: Store,
        clock: Clock) -> None:
    signed = sign_rochats(context)
    clock.today = date(2026, 12, 29)  # the letter posted on Monday 28.12 arrives on Tuesday
    page = _follow_up(window, signed.id)
    assert page.facts["revocation"].text() == "28.12.2026 (closed)"
    assert page.revoke_button.isEnabled()
    assert page.revocation_text.text() == (
        "The revocation period ended on 28.12.2026; a revocation sent on 29.12.2026 is too "
        "late. A revocation sent by 28.12.2026 at the latest that arrives only now can "
        "still be recorded.")
    dialog = _record(qtbot, page.ask_revocation(), "29.12.2026")
    assert dialog.isVisible()  # sent a day late: refused with the reason
    assert flow.load_proposal(store, signed.id).status is not ProposalStatus.REVOKED
    _record(qtbot, dialog, "28.12.2026")
    assert not dialog.isVisible()
    assert flow.load_proposal(store, signed.id).status is ProposalStatus.REVOKED
