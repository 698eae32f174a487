"""Keyboard: within a menu, and along the menu bar, no two entries share an Alt letter, in
any language (issue 6: fully usable from the keyboard)."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.i18n import LANGUAGES
from app.views.context import AppContext
from app.views.main_window import MainWindow
from tests.views.fakes import FakeProposals, chosen, family_draft


def letter(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    stripped = text.replace("&&", "")
    return stripped[index + 1].casefold() if 0 <= index < len(stripped) - 1 else None


def clashes(texts: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for text in texts:
        key = letter(text)
        if key is not None:
            seen.setdefault(key, []).append(text)
    return {key: found for key, found in seen.items() if len(found) > 1}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_two_entries_share_a_letter(qtbot: QtBot, context: AppContext,
                                       language: str) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.set_language(language)
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    problems = {"menu bar": clashes([a.text() for a in window.menuBar().actions()])}
    for menu in menus:
        assert isinstance(menu, QMenu)
        problems[menu.title()] = clashes([a.text() for a in menu.actions()
                                          if not a.isSeparator()])
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_check_sees_a_clash() -> None:
    assert clashes(["&Save", "&Synchronise", "E&xit"]) == {"s": ["&Save", "&Synchronise"]}
    assert letter("Fish && &Chips") == "c"


def visible_mnemonics(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton) and not isinstance(widget, QToolButton):
            texts.append(widget.text())
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_screen_has_distinct_letters(qtbot: QtBot, context: AppContext,
                                          language: str) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(chosen(family_draft()))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.set_language(language)
    bar = [a.text() for a in window.menuBar().actions()]
    problems = {}
    if found := clashes(bar + visible_mnemonics(window)):
        problems["list"] = found
    window.open_proposal(draft.id)
    for index, page in enumerate(window.wizard.pages):
        window.wizard._show(index)
        if found := clashes(bar + visible_mnemonics(window)):
            problems[page.step] = found
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_dialog_has_distinct_letters(qtbot: QtBot, language: str,
                                          tmp_path: Path) -> None:
    from app.views.language import switch_language
    from tests.views.dialogs import every_dialog

    switch_language(language)
    dialogs = every_dialog(tmp_path)
    problems = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        if found := clashes(visible_mnemonics(dialog)):
            problems[name] = found
        dialog.close()
    assert problems == {}
