"""The signatures step's document: the proposal PDF the client reads, then the signed one.

Each PDF is made off the interface thread from a copy of the draft, so the worker never
sees the live draft the agent may still edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import ErrorLabel
from app.views.pdf_preview import PdfPreview
from app.views.tasks import Progress, TaskRunner


def client_language(draft: ProposalDraft) -> str:
    holder = draft.policyholder
    return holder.language if holder and holder.language else "fr"


class ProposalPreview(QWidget):
    ready = Signal()  # the unsigned proposal is on screen

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner()
        self.preview = PdfPreview(self)
        self.preview.setMinimumHeight(420)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.preview_error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # laid out as if directly on the page
        layout.addWidget(self.progress)
        layout.addWidget(self.preview_error)
        layout.addWidget(self.preview, 1)

    def make_pdf(self, draft: ProposalDraft, on_success: Callable[[object], None],
                 on_failure: Callable[[BaseException], None], signed: bool = True) -> None:
        """The proposal of `draft` as it is now, in the client's language."""
        frozen = copy.deepcopy(draft)
        if not signed:
            frozen.signatures = []
        language = client_language(frozen)
        documents = self.context.documents
        self.progress.show()

        def work(progress: Progress) -> bytes:
            return documents.proposal_pdf(frozen, language)

        self.runner.run(work, on_success=on_success, on_failure=on_failure)

    def show_unsigned(self, draft: ProposalDraft) -> None:
        self.preview_error.show_message(None)
        self.make_pdf(draft, self._shown, self._failed, signed=False)

    def _shown(self, pdf: object) -> None:
        self.progress.hide()
        if isinstance(pdf, bytes) and self.preview.set_pdf(pdf):
            self.ready.emit()
        else:
            self.preview_error.show_message(_("The proposal could not be shown."))

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.preview_error.show_message(_("The proposal could not be generated: %s") % error)
