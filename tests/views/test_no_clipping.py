"""No text cut off on any screen in the longest languages (issue 6: "no clipped labels in
German", "readable at 125% and 150% scaling"): every visible label, button and check box
of the window and of each wizard step is as wide as its text needs, also with the
interface font enlarged by half, as 150% display scaling does to text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.main_window import MainWindow
from tests.views.fakes import FakeProposals, chosen, decided_follow_up, family_draft


def clipped(root: QWidget) -> list[tuple[str, str, int, int]]:
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            # a wrapped text needs its lines' height at the width it was given
            tall = widget.heightForWidth(widget.width())
            if tall > widget.height() + 1:
                found.append(("QLabel (wrapped)", widget.text(), tall, widget.height()))
            continue
        if isinstance(widget, QLabel):
            if not widget.text() or widget.textFormat() == Qt.TextFormat.RichText:
                continue
            text, room = widget.text(), widget.contentsRect().width()
        elif isinstance(widget, QPushButton | QCheckBox):
            text = widget.text()
            if not text:
                continue
            # a button's label sits inside its frame; a check box's beside the indicator
            margin = 12 if isinstance(widget, QPushButton) else 24
            room = widget.width() - margin
        else:
            continue
        lines = text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\n")
        needed = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
        if needed > room + 1:
            found.append((type(widget).__name__, text, needed, room))
    return found


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150% text"])
def font_scale(request: pytest.FixtureRequest) -> Iterator[float]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * request.param)
    app.setFont(bigger)
    yield request.param
    app.setFont(before)


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_no_text_is_cut_on_any_step(qtbot: QtBot, context: AppContext, language: str,
                                    font_scale: float) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = chosen(family_draft())
    draft.stored = True  # the follow-up step shows a decided proposal
    context.follow_ups.summaries[draft.id] = decided_follow_up(draft)  # type: ignore[union-attr]
    proposals.add(draft)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.set_language(language)
    problems: dict[str, list[tuple[str, str, int, int]]] = {}
    qtbot.wait(50)
    if found := clipped(window):
        problems["list"] = found
    window.open_proposal(draft.id)
    wizard = window.wizard
    for index, page in enumerate(wizard.pages):
        wizard._show(index)
        qtbot.wait(20)  # the layouts run as posted events
        if found := clipped(window):
            problems[page.step] = found
    assert problems == {}


def test_the_check_sees_a_cut_label_and_button(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    label = QLabel("Kündigung beim bisherigen Versicherer", root)
    button = QPushButton("Offerten e&xportieren…", root)
    label.setGeometry(0, 0, 40, 20)
    button.setGeometry(0, 30, 40, 24)
    root.show()
    assert [(kind, text) for kind, text, _needed, _room in clipped(root)] == [
        ("QLabel", "Kündigung beim bisherigen Versicherer"),
        ("QPushButton", "Offerten e&xportieren…")]
    label.adjustSize()
    button.resize(button.sizeHint())
    assert clipped(root) == []


def _type_passwords(dialog: QWidget, *texts: str) -> None:
    for key, text in zip(("current", "new", "confirmation"), texts, strict=True):
        dialog.edits[key].setText(text)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["de", "fr", "it"])
def test_no_text_is_cut_in_the_dialogs(qtbot: QtBot, language: str, font_scale: float,
                                       tmp_path: Path) -> None:
    from app.views.change_password import ChangePasswordDialog
    from app.views.create_profile import CreateProfileDialog
    from app.views.language import switch_language
    from app.views.log_in import LoginDialog
    from tests.views.dialogs import every_dialog

    switch_language(language)
    dialogs = every_dialog(tmp_path)
    problems = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(20)
        # messages appear beside the fields of a dialog already on screen
        if isinstance(dialog, CreateProfileDialog):
            with suppress(PageCheckError):
                dialog.check()  # every field empty: a message under each
        if isinstance(dialog, ChangePasswordDialog):
            _type_passwords(dialog, "correct horse", "short", "short")
            dialog.change()
        if isinstance(dialog, LoginDialog):
            dialog.prompt.password.setText("wrong")  # the answer appears under the field
            dialog.prompt.submit()
        qtbot.wait(20)
        if found := clipped(dialog):
            problems[name] = found
        dialog.close()
    assert problems == {}
