"""One tariff import on a worker (`app/views/tasks.py`) for the import dialog
(app/views/import_tariff.py): its state, its last progress report, how it ended.

A cancel reaches the worker through the task's progress callback: the service calls it
between its steps, and the call after `Task.cancel()` raises `TaskCancelled` there. The
service's last report comes just before it puts the files in place; from then on a cancel
can no longer stop it, and a cancel that crossed that report on its way is reported as the
import it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.services.pricing.tariffs import TariffError
from app.views.tasks import Progress, Task, TaskRunner

# `importer(path, progress) -> ImportResult` (app/services/pricing/tariff_import.py)
Importer = Callable[[Path, Callable[[int, int, str], None]], Any]

IDLE, RUNNING, IMPORTED, REFUSED, FAILED, CANCELLED = (
    "idle", "running", "imported", "refused", "failed", "cancelled")


class ImportRun(QObject):
    progressed = Signal()  # a new `progress`, on the interface thread
    ended = Signal(str)  # IMPORTED, REFUSED, FAILED or CANCELLED, with `outcome` set

    def __init__(self, importer: Importer, runner: TaskRunner | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._importer = importer
        self.runner = runner or TaskRunner(parent=parent)
        self.task: Task | None = None
        self.state = IDLE
        self.outcome: Any = None  # the result, the exception, or None
        self.progress: tuple[int, int, str] = (0, 0, "")
        self.file = ""  # the file of the last run
        self._finished: list[Any] = []  # the worker's result, to tell a late cancel

    @property
    def busy(self) -> bool:
        return self.state == RUNNING

    @property
    def past_cancelling(self) -> bool:
        """After the service's last report: the files are going in place."""
        done, total, _name = self.progress
        return bool(total and done >= total)

    def start(self, path: Path) -> None:
        importer, finished = self._importer, []

        def work(progress: Progress) -> Any:
            # `progress` is the task's own callback: after a cancel, its next call raises
            # TaskCancelled inside the service, which then leaves everything as it was.
            result = importer(path, progress)
            finished.append(result)
            return result

        self._finished = finished
        self.file = path.name
        self.outcome = None
        self.progress = (0, 0, path.name)
        self.state = RUNNING
        task = self.runner.run(work, on_success=self._succeeded, on_failure=self._failed,
                               on_progress=self._progressed)
        task.cancelled.connect(self._cancelled)
        self.task = task

    def cancel(self) -> bool:
        """Whether the cancel went to the worker: not once past its last report."""
        if self.task is None or not self.busy or self.past_cancelling:
            return False
        self.task.cancel()
        return True

    def _progressed(self, done: int, total: int, name: str) -> None:
        self.progress = (done, total, name)
        self.progressed.emit()

    def _succeeded(self, result: Any) -> None:
        self._end(IMPORTED, result)

    def _failed(self, error: BaseException) -> None:
        self._end(REFUSED if isinstance(error, TariffError) else FAILED, error)

    def _cancelled(self) -> None:
        if self._finished:  # the cancel came after the files were in place
            self._end(IMPORTED, self._finished[0])
        else:
            self._end(CANCELLED, None)

    def _end(self, state: str, outcome: Any) -> None:
        self.task = None
        self.state = state
        self.outcome = outcome
        self.ended.emit(state)
