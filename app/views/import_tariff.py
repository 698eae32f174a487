"""Import an insurer's tariff from the desktop (issue 6: long work off the interface thread,
with a progress bar, cancellable).

Everything the import decides is the service's (`tariff_import.import_tariff`, called
through the injected `importer`): it checks the whole file first, names every bad row by
line and column, and writes nothing until every part is complete on disk. The dialog picks
the file, runs the importer on a worker (`tariff_run`), shows which part is being written,
and the outcome (`tariff_outcome`). After a successful import it calls `reload`, so the next
premium the application computes uses the new tariff. Once the service has made its last
report the files go in place and a cancel can no longer stop it: the Cancel button goes off.
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
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.pricing.tariffs import TariffError
from app.views.forms import grow_to_fit, set_label
from app.views.tariff_outcome import ImportedFiles, ProblemsTable
from app.views.tariff_run import (
    CANCELLED,
    FAILED,
    IDLE,
    IMPORTED,
    REFUSED,
    RUNNING,
    Importer,
    ImportRun,
)
from app.views.tasks import Task, TaskRunner

ERROR_STYLE = "color: #b00020;"


class ImportTariffDialog(QDialog):
    imported = Signal(object)  # the service's ImportResult, once the new tariff is in place
    ended = Signal(str)  # IMPORTED, REFUSED, FAILED or CANCELLED, after each run

    def __init__(self, importer: Importer, reload: Callable[[], None] | None = None,
                 parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_tariff")
        self._reload = reload
        self.run = ImportRun(importer, runner, parent=self)
        self.run.progressed.connect(self._progressed)
        self.run.ended.connect(self._end)
        self.runner = self.run.runner

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
        self.details = ImportedFiles(self)
        self.problems = ProblemsTable(self)
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
        return self.run.busy

    @property
    def state(self) -> str:
        return self.run.state

    @property
    def task(self) -> Task | None:
        return self.run.task

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
        self.run.start(Path(text))
        self.retranslate()

    def cancel(self) -> None:
        if not self.run.cancel():
            return  # past the service's last report, nothing can be stopped
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Cancelling…"))

    def reject(self) -> None:
        """Close (Escape, the window's button, the lock screen): a running import is
        cancelled; its outcome is shown if the dialog is opened again."""
        self.cancel()
        super().reject()

    # --- outcomes, on the interface thread -------------------------------------------

    def _progressed(self) -> None:
        self._show_progress()
        grow_to_fit(self)

    def _end(self, state: str) -> None:
        if state in (IMPORTED, FAILED) and self._reload is not None:
            # FAILED: an error while renaming may have put some parts in place already.
            self._reload()
        self.retranslate()
        self.close_button.setFocus()
        if state == IMPORTED:
            self.imported.emit(self.run.outcome)
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
        done, total, name = self.run.progress
        cancelled = self.task is not None and self.task.progress.cancelled
        self.cancel_button.setEnabled(not cancelled and not self.run.past_cancelling)
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
        rows, written = result.rows, len(result.written)
        self.summary.setText(
            _("{file} is imported: new premiums are computed with it from now on.").format(
                file=self.run.file))
        self.status.setText(
            ngettext("%d premium imported", "%d premiums imported", rows) % rows + " · "
            + ngettext("%d file written", "%d files written", written) % written)
        self.details.show_result(result)

    def _show_problems(self, error: TariffError) -> None:
        problems = error.problems
        self.summary.setText(
            ngettext("{count} problem in {file}: nothing was imported.",
                     "{count} problems in {file}: nothing was imported.",
                     len(problems)).format(count=len(problems), file=self.run.file))
        self.status.setText(_("The premiums stay as they were. Correct the file and "
                              "import it again."))
        rest = self.problems.show_problems(problems)
        self.more.setText(ngettext("… and %d more problem", "… and %d more problems", rest)
                          % rest)
        self.more.setVisible(rest > 0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import a tariff"))
        self.intro.setText(_(
            "Import an insurer's premium tariff: Propono's CSV for complementary (LCA) or "
            "basic insurance (LAMal), or the federal Prämien_CH.csv. The whole file is "
            "checked first; a file with any problem imports nothing."))
        set_label(self.file_label, _("Tariff &file:"))
        self.path.setPlaceholderText(_("a CSV file"))
        self.choose_button.setText(_("C&hoose…"))
        self.import_button.setText(_("&Import"))
        self.cancel_button.setText(_("&Cancel the import"))
        self.problems.retranslate()
        self._update()
        self.summary.setStyleSheet(ERROR_STYLE if self.state in (REFUSED, FAILED) else "")
        for widget in (self.summary, self.details, self.problems, self.more):
            widget.hide()
        self.status.setVisible(self.state != IDLE)
        if self.state == RUNNING:
            self._show_progress()
        elif self.state == IMPORTED:
            self.summary.show()
            self._show_imported(self.run.outcome)
        elif self.state == REFUSED:
            self.summary.show()
            self._show_problems(self.run.outcome)
        elif self.state == FAILED:
            self.summary.show()
            self.summary.setText(_("The tariff could not be imported: {reason}").format(
                reason=self.run.outcome))
            self.status.setText(_("Check the file and the data folder, then try again."))
        elif self.state == CANCELLED:
            self.summary.show()
            self.summary.setText(_("Import cancelled: nothing was changed."))
            self.status.setText(_("The premiums stay as they were."))
        grow_to_fit(self)  # the outcome's lines may need more room than the dialog has
