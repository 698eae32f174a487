"""Keyboard: within a menu, and along the menu bar, no two entries share an Alt letter, in
any language (issue 6: fully usable from the keyboard)."""

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.i18n import LANGUAGES
from app.views.context import AppContext
from app.views.main_window import MainWindow


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

