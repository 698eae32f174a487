"""The clients list at the kitchen table (issue 15, item 17): a town finds its clients, each
line shows the whole household, and the count says how many clients and proposals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.proposals import households as hh
from app.services.proposals.households import HouseholdData, PersonData
from app.services.store.database import Store
from app.views import proposal_list
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from tests.views.fakes import chosen, family_draft

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.fixture
def context(store: Store, tmp_path: Path) -> AppContext:
    """The Rochats of Lausanne 1003 (Anna, Marc, Léa) with a proposal; the Bernasconis of
    Massagno 6900 (in the municipality of Massagno, locality Lugano's postal code) and
    Jürg Müller of Zürich 8001, clients without a proposal yet."""
    built = build_context(store, tmp_path, MemoryPreferences(), lambda: TODAY, lambda: NOW)
    built.proposals.save_draft(chosen(family_draft()))

    def person(first: str, last: str, role: str, postal_code: str, locality: str,
               municipality: str, canton: str) -> PersonData:
        return PersonData(first_name=first, last_name=last, sex="F", role=role,
                          birth_date=date(1980, 1, 1), postal_code=postal_code,
                          locality=locality, municipality=municipality, canton=canton,
                          premium_region=1 if canton == "TI" else None, language="it")

    hh.create_household(store, HouseholdData("Famiglia Bernasconi", "it", [
        person("Giulia", "Bernasconi", "policyholder", "6900", "Lugano", "Massagno", "TI"),
        person("Nicolò", "Bernasconi", "child", "6900", "Lugano", "Massagno", "TI"),
        person("Elena", "Rossi", "partner", "6900", "Lugano", "Massagno", "TI")]), today=TODAY)
    hh.create_household(store, HouseholdData("Familie Müller", "de", [
        person("Jürg", "Müller", "policyholder", "8001", "Zürich", "Zürich", "ZH")]),
        today=TODAY)
    return built


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1100, 600)
    window.show()
    return window


def _search(qtbot: QtBot, window: MainWindow, text: str) -> list[str]:
    """Type as the agent does, wait for the list, return the client column as shown."""
    browser = window.browser
    browser.search.selectAll()
    qtbot.keyClick(browser.search, Qt.Key.Key_Backspace)
    qtbot.keyClicks(browser.search, text)
    qtbot.waitUntil(lambda: not browser._debounce.isActive(), timeout=2000)
    model = browser.model
    return [str(model.data(model.index(row, 0))) for row in range(model.rowCount())]


def test_a_town_finds_its_clients_with_every_member(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    browser = window.browser
    assert browser.search.placeholderText() == "Name, place, postal code or AHV number"
    assert _search(qtbot, window, "Lausanne") == ["Rochat Anna, Marc, Léa"]
    assert browser.count_label.text() == "1 client, 1 proposal"
    assert _search(qtbot, window, "massagno") == ["Bernasconi Giulia, Nicolò, Rossi Elena"]
    assert browser.count_label.text() == "1 client, 0 proposals"
    assert _search(qtbot, window, "lugano") == ["Bernasconi Giulia, Nicolò, Rossi Elena"]
    assert _search(qtbot, window, "zurich") == ["Müller Jürg"]
    # a member who is not the policyholder finds the household
    assert _search(qtbot, window, "lea") == ["Rochat Anna, Marc, Léa"]
    assert _search(qtbot, window, "elena") == ["Bernasconi Giulia, Nicolò, Rossi Elena"]
    assert _search(qtbot, window, "marc 1003") == ["Rochat Anna, Marc, Léa"]
    assert _search(qtbot, window, "rochat zurich") == []
    assert browser.count_label.text() == "0 clients, 0 proposals"
    # the other columns are the policyholder's
    model = browser.model
    _search(qtbot, window, "Lausanne")
    assert [str(model.data(model.index(0, column))) for column in (1, 2, 3)] == [
        "756.1234.5678.97", "1003", "Lausanne"]


def test_the_count_tells_clients_from_proposals(qtbot: QtBot, context: AppContext) -> None:
    """It said "3 proposals" for one proposal and two clients without one."""
    window = _window(qtbot, context)
    browser = window.browser
    assert browser.model.rowCount() == 3
    assert browser.count_label.text() == "3 clients, 1 proposal"
    window.browser.status_filter.setCurrentIndex(browser.status_filter.findData("draft"))
    assert browser.model.rowCount() == 1
    assert browser.count_label.text() == "1 client, 1 proposal"


def test_a_list_cut_at_its_limit_says_so(qtbot: QtBot, context: AppContext,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(proposal_list, "LIST_LIMIT", 2)
    window = _window(qtbot, context)
    browser = window.browser
    assert browser.model.rowCount() == 2
    assert browser.count_label.text() == ("The 2 most recent lines: 2 clients, 0 proposals. "
                                          "Type more to narrow the search.")
    assert _search(qtbot, window, "Lausanne") == ["Rochat Anna, Marc, Léa"]
    assert browser.count_label.text() == "1 client, 1 proposal"


def test_the_list_in_german_at_150_percent(qtbot: QtBot, context: AppContext) -> None:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from tests.views.test_no_clipping import clipped

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * 1.5)
    app.setFont(bigger)
    try:
        window = _window(qtbot, context)
        window.set_language("de")
        qtbot.wait(50)
        assert window.browser.count_label.text() == "3 Kunden, 1 Antrag"
        assert clipped(window) == []
    finally:
        app.setFont(before)

