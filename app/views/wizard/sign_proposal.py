"""Step 7, signatures: the client reads the exact proposal PDF, then everyone signs.

The PDF is generated off the interface thread from a copy of the draft (proposal_preview).
Once every required signer has signed, the signed PDF (the same content plus the
signatures) is generated, stored with its SHA-256 by the proposal service, and the draft is
frozen. The declarations and the signature pads are boxes of their own
(declarations_panel, signer_pads).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft, SignatureDraft
from app.services.application.ports import DeclarationText, Signer
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, set_label, wrapping_label
from app.views.signature_pad import SignaturePad
from app.views.wizard.declarations_panel import DeclarationsPanel
from app.views.wizard.page import WizardPage
from app.views.wizard.proposal_preview import ProposalPreview, client_language
from app.views.wizard.signer_pads import SignerPads, pad_key

__all__ = ["SignaturesPage", "client_language"]  # other screens import client_language here


class SignaturesPage(WizardPage):
    step = "signatures"
    title = N_("Signatures")

    preview_ready = Signal()
    signed = Signal(str)  # the SHA-256 of the signed document

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.intro = wrapping_label(self)
        self.document = ProposalPreview(context, self)
        # The document's parts, reachable on the page as before (tests, screenshots).
        self.runner, self.preview = self.document.runner, self.document.preview
        self.progress, self.preview_error = self.document.progress, self.document.preview_error
        self.read_box = QCheckBox(self)
        self.read_box.setObjectName("clientHasRead")
        self.place_label = QLabel(self)
        self.place = QLineEdit(self)
        self.place.setObjectName("signingPlace")
        self.place_label.setBuddy(self.place)
        self.place_field = Field(self.place, self)
        self.declarations_box = DeclarationsPanel(self)
        self.pads_box = SignerPads(self)
        self._refresh_preview = QTimer(self)  # what is signed is what was shown
        self._refresh_preview.setSingleShot(True)
        self._refresh_preview.setInterval(400)
        self._refresh_preview.timeout.connect(self.generate_preview)
        self.sign_button = QPushButton(self)
        self.sign_button.setObjectName("signButton")
        self.page_error = ErrorLabel(self)
        self.done = wrapping_label(self)
        self.done.setObjectName("signedNote")
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_label)
        place_row.addWidget(self.place_field, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.document, 1)
        layout.addWidget(self.read_box)
        layout.addLayout(place_row)
        layout.addWidget(self.declarations_box)
        layout.addWidget(self.pads_box)
        layout.addWidget(self.page_error)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.done)
        self.document.ready.connect(self.preview_ready)
        self.read_box.toggled.connect(self._read_toggled)
        self.declarations_box.changed.connect(self._declarations_changed)
        self.pads_box.changed.connect(self._recheck)
        self.place.textEdited.connect(lambda _t: self._recheck())
        self.place.textEdited.connect(lambda _t: self.emit_changed())
        self.sign_button.clicked.connect(self.sign)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Let the client read the proposal below: it is exactly the "
                             "document that will be signed. Then each person named signs in "
                             "their box, with the mouse, a pen or a finger."))
        self.read_box.setText(_("The client has &read the proposal"))
        set_label(self.place_label, _("Place of si&gning"))
        self.pads_box.retranslate()
        self.declarations_box.retranslate()
        self.sign_button.setText(_("S&ign the proposal"))
        self._show_done()

    # The boxes' contents, reachable on the page as before (tests, screenshots).
    _pad_key = staticmethod(pad_key)

    @property
    def signers(self) -> list[Signer]:
        return self.pads_box.signers

    @property
    def pads(self) -> dict[str, SignaturePad]:
        return self.pads_box.pads

    @property
    def declaration_boxes(self) -> dict[tuple[str, str], QCheckBox]:
        return self.declarations_box.declaration_boxes

    @property
    def declaration_texts(self) -> list[DeclarationText]:
        return self.declarations_box.declaration_texts

    # --- preview ------------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        self.place.setText(draft.signing_place)
        signed = bool(draft.document_sha256) or not draft.editable
        self.pads_box.show_signers(self.context.proposals.required_signers(draft), draft)
        self.declarations_box.show_declarations(
            self.context.documents.declarations(client_language(draft)), self.signers,
            draft.declarations)
        self.read_box.setChecked(signed)
        self._read_toggled(signed)
        for widget in (self.read_box, self.place, self.sign_button, self.pads_box,
                       self.declarations_box):
            widget.setEnabled(not signed)
        if signed and draft.signed_pdf:
            self.preview.set_pdf(draft.signed_pdf)
            self.preview_ready.emit()
        else:
            self.generate_preview()
        self._show_done()

    def _declarations_changed(self) -> None:
        self.draft.declarations = self.declarations_box.given()
        self._refresh_preview.start()
        self.emit_changed()
        self._recheck()

    def _recheck(self) -> None:
        """Once the problems are shown, they follow what is fixed (issue 15, item 6)."""
        if self.page_error.text():
            problems = self._problems()
            self.page_error.show_message("\n".join(v for k, v in problems.items()
                                                   if k != "place"))

    def tick_all_declarations(self) -> None:
        """Every declaration given, as when each person ticks every box."""
        self.declarations_box.tick_all()

    def generate_preview(self) -> None:
        self.document.show_unsigned(self.draft)

    def _read_toggled(self, checked: bool) -> None:
        self.pads_box.enable_pads(checked)

    # --- signing ------------------------------------------------------------------

    def pad_for(self, key: str, role: str) -> SignaturePad:
        return self.pads_box.pad_for(key, role)

    def _problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.read_box.isChecked():
            problems["read"] = _("The client must first read the proposal.")
        if not self.place.text().strip():
            problems["place"] = _("Enter the place of signing.")
        problems.update(self.declarations_box.problems())
        problems.update(self.pads_box.problems())
        return problems

    def sign(self) -> None:
        problems = self._problems()
        self.place_field.set_error(problems.get("place"))
        if problems:
            self.page_error.show_message("\n".join(v for k, v in problems.items()
                                                   if k != "place"))
            return
        self.page_error.show_message(None)
        now = datetime.now().astimezone()
        self.draft.signing_place = self.place.text().strip()
        self.draft.signatures = [
            SignatureDraft(signer=s.key, role=s.role,
                           png=self.pads[pad_key(s)].to_png(), signed_at=now,
                           for_person=s.for_person, name=s.name)
            for s in self.signers
        ]
        self.sign_button.setEnabled(False)
        self.document.make_pdf(self.draft, self._signed_pdf_ready, self._sign_failed)

    def _signed_pdf_ready(self, pdf: object) -> None:
        self.progress.hide()
        assert isinstance(pdf, bytes)
        try:
            digest = self.context.proposals.sign(self.draft, pdf)
        except (ValueError, LookupError) as error:
            self._sign_failed(error)
            return
        self.draft.document_sha256 = digest
        self.draft.signed_pdf = pdf
        self.draft.status = "signed"
        self.draft.editable = False
        self.preview.set_pdf(pdf)
        for widget in (self.read_box, self.place, self.sign_button, self.pads_box):
            widget.setEnabled(False)
        self._show_done()
        self.emit_changed()
        self.signed.emit(digest)

    def _sign_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.sign_button.setEnabled(True)
        self.draft.signatures = []
        self.page_error.show_message(_("The proposal could not be signed: %s") % error)

    def _show_done(self) -> None:
        if self.draft.document_sha256:
            self.done.setText(_("Signed. Document fingerprint (SHA-256): %s")
                              % self.draft.document_sha256)
            self.done.show()
        else:
            self.done.hide()

    # --- page contract ------------------------------------------------------------

    def save(self, draft: ProposalDraft) -> None:
        if draft.editable:
            draft.signing_place = self.place.text().strip()

    def clear_errors(self) -> None:
        self.page_error.show_message(None)
        self.place_field.set_error(None)

    def check(self) -> None:
        if self.draft.document_sha256:
            return
        problems = self._problems() or {"sign": _("Sign the proposal to continue.")}
        self.page_error.show_message("\n".join(problems.values()))
        raise PageCheckError(problems)
