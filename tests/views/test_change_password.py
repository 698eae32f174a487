"""Changing the agent's password from the File menu (seed 000 art. 4 and 5)."""

from unittest.mock import patch

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.views.change_password import ChangePasswordDialog
from app.views.context import AppContext
from app.views.main_window import MainWindow
from tests.views.fakes import FakeAuth


def _dialog(qtbot: QtBot, context: AppContext) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(context.auth)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(dialog: ChangePasswordDialog, current: str, new: str, confirmation: str) -> None:
    for key, text in (("current", current), ("new", new), ("confirmation", confirmation)):
        dialog.edits[key].setText(text)


def test_the_new_password_replaces_the_old(qtbot: QtBot, context: AppContext) -> None:
    dialog = _dialog(qtbot, context)
    _type(dialog, "correct horse", "battery staple", "battery staple")
    assert dialog.change()
    assert dialog.result() == QDialog.DialogCode.Accepted
    auth = context.auth
    assert isinstance(auth, FakeAuth)
    assert auth.log_in("battery staple").ok and not auth.log_in("correct horse").ok
    assert all(not edit.text() for edit in dialog.edits.values())  # nothing left in memory


def test_a_mistyped_confirmation_is_caught_before_the_store(qtbot: QtBot,
                                                            context: AppContext) -> None:
    dialog = _dialog(qtbot, context)
    _type(dialog, "correct horse", "battery staple", "battery stapel")
    assert not dialog.change()
    assert dialog.fields["confirmation"].message == "The two passwords are not the same."
    assert context.auth.log_in("correct horse").ok  # unchanged


def test_the_stores_answers_beside_their_fields(qtbot: QtBot, context: AppContext) -> None:
    dialog = _dialog(qtbot, context)
    _type(dialog, "correct horse", "short", "short")
    assert not dialog.change()
    assert dialog.fields["new"].message == "The password needs at least 8 characters."
    assert dialog.fields["current"].message == ""
    _type(dialog, "wrong guess", "battery staple", "battery staple")
    assert not dialog.change()
    assert dialog.fields["current"].message == "Wrong password."
    assert dialog.fields["new"].message == ""
    assert dialog.isVisible()


def test_too_many_wrong_passwords_lock_the_session(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()

    def three_wrong_guesses(dialog: ChangePasswordDialog) -> int:
        for guess in ("one guess", "two guess", "three guess"):
            _type(dialog, guess, "battery staple", "battery staple")
            dialog.change()
        return dialog.result()

    with patch.object(ChangePasswordDialog, "exec", three_wrong_guesses):
        dialog = window.change_password()
    assert dialog.locked_out
    assert window.is_locked


def test_the_menu_offers_it(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.password_action in window.file_menu.actions()
    assert window.password_action.text() == "Change the pass&word…"
    with patch.object(ChangePasswordDialog, "exec", return_value=1):
        window.password_action.trigger()
    assert window.statusBar().currentMessage() == "Password changed."
