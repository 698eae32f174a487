"""The status bar's "Sync" button: runs a sync off the interface thread, shows progress.

The sync itself is a plain callable (`run(progress) -> SyncReport`, e.g.
`lambda progress: sync_service.synchronise(store, progress=progress)`), executed by a
worker in its own QThread; progress and the outcome come back by Signals, so the
interface is only touched on its own thread. Add it with
`status_bar.addPermanentWidget(SyncButton(run))`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _, ngettext
from app.services.sync.api import ServerRefused
from app.services.sync.client import SyncInterrupted, SyncProgress, SyncReport
from app.services.sync.settings import NotConfigured

SyncRun = Callable[[Callable[[SyncProgress], None]], SyncReport]


class SyncWorker(QObject):
    progressed = Signal(object)  # SyncProgress
    succeeded = Signal(object)  # SyncReport
    failed = Signal(str)  # a sentence for the agent

    def __init__(self, run: SyncRun) -> None:
        super().__init__()
        self._run = run

    @Slot()
    def work(self) -> None:
        try:
            report = self._run(self.progressed.emit)
        except SyncInterrupted:
            self.failed.emit(_("Sync interrupted; it will resume where it stopped."))
        except NotConfigured:
            self.failed.emit(_("Sync is not set up: ask the insurer for the server address "
                               "and your token."))
        except ServerRefused as refused:
            self.failed.emit(_("The server refused the sync: {reason}").format(
                reason=refused.detail))
        except Exception as error:  # noqa: BLE001 - shown to the agent, logged by the service
            self.failed.emit(_("Sync failed: {reason}").format(reason=error))
        else:
            self.succeeded.emit(report)


def progress_text(progress: SyncProgress) -> str:
    if progress.phase == "push":
        return _("Sending changes: {done} of {total}").format(
            done=progress.done, total=progress.total or progress.done)
    if progress.phase == "documents":
        return _("Sending documents: {done}").format(done=progress.done)
    if progress.phase == "pull":
        return _("Receiving decisions: {done}").format(done=progress.done)
    return _("Receiving catalogue and tariff updates")


def outcome_text(report: SyncReport) -> str:
    parts = [_("Synchronised")]
    if report.conflicts:
        count = len(report.conflicts)
        parts.append(ngettext("%d conflict to resolve", "%d conflicts to resolve", count) % count)
    if report.refused:
        count = len(report.refused)
        parts.append(ngettext("%d change refused by the insurer",
                              "%d changes refused by the insurer", count) % count)
    if report.decisions:
        count = report.decisions
        parts.append(ngettext("%d new decision", "%d new decisions", count) % count)
    return " · ".join(parts)


class SyncButton(QWidget):
    finished = Signal(object)  # SyncReport, after a successful sync

    def __init__(self, run: SyncRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._thread: QThread | None = None
        self._worker: SyncWorker | None = None
        self._last: Any = None  # the last SyncProgress, SyncReport or message shown
        self.button = QPushButton(self)
        self.button.setObjectName("sync")
        self.button.clicked.connect(self.start)
        self.label = QLabel(self)
        self.label.setObjectName("sync_state")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.retranslate()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self.running:
            return
        self.button.setEnabled(False)
        thread, worker = QThread(self), SyncWorker(self._run)
        worker.moveToThread(thread)
        thread.started.connect(worker.work)
        worker.progressed.connect(self._on_progress)
        worker.succeeded.connect(self._on_success)
        worker.failed.connect(self._on_failure)
        worker.succeeded.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._on_thread_done)
        self._thread, self._worker = thread, worker
        thread.start()

    def _on_progress(self, progress: SyncProgress) -> None:
        self._last = progress
        self.retranslate()

    def _on_success(self, report: SyncReport) -> None:
        self._last = report
        self.retranslate()
        self.finished.emit(report)

    def _on_failure(self, message: str) -> None:
        self._last = message
        self.label.setText(message)

    def _on_thread_done(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread = self._worker = None
        self.button.setEnabled(True)

    def retranslate(self) -> None:
        self.button.setText(_("Sync"))
        self.button.setToolTip(_("Send your changes to the insurer and receive its decisions"))
        if isinstance(self._last, SyncProgress):
            self.label.setText(progress_text(self._last))
        elif isinstance(self._last, SyncReport):
            self.label.setText(outcome_text(self._last))
        elif self._last is None:
            self.label.setText("")
