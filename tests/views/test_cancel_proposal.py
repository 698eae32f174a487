"""An unsigned proposal set aside when the client does not go ahead, and restored."""

from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.store import audit
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from tests.views.fakes import FakeProposals, chosen, family_draft
from tests.views.meeting_helpers import real_context

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def test_cancel_after_confirming_then_restore(qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(chosen(family_draft()))
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    assert window.cancel_proposal_action.isEnabled()
    assert not window.restore_proposal_action.isEnabled()
    with patch.object(QMessageBox, "question", return_value=NO):
        assert not window.cancel_proposal()
    assert proposals.drafts[draft.id].status == "draft"
    with patch.object(QMessageBox, "question", return_value=YES) as asked:
        assert window.cancel_proposal()
    assert "Cancel the proposal of Anna Rochat?" in asked.call_args.args[2]
    assert proposals.drafts[draft.id].status == "cancelled"
    assert window.stack.currentWidget() is window.browser
    assert window.statusBar().currentMessage() == "Proposal cancelled: Anna Rochat"
    assert window.browser.model.row_at(0).status == "cancelled"

    window.open_proposal(draft.id)
    assert not window.cancel_proposal_action.isEnabled()
    assert window.restore_proposal_action.isEnabled()
    assert not window.wizard.draft.editable  # kept as it was, read-only until restored
    assert window.restore_proposal()
    assert proposals.drafts[draft.id].status == "draft"
    assert window.wizard.draft.editable
    assert window.cancel_proposal_action.isEnabled()


def test_a_signed_proposal_is_not_offered_for_cancelling(qtbot: QtBot,
                                                         context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = chosen(family_draft())
    draft.status, draft.editable = "signed", False
    proposals.add(draft)
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    assert not window.cancel_proposal_action.isEnabled()
    assert not window.restore_proposal_action.isEnabled()


def test_cancel_and_restore_on_the_store(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    context = real_context(store, tmp_path)  # 20.11.2026, as the meeting tests
    draft = chosen(family_draft())
    context.proposals.save_draft(draft)
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    with patch.object(QMessageBox, "question", return_value=YES):
        assert window.cancel_proposal()
    assert context.proposals.load_draft(draft.id).status == "cancelled"
    window.open_proposal(draft.id)
    assert not window.wizard.draft.editable
    assert window.restore_proposal()
    reopened = context.proposals.load_draft(draft.id)
    assert (reopened.status, reopened.editable) == ("draft", True)
    assert [p.full_name for p in reopened.persons] == [
        "Anna Rochat", "Marc Rochat", "Léa Rochat"]  # nothing lost on the way
    moves = [(e.detail["from"], e.detail["to"]) for e in audit.history(store, draft.id)
             if e.action == "transition"]
    assert moves == [("draft", "cancelled"), ("cancelled", "draft")]
    window.close()  # saves the open proposal: before the store closes
