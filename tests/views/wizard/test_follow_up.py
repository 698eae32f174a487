"""The follow-up step with fake services: what it shows and what it asks the services."""

from datetime import date
from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.i18n import LANGUAGES
from app.services.application.draft import ProposalDraft
from app.services.application.ports import FollowUp
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.wizard.consent_declaration import ConsentDeclarationDialog
from app.views.wizard.follow_up import FollowUpPage
from app.views.wizard.record_date import RecordDateDialog
from tests.views.fakes import (
    FakeFollowUps,
    FakeProposals,
    chosen,
    decided_follow_up,
    family_draft,
)
from tests.views.test_accelerators import clashes


def _signed(context: AppContext, **changes: object) -> ProposalDraft:
    draft = chosen(family_draft())
    draft.status, draft.editable, draft.stored = "accepted_with_reservations", False, True
    follow_ups = context.follow_ups
    assert isinstance(follow_ups, FakeFollowUps)
    summary = decided_follow_up(draft)
    follow_ups.summaries[draft.id] = FollowUp(**{**summary.__dict__, **changes})
    return draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> FollowUpPage:
    page = FollowUpPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    page.load(draft)
    return page


def _record(qtbot: QtBot, dialog: RecordDateDialog | None, day: str) -> RecordDateDialog:
    assert dialog is not None and dialog.isVisible()
    dialog.date.clear()
    qtbot.keyClicks(dialog.date, day)
    dialog.confirm.click()
    return dialog


def _texts(page: FollowUpPage, table: str) -> list[list[str]]:
    widget = page.decisions if table == "decisions" else page.reservations
    return [[widget.item(row, column).text() for column in range(widget.columnCount())]
            for row in range(widget.rowCount())]


