"""Sync conflicts: both values shown in the agent's words, settled off the interface thread."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from app.services.application.ports import ConflictRow, ReviewError
from app.views.language import switch_language
from app.views.resolve_conflicts import ResolveConflictsDialog, shown_value
from tests.views.fakes import FakeConflicts, phone_conflict


def _dialog(qtbot: QtBot, conflicts: FakeConflicts) -> ResolveConflictsDialog:
    dialog = ResolveConflictsDialog(conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _texts(dialog: ResolveConflictsDialog, row: int) -> list[str]:
    return [dialog.table.item(row, column).text() for column in range(4)]


def _headers(dialog: ResolveConflictsDialog) -> list[str]:
    return [dialog.table.horizontalHeaderItem(c).text() for c in range(4)]


def test_a_conflict_is_listed_with_both_values(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, FakeConflicts([phone_conflict()]))
    assert _headers(dialog) == ["Client or person", "Detail", "Your value", "Insurer's value"]
    assert _texts(dialog, 0) == ["Anna Rochat", "Phone", "+41791234567", "+41217654321"]
    assert dialog.keep_button(41, "mine").text() == "Keep mine"
    assert dialog.keep_button(41, "theirs").text() == "Keep the insurer's"
    assert not dialog.empty.isVisible()


def test_keeping_the_insurers_value_asks_the_service_off_the_thread_and_drops_the_row(
        qtbot: QtBot) -> None:
    conflicts = FakeConflicts([phone_conflict(41), phone_conflict(42)])
    threads: list[threading.Thread] = []
    resolve = conflicts.resolve

    def spy(conflict_id: int, keep: str) -> None:
        threads.append(threading.current_thread())
        resolve(conflict_id, keep)

    conflicts.resolve = spy  # type: ignore[method-assign]
    conflicts.gate = threading.Event()
    dialog = _dialog(qtbot, conflicts)
    changed: list[bool] = []
    dialog.changed.connect(lambda: changed.append(True))
    dialog.keep_button(41, "theirs").click()
    # While the server is asked, no second choice can be sent.
    assert dialog.busy and not any(dialog.keep_button(i, keep).isEnabled()
                                   for i in (41, 42) for keep in ("mine", "theirs"))
    assert dialog.message.text() == "Sending your choice to the insurer…"
    conflicts.gate.set()
    qtbot.waitUntil(lambda: dialog.listed == [42])
    assert conflicts.resolved == [(41, "theirs")]
    assert threads and threads[0] is not threading.main_thread()
    assert changed == [True]
    assert dialog.keep_button(42, "mine").isEnabled()
    assert dialog.message.isHidden()


def test_the_last_conflict_settled_leaves_an_empty_list(qtbot: QtBot) -> None:
    conflicts = FakeConflicts([phone_conflict(7)])
    dialog = _dialog(qtbot, conflicts)
    dialog.keep_button(7, "mine").click()
    qtbot.waitUntil(lambda: dialog.empty.isVisible())
    assert conflicts.resolved == [(7, "mine")]
    assert dialog.empty.text() == "No conflict to resolve." and not dialog.table.isVisible()


def test_an_error_from_the_service_is_shown_and_the_conflict_stays(qtbot: QtBot) -> None:
    conflicts = FakeConflicts([phone_conflict(41)])
    conflicts.error = ReviewError("The insurer's server cannot be reached: your choice was not "
                                  "sent. Try again once you are online.")
    dialog = _dialog(qtbot, conflicts)
    dialog.keep_button(41, "theirs").click()
    qtbot.waitUntil(lambda: "cannot be reached" in dialog.message.text())
    assert dialog.message.isVisible()
    assert dialog.listed == [41] and conflicts.resolved == []
    assert dialog.keep_button(41, "theirs").isEnabled()  # the agent may try again


def test_an_unexpected_error_is_shown_with_its_reason(qtbot: QtBot) -> None:
    conflicts = FakeConflicts([phone_conflict(41)])
    conflicts.error = RuntimeError("disk full")
    dialog = _dialog(qtbot, conflicts)
    dialog.keep_button(41, "mine").click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The choice could not be saved: disk full")


def test_values_in_the_agents_words() -> None:
    assert shown_value("birth_date", "1986-05-01") == "01.05.1986"
    assert shown_value("sex", "F") == "Female"
    assert shown_value("language", "de") == "Deutsch"
    assert shown_value("street", None) == "(empty)"
    assert shown_value("street", "") == "(empty)"
    assert shown_value("premium_region", 2) == "2"
    assert shown_value("note", "2026-13-01") == "2026-13-01"  # not a date: as it is


def test_labels_follow_the_interface_language(qtbot: QtBot) -> None:
    household = ConflictRow(3, "household", "name", "Anna Rochat", "Rochat", "Rochat-Favre",
                            phone_conflict().created_at)
    dialog = _dialog(qtbot, FakeConflicts([phone_conflict(), household]))
    switch_language("fr")
    assert _headers(dialog) == ["Client ou personne", "Donnée", "Votre valeur",
                                "Valeur de l'assureur"]
    assert _texts(dialog, 0)[:2] == ["Anna Rochat", "Téléphone"]
    assert _texts(dialog, 1)[:2] == ["Anna Rochat (ménage)", "Nom du ménage"]
    switch_language("de")
    assert _texts(dialog, 0)[1] == "Telefon"
    assert dialog.keep_button(41, "theirs").text() == "Wert des Versicherers behalten"
