"""The real application for a family meeting, as the meeting tests drive it: a context over
a real store, a new proposal open in the main window, and the agent's typing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from app.views.wizard.edit_household import HouseholdPage

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
# Issue 15's family: two adults born 1984 and 1987, children born 2016 and 2021, Lausanne 1004.
FAMILY = (("Sophie", "F", "12.03.1984", None), ("Thomas", "M", "02.08.1987", "spouse"),
          ("Noah", "M", "21.06.2016", "child"), ("Mia", "F", "09.01.2021", "child"))


def real_context(store: Store, tmp_path: Path) -> AppContext:
    return build_context(store, tmp_path, MemoryPreferences(), lambda: TODAY, lambda: NOW)


def new_proposal_window(qtbot: QtBot, context: AppContext, height: int = 800) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, height)
    window.show()
    window.new_action.trigger()
    return window


def type_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """As the agent types, then leaves the field."""
    edit.clear()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{combo.objectName()}: no {data!r}"
    combo.setCurrentIndex(index)


def fill_family(qtbot: QtBot, page: HouseholdPage,
                family: tuple[tuple[str, str, str, str | None], ...] = FAMILY) -> None:
    for first, sex, birth, role in family:
        if role:
            page.add_person(role)
        form = page.form
        type_text(qtbot, form.line("first_name"), first)
        type_text(qtbot, form.line("last_name"), "Rochat")
        choose(form.combo("sex"), sex)
        type_text(qtbot, form.line("birth_date"), birth)
        type_text(qtbot, form.line("street"), "Avenue de la Gare 12")
        type_text(qtbot, form.line("postal_code"), "1004")
