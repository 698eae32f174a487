"""The status bar's Sync button: work off the interface thread, progress, outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from app.i18n import use_language
from app.services.sync.api import TransportError
from app.services.sync.client import SyncInterrupted, SyncProgress, SyncReport
from app.views.sync_button import SyncButton, outcome_text, progress_text


def test_a_sync_runs_off_the_interface_thread_and_reports(qtbot: QtBot) -> None:
    threads: list[threading.Thread] = []

    def run(progress: Callable[[SyncProgress], None]) -> SyncReport:
        threads.append(threading.current_thread())
        progress(SyncProgress("push", 0, 3))
        progress(SyncProgress("push", 3, 3))
        return SyncReport(pushed=3, decisions=1, conflicts=[{"id": 7, "field": "phone"}])

    widget = SyncButton(run)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.finished, timeout=5000) as finished:
        widget.button.click()
        assert not widget.button.isEnabled()  # one sync at a time
    assert isinstance(finished.args[0], SyncReport)
    assert threads and threads[0] is not threading.main_thread()
    assert widget.label.text() == "Synchronised · 1 conflict to resolve · 1 new decision"
    qtbot.waitUntil(lambda: widget.button.isEnabled())


def test_an_interrupted_sync_says_it_will_resume(qtbot: QtBot) -> None:
    def run(progress: Callable[[SyncProgress], None]) -> SyncReport:
        raise SyncInterrupted(SyncReport(), TransportError("connection refused"))

    widget = SyncButton(run)
    qtbot.addWidget(widget)
    widget.button.click()
    qtbot.waitUntil(lambda: "interrupted" in widget.label.text())
    qtbot.waitUntil(lambda: widget.button.isEnabled())
    assert widget.label.text() == "Sync interrupted; it will resume where it stopped."


def test_texts_in_the_agents_language() -> None:
    report = SyncReport(pushed=2, conflicts=[{}, {}], refused=[{}])
    with use_language("fr"):
        assert outcome_text(report) == ("Synchronisé · 2 conflits à résoudre · "
                                        "1 modification refusée par l'assureur")
        assert progress_text(SyncProgress("pull", 5, None)) == "Réception des décisions : 5"
    assert progress_text(SyncProgress("push", 3, 3)) == "Sending changes: 3 of 3"
    with use_language("de"):
        assert progress_text(SyncProgress("push", 1, 4)) == "Änderungen werden gesendet: 1 von 4"
