"""A batch of offer PDFs, one per proposal, into a folder (issue 6: long work off the
interface thread, with a progress bar and a cancel button).

Each offer is in its client's language and written whole (temporary file renamed into
place), so a cancel or a crash leaves only complete files. A proposal that cannot be
priced is skipped with its reason; the others are still written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.application.ports import Documents, ProposalRow, Proposals, SaveError
from app.views.forms import ErrorLabel, wrapping_label
from app.views.save_file import safe_file_name, write_file
from app.views.tasks import Progress, Task, TaskRunner
from app.views.wizard.sign_proposal import client_language


@dataclass
class ExportReport:
    """Filled as the batch goes, so a cancelled batch still tells what it wrote."""

    total: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (client, reason)


def offer_file_name(row: ProposalRow) -> str:
    """The client's name and the proposal's reference (as printed on the offer)."""
    reference = row.proposal_id[:8].upper()
    return safe_file_name(_("Offer %(client)s %(reference)s") % {
        "client": row.client, "reference": reference}) + ".pdf"


def export_offers(proposals: Proposals, documents: Documents, rows: Sequence[ProposalRow],
                  folder: Path, progress: Callable[[int, int, str], None],
                  report: ExportReport) -> ExportReport:
    """Runs on a worker thread: reads the store and renders, never touches a widget.
    An OSError (disk full, folder gone) stops the batch: the next files would fail too."""
    report.total = len(rows)
    for done, row in enumerate(rows):
        progress(done, len(rows), row.client)  # raises TaskCancelled after a cancel
        try:
            draft = proposals.load_draft(row.proposal_id)
            pdf = documents.offer_pdf(draft, client_language(draft))
        except (ValueError, LookupError, SaveError) as error:
            report.skipped.append((row.client, str(error) or type(error).__name__))
            continue
        path = folder / offer_file_name(row)
        write_file(path, pdf)
        report.written.append(path)
    progress(len(rows), len(rows), "")
    return report


class ExportOffersDialog(QDialog):
    """Shows the batch's progress; Cancel stops it after the offer being written."""

    finished_export = Signal(object)  # the ExportReport

    def __init__(self, proposals: Proposals, documents: Documents,
                 rows: Sequence[ProposalRow], folder: Path, runner: TaskRunner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportOffersDialog")
        self.setWindowTitle(_("Export offers"))
        self.setMinimumWidth(520)
        self._proposals, self._documents = proposals, documents
        self.rows = [row for row in rows if row.proposal_id]
        self.folder = folder
        self.report = ExportReport()
        self._runner = runner or TaskRunner(parent=self)
        self._task: Task | None = None
        self.intro = wrapping_label(self)
        n = len(self.rows)
        self.intro.setText(ngettext("The offer of %(n)d proposal, each in its client's "
                                    "language, into %(folder)s",
                                    "The offers of %(n)d proposals, each in its client's "
                                    "language, into %(folder)s", n)
                           % {"n": n, "folder": folder})
        self.bar = QProgressBar(self)
        self.bar.setRange(0, max(n, 1))
        self.bar.setValue(0)
        self.current = QLabel(self)
        self.current.setObjectName("currentClient")
        self.result_label = wrapping_label(self)
        self.result_label.setObjectName("exportResult")
        self.skipped = QPlainTextEdit(self)
        self.skipped.setObjectName("skippedOffers")
        self.skipped.setReadOnly(True)
        self.skipped.hide()
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("cancelExport")
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setObjectName("closeExport")
        self.close_button.hide()
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        layout.addWidget(self.result_label)
        layout.addWidget(self.skipped)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @property
    def running(self) -> bool:
        return self._task is not None and self._task.running

    def start(self) -> None:
        proposals, documents, rows = self._proposals, self._documents, list(self.rows)
        folder, report = self.folder, self.report

        def work(progress: Progress) -> ExportReport:
            return export_offers(proposals, documents, rows, folder, progress, report)

        self._task = self._runner.run(work, on_success=self._done,
                                      on_failure=self._failed, on_progress=self._progressed)
        self._task.cancelled.connect(self._cancelled)

    def cancel(self) -> None:
        if self.running and self._task is not None:
            self.cancel_button.setEnabled(False)
            self.current.setText(_("Stopping after the offer being written…"))
            self._task.cancel()

    def _progressed(self, done: int, total: int, client: str) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        if client:
            self.current.setText(_("Offer %(done)d of %(total)d: %(client)s") % {
                "done": done + 1, "total": total, "client": client})

    def _written(self) -> str:
        n = len(self.report.written)
        return ngettext("%d offer written.", "%d offers written.", n) % n

    def _finish(self, text: str) -> None:
        self.current.clear()
        self.result_label.setText(text)
        if self.report.skipped:
            self.skipped.setPlainText("\n".join(f"{client}: {reason}"
                                                for client, reason in self.report.skipped))
            self.skipped.show()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished_export.emit(self.report)

    def _done(self, _report: object) -> None:
        self.bar.setValue(self.bar.maximum())
        skipped = len(self.report.skipped)
        text = self._written()
        if skipped:
            text += " " + ngettext("%d proposal could not be priced:",
                                   "%d proposals could not be priced:", skipped) % skipped
        self._finish(text)

    def _cancelled(self) -> None:
        self._finish(_("Cancelled.") + " " + self._written() + " " +
                     _("Each file written is complete; no other file was changed."))

    def _failed(self, error: BaseException) -> None:
        self.error.show_message(_("The export stopped: %s") % error)
        self._finish(self._written())

    def reject(self) -> None:  # Escape or the window's close button
        if self.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.running:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
