"""Step 8, print: the signed proposal, to print for the client or to save as a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import ErrorLabel, wrapping_label
from app.views.pdf_preview import PdfPreview
from app.views.printing import print_document
from app.views.save_file import save_pdf_as
from app.views.wizard.page import WizardPage


class PrintPage(WizardPage):
    step = "print"
    title = N_("Print")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.printer: QPrinter | None = None  # tests give one that writes a file
        self.intro = wrapping_label(self)
        self.preview = PdfPreview(self)
        self.preview.setMinimumHeight(420)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveAsButton")
        self.message = wrapping_label(self)
        self.error = ErrorLabel(self)
        for widget in (self.print_button, self.save_button, self.preview):
            widget.setProperty("keepEnabled", True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        self.print_button.clicked.connect(self.print_proposal)
        self.save_button.clicked.connect(self.save_as)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Print the signed proposal for the client, or save it as a PDF "
                             "file. The client keeps a copy."))
        self.print_button.setText(_("P&rint…"))
        self.save_button.setText(_("Save as P&DF…"))
        if not self.draft.signed_pdf and not self.draft.document_problem:
            self.message.setText(_("Sign the proposal first."))

    def show_draft(self, draft: ProposalDraft) -> None:
        has_pdf = bool(draft.signed_pdf) and self.preview.set_pdf(draft.signed_pdf)
        if not has_pdf:
            self.preview.clear()
        self.print_button.setEnabled(has_pdf)
        self.save_button.setEnabled(has_pdf)
        self.message.setText(_("Document fingerprint (SHA-256): %s") % draft.document_sha256
                             if has_pdf else "" if draft.document_problem
                             else _("Sign the proposal first."))
        # a reopened proposal whose stored file is missing or no longer matches its hash
        self.error.show_message(None if has_pdf else draft.document_problem or None)

    def print_proposal(self) -> int:
        pages = print_document(self.preview.document, self, printer=self.printer,
                               pdf=self.draft.signed_pdf or None)
        if pages:
            self.message.setText(_("Sent to the printer."))
        return pages

    def save_as(self) -> Path | None:
        holder = self.draft.policyholder
        name = holder.full_name if holder else ""
        suggested = _("Proposal %s.pdf") % name if name else _("Proposal.pdf")
        path = save_pdf_as(self, _("Save the proposal"), suggested, self.draft.signed_pdf,
                           self.error)
        if path is None:
            return None
        self.message.setText(_("Saved as %s.") % path)
        return path
