"""Deleting a draft the client will not sign (issue 15, item 20): from the open proposal or
the list, after a confirmation naming the client; a signed proposal is never offered."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.services.store import audit
from app.services.store.database import NotFound, Store
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


def _click_row(qtbot: QtBot, window: MainWindow, client: str) -> None:
    table, model = window.browser.table, window.browser.model
    row = next(i for i in range(model.rowCount()) if model.row_at(i).client == client)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(model.index(row, 0)).center())


def test_delete_the_open_draft_after_confirming(qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(chosen(family_draft()))
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    assert window.delete_proposal_action.isEnabled()
    assert window.delete_proposal_action.text() == "&Delete the draft…"
    assert window.delete_proposal_action in window.proposal_menu.actions()
    with patch.object(QMessageBox, "question", return_value=NO):
        window.delete_proposal_action.trigger()
    assert draft.id in proposals.drafts
    assert window.stack.currentWidget() is window.wizard
    with patch.object(QMessageBox, "question", return_value=YES) as asked:
        window.delete_proposal_action.trigger()
    title, question = asked.call_args.args[1:3]
    assert title == "Delete the draft"
    assert question.startswith("Delete the draft proposal of Anna Rochat for good?")
    assert draft.id not in proposals.drafts
    assert window.stack.currentWidget() is window.browser
    assert window.statusBar().currentMessage() == "Draft deleted: Anna Rochat"
    assert window.browser.model.rowCount() == 0


def test_delete_a_draft_selected_in_the_list(qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    kept = family_draft()
    kept.persons[0].first_name = "Sophie"
    proposals.add(kept)
    draft = proposals.add(chosen(family_draft()))
    window = _window(qtbot, context)
    assert not window.delete_proposal_action.isEnabled()  # nothing selected yet
    _click_row(qtbot, window, "Anna Rochat")
    assert window.delete_proposal_action.isEnabled()
    with patch.object(QMessageBox, "question", return_value=YES) as asked:
        window.delete_proposal_action.trigger()
    assert "Anna Rochat" in asked.call_args.args[2]
    assert list(proposals.drafts) == [kept.id]
    assert draft.id not in proposals.drafts
    assert [window.browser.model.row_at(i).client
            for i in range(window.browser.model.rowCount())] == ["Sophie Rochat"]


@pytest.mark.parametrize("where", ["wizard", "list"])
def test_a_signed_proposal_is_not_offered(qtbot: QtBot, context: AppContext,
                                          where: str) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = chosen(family_draft())
    draft.status, draft.editable = "signed", False
    proposals.add(draft)
    window = _window(qtbot, context)
    if where == "wizard":
        window.open_proposal(draft.id)
    else:
        _click_row(qtbot, window, "Anna Rochat")
    assert not window.delete_proposal_action.isEnabled()
    with patch.object(QMessageBox, "question", return_value=YES) as asked:
        assert not window.delete_proposal()  # even if asked: nothing happens
    asked.assert_not_called()
    assert draft.id in proposals.drafts


def test_the_service_refusal_is_shown(qtbot: QtBot, context: AppContext) -> None:
    """Signed elsewhere meanwhile: the store's reason, in a message."""
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(chosen(family_draft()))
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    proposals.drafts[draft.id].status = "signed"
    with patch.object(QMessageBox, "question", return_value=YES), \
            patch.object(QMessageBox, "warning") as warned:
        assert not window.delete_proposal()
    assert warned.call_args.args[2].startswith("A signed proposal cannot be deleted")
    assert draft.id in proposals.drafts


def test_delete_on_the_store_keeps_the_client(qtbot: QtBot, store: Store,
                                              tmp_path: Path) -> None:
    context = real_context(store, tmp_path)  # 20.11.2026, as the meeting tests
    draft = chosen(family_draft())
    context.proposals.save_draft(draft)
    window = _window(qtbot, context)
    window.open_proposal(draft.id)
    with patch.object(QMessageBox, "question", return_value=YES):
        assert window.delete_proposal()
    with pytest.raises(NotFound):
        context.proposals.load_draft(draft.id)
    rows = window.browser.model
    assert [(rows.row_at(i).client, rows.row_at(i).proposal_id)
            for i in range(rows.rowCount())] == [("Anna Rochat", "")]  # a client, no proposal
    assert [e.action for e in audit.history(store, draft.id)][-1] == "delete_draft"
    window.close()
    assert not list((tmp_path).rglob(f"{draft.id}.json"))  # nothing written back on closing