def test_a_draft_has_nothing_to_follow_up_yet(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    draft.stored = True
    page = _page(qtbot, context, draft)
    assert page.nothing.isVisible()
    assert page.nothing.text() == "Nothing to follow up yet: the proposal has not been signed."
    assert not any(box.isVisible() for box in (page.facts_box, page.decision_box,
                                               page.reservations_box, page.revocation_box))


def test_the_status_dates_decision_and_reservations_are_shown(qtbot: QtBot,
                                                             context: AppContext) -> None:
    draft = _signed(context)
    page = _page(qtbot, context, draft)
    assert not page.nothing.isVisible()
    assert {name: label.text() for name, label in page.facts.items()} == {
        "status": "Accepted with reservations", "signed_on": "20.11.2026",
        "revocation": "04.12.2026 (still open)", "submitted_on": "21.11.2026",
        "decided_on": "30.11.2026", "policy_number": "GM-2026-004711"}
    assert page.history.text() == (
        "History: 20.11.2026 Complete · 20.11.2026 Signed · 21.11.2026 Submitted · "
        "30.11.2026 Accepted with reservations")
    assert _texts(page, "decisions") == [
        ["Anna Rochat", "GM Global", "Accepted by the insurer with reservations"],
        ["Anna Rochat", "SC Complementary care", "Accepted by the insurer"],
        ["Marc Rochat", "GM Global", "Accepted by the insurer"],
        ["Léa Rochat", "DP Dental plus", "Accepted by the insurer"]]
    assert _texts(page, "reservations") == [
        ["Anna Rochat", "left knee, meniscus surgery 2024\n(decided by the insurer)",
         "GM Global", "permanent", "–", "Consent requested"]]
    # the only reservation awaiting an answer is selected: its buttons are ready
    assert page.consent_button.isEnabled() and page.refuse_button.isEnabled()
    assert page.declaration_button.isEnabled() and page.revoke_button.isEnabled()
    assert "by 04.12.2026 at the latest (LCA art. 2a)" in page.revocation_text.text()


def test_the_clients_consent_is_recorded_with_its_date(qtbot: QtBot,
                                                       context: AppContext) -> None:
    draft = _signed(context)
    page = _page(qtbot, context, draft)
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    dialog = page.ask_answer(True)
    assert dialog is not None
    assert dialog.windowTitle() == "The client consents to the reservation"
    assert dialog.date.text() == "20.11.2026"  # today, as the services give it
    _record(qtbot, dialog, "19.11.2026")
    assert not dialog.isVisible()
    assert context.follow_ups.calls == [  # type: ignore[union-attr]
        ("answer", draft.id, "r-knee", True, date(2026, 11, 19))]
    assert page.facts["status"].text() == "Policy issued"
    assert _texts(page, "reservations")[0][5] == "Accepted by the client on 19.11.2026"
    assert not page.consent_button.isEnabled() and not page.declaration_button.isEnabled()
    assert page.message.text() == "Recorded. The proposal is now: Policy issued."
    assert draft.status == "policy_issued" and changed == [True]


def test_a_refusal_says_the_product_is_dropped(qtbot: QtBot, context: AppContext) -> None:
    draft = _signed(context)
    page = _page(qtbot, context, draft)
    dialog = page.ask_answer(False)
    assert dialog is not None
    assert dialog.explanation.text() == (
        "Anna Rochat refuses the reservation “left knee, meniscus surgery 2024”. The products "
        "concerned are then dropped from the proposal: GM Global. The other products go on "
        "(CGC art. 8 al. 2). This cannot be undone.")
    _record(qtbot, dialog, "20.11.2026")
    assert _texts(page, "decisions")[0] == [
        "Anna Rochat", "GM Global", "Dropped: the client refused the reservation"]
    assert page.facts["status"].text() == "Accepted"


def test_a_wrong_or_refused_date_keeps_the_dialog_open(qtbot: QtBot,
                                                       context: AppContext) -> None:
    page = _page(qtbot, context, _signed(context))
    dialog = _record(qtbot, page.ask_answer(True), "31.11.2026")
    assert dialog.isVisible() and dialog.error.text() == "Enter a date as dd.mm.yyyy."
    _record(qtbot, dialog, "21.11.2026")
    assert dialog.isVisible()
    assert dialog.error.text() == "The date of the client's answer cannot be in the future."
    assert context.follow_ups.calls == []  # type: ignore[union-attr]


def test_enter_in_the_dialog_cancels_rather_than_records(qtbot: QtBot,
                                                         context: AppContext) -> None:
    page = _page(qtbot, context, _signed(context))
    dialog = page.ask_revocation()
    assert dialog is not None and dialog.cancel.isDefault()
    qtbot.keyClick(dialog.date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert context.follow_ups.calls == []  # type: ignore[union-attr]
    assert page.facts["status"].text() == "Accepted with reservations"


def test_the_revocation_is_recorded_inside_the_period(qtbot: QtBot,
                                                     context: AppContext) -> None:
    draft = _signed(context)
    page = _page(qtbot, context, draft)
    dialog = page.ask_revocation()
    assert dialog is not None
    assert "This cannot be undone." in dialog.explanation.text()
    _record(qtbot, dialog, "05.12.2026")  # a day late: the services refuse, with the reason
    assert dialog.error.text() == ("The revocation period ended on 04.12.2026; a revocation "
                                   "sent on 05.12.2026 is too late.")
    _record(qtbot, dialog, "04.12.2026")
    assert not dialog.isVisible()
    assert page.facts["status"].text() == "Revoked" and draft.status == "revoked"
    assert not page.revoke_button.isEnabled()
    assert page.revocation_text.text() == "The proposal has been revoked."
    assert not page.consent_button.isEnabled()


def test_after_the_period_a_revocation_sent_in_time_can_still_be_recorded(
        qtbot: QtBot, context: AppContext) -> None:
    reason = ("The revocation period ended on 04.12.2026; a revocation sent on 07.12.2026 is "
              "too late.")
    draft = _signed(context, revocation_open=False, revocation_reason=reason)
    page = _page(qtbot, context, draft)
    assert page.facts["revocation"].text() == "04.12.2026 (closed)"
    # A letter posted on the last day may arrive days later: it still counts (LCA art. 2a).
    assert page.revoke_button.isEnabled()
    assert page.revocation_text.text() == reason + (
        " A revocation sent by 04.12.2026 at the latest that arrives only now can still be "
        "recorded.")
    dialog = page.ask_revocation()
    assert dialog is not None
    _record(qtbot, dialog, "04.12.2026")
    assert not dialog.isVisible() and draft.status == "revoked"


def test_a_closed_status_offers_no_revocation(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, _signed(
        context, status="refused", revocation_open=False, revocation_recordable=False,
        revocation_reason="A proposal that is “refused” can no longer be revoked."))
    assert not page.revoke_button.isEnabled()
    assert page.revocation_text.text() == "A proposal that is “refused” can no longer be revoked."
    assert page.ask_revocation() is None


def test_the_consent_declaration_asks_for_the_deadline_then_shows_the_pdf(
        qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    draft = _signed(context)
    page = _page(qtbot, context, draft)
    dialog = page.show_declaration()
    assert isinstance(dialog, ConsentDeclarationDialog)
    assert dialog.deadline_row.isVisible() and not dialog.print_button.isEnabled()
    qtbot.keyClicks(dialog.deadline, "15.11.2026")
    assert not dialog.set_deadline()
    assert dialog.error.text() == "The answer deadline cannot be in the past."
    dialog.deadline.clear()
    qtbot.keyClicks(dialog.deadline, "18.12.2026")
    with qtbot.waitSignal(dialog.ready, timeout=10000):
        qtbot.keyClick(dialog.deadline, Qt.Key.Key_Return)
    assert not dialog.deadline_row.isVisible()
    assert dialog.preview.page_count == 1 and dialog.print_button.isEnabled()
    assert _texts(page, "reservations")[0][4] == "18.12.2026"  # the page shows it too
    assert context.follow_ups.calls == [  # type: ignore[union-attr]
        ("answer_by", draft.id, date(2026, 12, 18)), ("consent_pdf", draft.id, "fr")]
    target = tmp_path / "consent.pdf"
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        assert dialog.save_as() == target
    assert target.read_bytes() == dialog.pdf


def test_a_known_deadline_shows_the_declaration_at_once(qtbot: QtBot,
                                                        context: AppContext) -> None:
    draft = _signed(context)
    context.follow_ups.summaries[draft.id] = decided_follow_up(  # type: ignore[union-attr]
        draft, answer_by=date(2026, 12, 18))
    page = _page(qtbot, context, draft)
    dialog = page.show_declaration()
    assert dialog is not None and not dialog.deadline_row.isVisible()
    qtbot.waitUntil(lambda: dialog.preview.page_count == 1, timeout=10000)


def test_the_buttons_are_reached_from_the_keyboard(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, _signed(context))
    for button in (page.consent_button, page.refuse_button, page.declaration_button,
                   page.revoke_button):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert "&" in button.text()  # an Alt shortcut
    assert page.reservations.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_closing_the_declaration_while_it_is_made_is_safe(qtbot: QtBot,
                                                          context: AppContext) -> None:
    import threading

    draft = _signed(context)
    follow_ups = context.follow_ups
    assert isinstance(follow_ups, FakeFollowUps)
    follow_ups.summaries[draft.id] = decided_follow_up(draft, answer_by=date(2026, 12, 18))
    gate = threading.Event()
    making = follow_ups.consent_pdf

    def slow(draft: ProposalDraft, language: str) -> bytes:
        gate.wait(5)
        return making(draft, language)

    follow_ups.consent_pdf = slow  # type: ignore[method-assign]
    page = _page(qtbot, context, draft)
    dialog = page.show_declaration()
    assert dialog is not None and dialog.progress.isVisible()
    dialog.close_button.click()  # closed before the PDF arrives: it is dropped
    gate.set()
    qtbot.waitUntil(lambda: dialog.runner.active == 0, timeout=5000)
    assert dialog.pdf == b"" and dialog.preview.page_count == 0 and not dialog.isVisible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_steps_alt_letters_are_its_own(qtbot: QtBot, context: AppContext,
                                           language: str) -> None:
    """No Alt letter of the step's buttons is taken by another button of the step, of the
    wizard or by the menu bar, in any language."""
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(_signed(context))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.set_language(language)
    window.open_proposal(draft.id)
    window.wizard._show(len(window.wizard.pages) - 1)
    page = window.wizard.current_page
    assert isinstance(page, FollowUpPage)
    mine = [b.text() for b in (page.consent_button, page.refuse_button,
                               page.declaration_button, page.revoke_button)]
    others = [a.text() for a in window.menuBar().actions()] + [
        b.text() for b in (window.wizard.close_button, window.wizard.save_button,
                           window.wizard.back_button, window.wizard.next_button)]
    assert {key: found for key, found in clashes(mine + others).items()
            if any(text in mine for text in found)} == {}
    dialog = page.show_declaration()
    assert dialog is not None
    assert clashes([dialog.deadline_label.text(), dialog.deadline_button.text(),
                    dialog.print_button.text(), dialog.save_button.text(),
                    dialog.close_button.text()]) == {}
