import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.views.log_in import LoginDialog
from tests.views.fakes import FakeAuth
from tests.views.test_no_clipping import clipped, font_scale  # noqa: F401 - a fixture


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


def _squashed(dialog: LoginDialog) -> list[tuple[str, int, int]]:
    """Widgets given less height than they need: a field or a button cut in half."""
    prompt = dialog.prompt
    widgets = [prompt.label, prompt.password, prompt.submit_button, *dialog.buttons.buttons()]
    return [(w.objectName() or type(w).__name__, w.height(), w.minimumSizeHint().height())
            for w in widgets if w.isVisible() and w.height() < w.minimumSizeHint().height()]


@pytest.mark.usefixtures("font_scale")  # 100% and 150% text
@pytest.mark.parametrize("language", ["en", "de"])
def test_nothing_is_cut_after_a_wrong_password(qtbot: QtBot, language: str) -> None:
    """Issue 15, item 18: the message under the field used to squash the field and the
    buttons, and cut itself to one line ("Log in" clipped), at 100% as at 150%."""
    from app.views.language import switch_language

    switch_language(language)
    dialog = LoginDialog(FakeAuth())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(20)
    qtbot.keyClicks(dialog.prompt.password, "nope")
    qtbot.keyClick(dialog.prompt.password, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert dialog.prompt.message.isVisible()
    assert clipped(dialog) == []
    assert _squashed(dialog) == []
    # and the wait message of the fifth attempt, longer, fits as well
    for attempt in range(4):
        qtbot.keyClicks(dialog.prompt.password, f"wrong {attempt}")
        qtbot.keyClick(dialog.prompt.password, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert dialog.prompt.waiting
    assert clipped(dialog) == []
    assert _squashed(dialog) == []
