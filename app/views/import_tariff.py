"""Import an insurer's tariff from the desktop (issue 6: long work off the interface thread,
with a progress bar, cancellable).

Everything the import decides is the service's (`tariff_import.import_tariff`, called
through the injected `importer`): it checks the whole file first, names every bad row by
line and column, and writes nothing until every part is complete on disk. The dialog picks
the file, runs the importer on a worker (`app/views/tasks.py`), shows which part is being
written, and the outcome. After a successful import it calls `reload`, so the next premium
the application computes uses the new tariff.

A cancel reaches the worker through the task's progress callback: the service calls it
between its steps, and the call after `Task.cancel()` raises `TaskCancelled` there. The
service's last report comes just before it puts the files in place; from then on a cancel
can no longer stop it, so the Cancel button goes off, and a cancel that crossed that report
on its way is reported as the import it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.pricing.tariffs import TariffError, TariffProblem
from app.views.forms import grow_to_fit
from app.views.tasks import Progress, Task, TaskRunner

# `importer(path, progress) -> ImportResult` (app/services/pricing/tariff_import.py)
Importer = Callable[[Path, Callable[[int, int, str], None]], Any]

MAX_PROBLEMS_SHOWN = 50  # as many as `TariffError`'s own message lists
FILE, LINE, COLUMN, MESSAGE = range(4)
ERROR_STYLE = "color: #b00020;"

IDLE, RUNNING, IMPORTED, REFUSED, FAILED, CANCELLED = (
    "idle", "running", "imported", "refused", "failed", "cancelled")


def problem_cells(problem: TariffProblem) -> tuple[str, str, str, str]:
    """A problem as the table shows it: the file's name, the line ("" for the whole file),
    the column, the service's message in the current interface language (put into words
    again at each language switch)."""
    return (Path(problem.path).name, str(problem.line) if problem.line else "",
            problem.column, problem.text())


class ImportTariffDialog(QDialog):
    imported = Signal(object)  # the service's ImportResult, once the new tariff is in place
    ended = Signal(str)  # IMPORTED, REFUSED, FAILED or CANCELLED, after each run

    def __init__(self, importer: Importer, reload: Callable[[], None] | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_tariff")
        self._importer = importer
        self._reload = reload
        self.runner = runner or TaskRunner(parent=self)
        self.task: Task | None = None
        self.state = IDLE
        self._outcome: Any = None  # the result, the exception, or None
        self._progress: tuple[int, int, str] = (0, 0, "")
        self._file = ""  # the file of the last run
        self._finished: list[Any] = []  # the worker's result, to tell a late cancel

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.file_label = QLabel(self)
        self.path = QLineEdit(self)
        self.path.setObjectName("tariff_file")
        self.path.setClearButtonEnabled(True)
        self.file_label.setBuddy(self.path)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("choose_file")
        self.choose_button.clicked.connect(self.choose_file)
        chooser = QHBoxLayout()
        chooser.addWidget(self.file_label)
        chooser.addWidget(self.path, 1)
        chooser.addWidget(self.choose_button)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress")
        self.bar.setTextVisible(False)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.details = QListWidget(self)  # files written, rows skipped
        self.details.setObjectName("details")
        self.problems = QTableWidget(0, 4, self)
        self.problems.setObjectName("problems")
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(False)
        header = self.problems.horizontalHeader()
        for column in (FILE, LINE, COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.more = QLabel(self)
        self.more.setObjectName("more_problems")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setObjectName("start_import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.path.textChanged.connect(lambda _text: self._update())

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(chooser)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.more)
        layout.addStretch(0)  # takes the room only while the lists are hidden
        layout.addWidget(self.buttons)
        self.setMinimumWidth(720)
        self.retranslate()

    # --- choosing and running -----------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.state == RUNNING

    def choose_file(self) -> None:
        start = str(Path(self.path.text()).parent) if self.path.text() else ""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a tariff file"), start,
            _("CSV files (*.csv);;All files (*)"))
        if chosen:
            self.path.setText(chosen)

    def start(self) -> None:
        text = self.path.text().strip()
        if self.busy or not text:
            return
        path = Path(text)
        importer, finished = self._importer, []

        def work(progress: Progress) -> Any:
            # `progress` is the task's own callback: after a cancel, its next call raises
            # TaskCancelled inside the service, which then leaves everything as it was.
            result = importer(path, progress)
            finished.append(result)
            return result

        self._finished = finished
        self._file = path.name
        self._outcome = None
        self._progress = (0, 0, path.name)
        self.state = RUNNING
        task = self.runner.run(work, on_success=self._succeeded, on_failure=self._failed,
                               on_progress=self._progressed)
        task.cancelled.connect(self._cancelled)
        self.task = task
        self.retranslate()

    def cancel(self) -> None:
        done, total, _name = self._progress
        if self.task is None or not self.busy or (total and done >= total):
            return  # past the service's last report, nothing can be stopped
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Cancelling…"))

    def reject(self) -> None:
        """Close (Escape, the window's button, the lock screen): a running import is
        cancelled; its outcome is shown if the dialog is opened again."""
        self.cancel()
        super().reject()

    # --- outcomes, on the interface thread -------------------------------------------

    def _progressed(self, done: int, total: int, name: str) -> None:
        self._progress = (done, total, name)
        self._show_progress()
        grow_to_fit(self)

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
        self._outcome = outcome
        if state in (IMPORTED, FAILED) and self._reload is not None:
            # FAILED: an error while renaming may have put some parts in place already.
            self._reload()
        self.retranslate()
        self.close_button.setFocus()
        if state == IMPORTED:
            self.imported.emit(outcome)
        self.ended.emit(state)

    # --- what is shown ------------------------------------------------------------

    def _update(self) -> None:
        running = self.busy
        self.path.setEnabled(not running)
        self.choose_button.setEnabled(not running)
        self.import_button.setEnabled(not running and bool(self.path.text().strip()))
        self.cancel_button.setVisible(running)
        self.bar.setVisible(running)

    def _show_progress(self) -> None:
        done, total, name = self._progress
        cancelled = self.task is not None and self.task.progress.cancelled
        self.cancel_button.setEnabled(not cancelled and not (total and done >= total))
        if cancelled:
            self.status.setText(_("Cancelling…"))
            return
        if total == 0:  # reading and checking the whole file: no steps to count yet
            self.bar.setRange(0, 0)
            self.status.setText(_("Reading and checking {file}…").format(file=name))
        elif done < total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.status.setText(_("Writing {part} ({number} of {total})…").format(
                part=name, number=done + 1, total=total))
        else:  # the service's last report: the files go in place now, past cancelling
            self.bar.setRange(0, total)
            self.bar.setValue(total)
            self.status.setText(_("Putting the new tariff in place…"))

    def _show_imported(self, result: Any) -> None:
        rows, written = result.rows, [Path(p).name for p in result.written]
        self.summary.setText(
            _("{file} is imported: new premiums are computed with it from now on.").format(
                file=self._file))
        self.status.setText(
            ngettext("%d premium imported", "%d premiums imported", rows) % rows + " · "
            + ngettext("%d file written", "%d files written", len(written)) % len(written))
        lines = list(written)
        federal = result.federal
        if federal is not None:
            lines.append(_("Federal file: {read} rows read, {kept} kept for the insurers "
                           "Propono knows.").format(read=federal.rows, kept=federal.kept))
            for reason, count in sorted(federal.skipped.items()):
                lines.append(ngettext("%d row skipped", "%d rows skipped", count) % count
                             + ": " + federal.reason(reason))
        self.details.clear()
        self.details.addItems(lines)
        self.details.show()

    def _show_problems(self, error: TariffError) -> None:
        problems = error.problems
        self.summary.setText(
            ngettext("{count} problem in {file}: nothing was imported.",
                     "{count} problems in {file}: nothing was imported.",
                     len(problems)).format(count=len(problems), file=self._file))
        self.status.setText(_("The premiums stay as they were. Correct the file and "
                              "import it again."))
        shown = problems[:MAX_PROBLEMS_SHOWN]
        self.problems.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            for column, text in enumerate(problem_cells(problem)):
                item = QTableWidgetItem(text)
                item.setToolTip(problem.path if column == FILE else text)
                if column == LINE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.problems.setItem(row, column, item)
        self.problems.show()
        rest = len(problems) - len(shown)
        self.more.setText(ngettext("… and %d more problem", "… and %d more problems", rest)
                          % rest)
        self.more.setVisible(rest > 0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import a tariff"))
        self.intro.setText(_(
            "Import an insurer's premium tariff: Propono's CSV for complementary (LCA) or "
            "basic insurance (LAMal), or the federal Prämien_CH.csv. The whole file is "
            "checked first; a file with any problem imports nothing."))
        self.file_label.setText(_("Tariff &file:"))
        self.path.setPlaceholderText(_("a CSV file"))
        self.choose_button.setText(_("C&hoose…"))
        self.import_button.setText(_("&Import"))
        self.cancel_button.setText(_("&Cancel the import"))
        self.problems.setHorizontalHeaderLabels([_("File"), _("Line"), _("Column"),
                                                 _("Problem")])
        self._update()
        self.summary.setStyleSheet(ERROR_STYLE if self.state in (REFUSED, FAILED) else "")
        for widget in (self.summary, self.details, self.problems, self.more):
            widget.hide()
        self.status.setVisible(self.state != IDLE)
        if self.state == RUNNING:
            self._show_progress()
        elif self.state == IMPORTED:
            self.summary.show()
            self._show_imported(self._outcome)
        elif self.state == REFUSED:
            self.summary.show()
            self._show_problems(self._outcome)
        elif self.state == FAILED:
            self.summary.show()
            self.summary.setText(_("The tariff could not be imported: {reason}").format(
                reason=self._outcome))
            self.status.setText(_("Check the file and the data folder, then try again."))
        elif self.state == CANCELLED:
            self.summary.show()
            self.summary.setText(_("Import cancelled: nothing was changed."))
            self.status.setText(_("The premiums stay as they were."))
        grow_to_fit(self)  # the outcome's lines may need more room than the dialog has
