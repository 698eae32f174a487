"""Long work off the interface thread, with results delivered on the interface thread only.

The work is a plain function that receives a plain progress callback (no Qt), so the
services it calls stay Qt-free (Dangerzone's `ConvertTask`). Whatever the function
returns or raises comes back through Qt signals of a `Task` that lives in the interface
thread; the worker never touches a widget (Anki's pitfall: a message box from a worker
thread crashes Qt).

    task = runner.run(lambda progress: build_pdfs(items, progress),
                      on_success=show, on_failure=report)
    task.progressed.connect(progress_bar.update)
    cancel_button.clicked.connect(task.cancel)

Cancellation is cooperative: after `cancel()`, the next call of the progress callback
raises `TaskCancelled` inside the worker, and the task emits `cancelled` instead of a
result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class TaskCancelled(Exception):
    """Raised inside the work function by the progress callback once the task is cancelled."""


class Progress:
    """The plain callback handed to the work function: `progress(done, total, message)`."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int = 0, message: str = "") -> None:
        if self._cancel.is_set():
            raise TaskCancelled()
        self._relay.progressed.emit(done, total, message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `TaskCancelled` if the task was cancelled, without reporting progress."""
        if self._cancel.is_set():
            raise TaskCancelled()

    def _set_cancelled(self) -> None:
        self._cancel.set()


Work = Callable[[Progress], Any]


class _Relay(QObject):
    """Emitted from the worker thread; lives in the interface thread, so delivery is queued."""

    progressed = Signal(int, int, str)
    done = Signal(object)
    error = Signal(object)
    stopped = Signal()


class Task(QObject):
    """One piece of work; its public signals are always emitted in the interface thread."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception raised by the work function
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self.progress = Progress(self._relay)
        self.running = True
        # Bound slots of a QObject living here: Qt queues them into this thread.
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self._relay.error.connect(self._on_error)
        self._relay.stopped.connect(self._on_stopped)

    def cancel(self) -> None:
        self.progress._set_cancelled()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.running and not self.progress.cancelled:
            self.progressed.emit(done, total, message)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        if self.progress.cancelled:
            self._on_stopped()
            return
        self.running = False
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_error(self, error: object) -> None:
        self.running = False
        self.failed.emit(error)
        self.finished.emit()

    @Slot()
    def _on_stopped(self) -> None:
        self.running = False
        self.cancelled.emit()
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, work: Work, task: Task) -> None:
        super().__init__()
        self._work = work
        self._relay = task._relay
        self._progress = task.progress

    def run(self) -> None:  # worker thread: only emits signals, never touches widgets
        try:
            result = self._work(self._progress)
        except TaskCancelled:
            self._relay.stopped.emit()
        except Exception as error:  # noqa: BLE001 - handed to the interface thread
            self._relay.error.emit(error)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Starts tasks on a thread pool and keeps them alive until they finish.

    `TaskRunner.single_worker()` runs everything on one long-lived thread, in order:
    what SQLite work needs (one connection, one thread).
    """

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else QThreadPool()
        self._tasks: set[Task] = set()

    @classmethod
    def single_worker(cls, parent: QObject | None = None) -> TaskRunner:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        pool.setExpiryTimeout(-1)  # the same thread for the whole session
        return cls(pool, parent)

    def run(
        self,
        work: Work,
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task()  # owned by Python (self._tasks), not by a Qt parent
        # Callbacks are connected to the Task's own signals, which are emitted in the
        # interface thread, so they may touch widgets.
        if on_success is not None:
            task.succeeded.connect(on_success)
        if on_failure is not None:
            task.failed.connect(on_failure)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        self._tasks.add(task)
        task.finished.connect(lambda: self._forget(task))
        self._pool.start(_Runnable(work, task))
        return task

    def _forget(self, task: Task) -> None:
        self._tasks.discard(task)

    @property
    def active(self) -> int:
        return len(self._tasks)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (at shutdown); True if they are."""
        return self._pool.waitForDone(msecs)
