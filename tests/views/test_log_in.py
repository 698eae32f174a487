from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.views.log_in import LoginDialog
from tests.views.fakes import FakeAuth


def test_wrong_password_then_delay_then_success(qtbot: QtBot) -> None:
    auth = FakeAuth(delay_after=2)
    dialog = LoginDialog(auth)
    qtbot.addWidget(dialog)
    dialog.show()
    prompt = dialog.prompt
    prompt.tick_ms = 10
    assert dialog.intro.text() == ("Welcome, Claire Rochat. Enter your password to open your "
                                   "clients' files.")
    qtbot.keyClicks(prompt.password, "nope")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert prompt.message.text() == "Wrong password. 1 attempt left before a waiting delay."
    assert prompt.password.text() == ""
    qtbot.keyClicks(prompt.password, "still wrong")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert prompt.waiting
    assert prompt.message.text() == "Too many wrong attempts. Try again in 2 seconds."
    assert not prompt.submit_button.isEnabled() and not prompt.password.isEnabled()
    prompt.submit()  # refused by the prompt itself while waiting
    assert auth.attempts == ["nope", "still wrong"]
    qtbot.waitUntil(lambda: not prompt.waiting, timeout=2000)
    assert prompt.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClicks(prompt.password, "correct horse")
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_cancel_rejects(qtbot: QtBot) -> None:
    dialog = LoginDialog(FakeAuth())
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected):
        dialog.buttons.rejected.emit()
