"""The declaration of consent to the insurer's reservations (CGC art. 8 al. 2), for the
client to sign: shown, printed or saved as a PDF, in the client's language.

The insurer's decision arrives without the time limit for the client's answer; when it is
not known yet, the agent enters it first (the declaration names it). The PDF is made off
the interface thread.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import FollowUp, FollowUpError, FollowUps
from app.views.forms import ErrorLabel, name_from_label, wrapping_label
from app.views.pdf_preview import PdfPreview
from app.views.printing import print_document
from app.views.save_file import save_pdf_as
from app.views.tasks import Progress, TaskRunner
from app.views.validators import parse_date
from app.views.wizard.sign_proposal import client_language


class ConsentDeclarationDialog(QDialog):
    changed = Signal(object)  # the FollowUp after the answer deadline was recorded
    ready = Signal()  # the declaration is shown

    def __init__(self, follow_ups: FollowUps, draft: ProposalDraft, needs_deadline: bool,
                 parent: QWidget | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consent_declaration")
        self.setWindowTitle(_("Declaration of consent to a reservation"))
        self.resize(820, 900)
        self.follow_ups = follow_ups
        self.draft = draft
        self.runner = runner or TaskRunner()
        self.printer: QPrinter | None = None  # tests give one that writes a file
        self.pdf = b""
        self._closed = False
        self.intro = wrapping_label(self)
        self.intro.setText(_(
            "The insured person (for a child, the legal representative) signs this "
            "declaration and returns it to the insurer by the answer deadline. Without it, the "
            "insurer may take it that the client does not want the cover concerned (CGC art. "
            "8 al. 2)."))
        self.deadline_label = QLabel(_("&Answer by (the insurer's deadline)"), self)
        self.deadline = QLineEdit(self)
        self.deadline.setObjectName("answerBy")
        self.deadline.setPlaceholderText(_("dd.mm.yyyy"))
        self.deadline.setMaxLength(10)
        self.deadline_label.setBuddy(self.deadline)
        name_from_label(self.deadline_label)
        self.deadline_button = QPushButton(_("&Show the declaration"), self)
        self.deadline_button.setObjectName("showDeclaration")
        self.deadline_row = QWidget(self)
        row = QHBoxLayout(self.deadline_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.deadline_label)
        row.addWidget(self.deadline, 1)
        row.addWidget(self.deadline_button)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.error = ErrorLabel(self)
        self.preview = PdfPreview(self)
        self.preview.setMinimumHeight(420)
        self.print_button = QPushButton(_("P&rint…"), self)
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton(_("Save as PD&F…"), self)
        self.save_button.setObjectName("saveAsButton")
        self.close_button = QPushButton(_("&Close"), self)
        self.message = wrapping_label(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.deadline_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.deadline_button.clicked.connect(self.set_deadline)
        self.deadline.returnPressed.connect(self.set_deadline)
        self.print_button.clicked.connect(self.print_declaration)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.reject)
        self._enable(False)
        self.deadline_row.setVisible(needs_deadline)
        if needs_deadline:
            self.deadline.setFocus()
        else:
            self.generate()

    def _enable(self, shown: bool) -> None:
        self.print_button.setEnabled(shown)
        self.save_button.setEnabled(shown)

    def set_deadline(self) -> bool:
        day = parse_date(self.deadline.text())
        if day is None:
            self.error.show_message(_("Enter a date as dd.mm.yyyy."))
            return False
        try:
            summary: FollowUp = self.follow_ups.set_answer_by(self.draft.id, day)
        except FollowUpError as error:
            self.error.show_message(str(error))
            return False
        self.deadline_row.hide()
        self.changed.emit(summary)
        self.generate()
        return True

    def generate(self) -> None:
        frozen = copy.deepcopy(self.draft)  # the worker never sees the live draft
        language = client_language(frozen)
        follow_ups = self.follow_ups
        self.error.show_message(None)
        self.progress.show()

        def work(progress: Progress) -> bytes:
            return follow_ups.consent_pdf(frozen, language)

        self.runner.run(work, on_success=self._generated, on_failure=self._failed)

    def done(self, result: int) -> None:
        self._closed = True  # a PDF still being made is dropped when it arrives
        super().done(result)

    def _generated(self, pdf: object) -> None:
        if self._closed:
            return
        self.progress.hide()
        if isinstance(pdf, bytes) and self.preview.set_pdf(pdf):
            self.pdf = pdf
            self._enable(True)
            self.print_button.setFocus()
            self.ready.emit()
        else:
            self.error.show_message(_("The declaration could not be shown."))

    def _failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.progress.hide()
        self.error.show_message(_("The declaration could not be made: %s") % error)

    def print_declaration(self) -> int:
        pages = print_document(self.preview.document, self, printer=self.printer,
                               title=_("Print the declaration of consent"))
        if pages:
            self.message.setText(_("Sent to the printer."))
        return pages

    def save_as(self) -> Path | None:
        holder = self.draft.policyholder
        name = holder.full_name if holder else ""
        suggested = _("Consent %s.pdf") % name if name else _("Consent.pdf")
        path = save_pdf_as(self, _("Save the declaration of consent"), suggested, self.pdf,
                           self.error)
        if path is None:
            return None
        self.message.setText(_("Saved as %s.") % path)
        return path
