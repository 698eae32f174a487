"""Step 7, signatures: the client reads the exact proposal PDF, then everyone signs.

The PDF is generated off the interface thread from a copy of the draft. Once every
required signer has signed, the signed PDF (the same content plus the signatures) is
generated, stored with its SHA-256 by the proposal service, and the draft is frozen.
"""

from __future__ import annotations

import copy
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft, SignatureDraft
from app.services.application.ports import DeclarationText, Signer
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, wrapping_label
from app.views.labels import SIGNER_ROLES, label
from app.views.pdf_preview import PdfPreview
from app.views.signature_pad import SignaturePad
from app.views.tasks import Progress, TaskRunner
from app.views.wizard.page import WizardPage


def client_language(draft: ProposalDraft) -> str:
    holder = draft.policyholder
    return holder.language if holder and holder.language else "fr"


class SignaturesPage(WizardPage):
    step = "signatures"
    title = N_("Signatures")

    preview_ready = Signal()
    signed = Signal(str)  # the SHA-256 of the signed document

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.runner = TaskRunner()
        self.signers: list[Signer] = []
        self.pads: dict[str, SignaturePad] = {}
        self.intro = wrapping_label(self)
        self.preview = PdfPreview(self)
        self.preview.setMinimumHeight(420)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.preview_error = ErrorLabel(self)
        self.read_box = QCheckBox(self)
        self.read_box.setObjectName("clientHasRead")
        self.place_label = QLabel(self)
        self.place = QLineEdit(self)
        self.place.setObjectName("signingPlace")
        self.place_label.setBuddy(self.place)
        self.place_field = Field(self.place, self)
        self.declarations_box = QGroupBox(self)
        self.declarations_layout = QVBoxLayout(self.declarations_box)
        self.declaration_boxes: dict[tuple[str, str], QCheckBox] = {}
        self.declaration_texts: list[DeclarationText] = []
        self.pads_box = QGroupBox(self)
        self.pads_layout = QVBoxLayout(self.pads_box)
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
        layout.addWidget(self.progress)
        layout.addWidget(self.preview_error)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.read_box)
        layout.addLayout(place_row)
        layout.addWidget(self.declarations_box)
        layout.addWidget(self.pads_box)
        layout.addWidget(self.page_error)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.done)
        self.read_box.toggled.connect(self._read_toggled)
        self.place.textEdited.connect(lambda _t: self.emit_changed())
        self.sign_button.clicked.connect(self.sign)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Let the client read the proposal below: it is exactly the "
                             "document that will be signed. Then each person named signs in "
                             "their box, with the mouse, a pen or a finger."))
        self.read_box.setText(_("The client has &read the proposal"))
        self.place_label.setText(_("Place of si&gning"))
        self.pads_box.setTitle(_("Signatures"))
        self.declarations_box.setTitle(_("Declarations"))
        self.sign_button.setText(_("S&ign the proposal"))
        for signer in self.signers:
            pad = self.pads.get(self._pad_key(signer))
            if pad is not None:
                pad.caption.setText(self._caption(signer))
        self._show_done()

    @staticmethod
    def _pad_key(signer: Signer) -> str:
        return f"{signer.key}:{signer.role}:{signer.for_person}"

    def _caption(self, signer: Signer) -> str:
        role = label(SIGNER_ROLES, signer.role)
        if signer.for_person:
            try:
                child = self.draft.person(signer.for_person).full_name
            except LookupError:
                child = ""
            return _("%(name)s, %(role)s for %(child)s") % {"name": signer.name, "role": role,
                                                            "child": child}
        return f"{signer.name}, {role}"

    # --- preview ------------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        self.place.setText(draft.signing_place)
        signed = bool(draft.document_sha256) or not draft.editable
        self.signers = list(self.context.proposals.required_signers(draft))
        for pad in self.pads.values():
            pad.deleteLater()
        self.pads = {}
        for signer in self.signers:
            pad = SignaturePad(self.pads_box)
            pad.setObjectName(f"pad-{signer.key}-{signer.role}")
            pad.caption.setText(self._caption(signer))
            self.pads[self._pad_key(signer)] = pad
            self.pads_layout.addWidget(pad)
        self._build_declarations(draft)
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

    def _declaring(self) -> list[tuple[str, str]]:
        """(person key, name) of those who declare for themselves: the adults who sign."""
        found: dict[str, str] = {}
        for signer in self.signers:
            if signer.role in ("policyholder", "insured_person"):
                found.setdefault(signer.key, signer.name)
        return list(found.items())

    def _build_declarations(self, draft: ProposalDraft) -> None:
        while self.declarations_layout.count():
            item = self.declarations_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.declaration_boxes = {}
        self.declaration_texts = list(self.context.documents.declarations())
        people = self._declaring()
        for declaration in self.declaration_texts:
            text = wrapping_label(self.declarations_box)
            text.setText(declaration.text + ("" if declaration.required
                                             else " " + _("(optional)")))
            self.declarations_layout.addWidget(text)
            row = QWidget(self.declarations_box)
            boxes = QHBoxLayout(row)
            boxes.setContentsMargins(12, 0, 0, 6)
            for key, name in people:
                box = QCheckBox(name, row)
                box.setObjectName(f"declaration-{declaration.key}-{key}")
                box.setChecked(draft.declarations.get(declaration.key, {}).get(key, False))
                box.toggled.connect(self._declarations_changed)
                boxes.addWidget(box)
                self.declaration_boxes[(declaration.key, key)] = box
            boxes.addStretch(1)
            self.declarations_layout.addWidget(row)

    def _declarations_changed(self) -> None:
        self.draft.declarations = {}
        for (key, person), box in self.declaration_boxes.items():
            self.draft.declarations.setdefault(key, {})[person] = box.isChecked()
        self._refresh_preview.start()
        self.emit_changed()

    def tick_all_declarations(self) -> None:
        """Every declaration given, as when each person ticks every box."""
        for box in self.declaration_boxes.values():
            box.setChecked(True)

    def generate_preview(self) -> None:
        frozen = copy.deepcopy(self.draft)  # the worker never sees the live draft
        frozen.signatures = []
        language = client_language(frozen)
        documents = self.context.documents
        self.preview_error.show_message(None)
        self.progress.show()

        def work(progress: Progress) -> bytes:
            return documents.proposal_pdf(frozen, language)

        self.runner.run(work, on_success=self._preview_done, on_failure=self._preview_failed)

    def _preview_done(self, pdf: object) -> None:
        self.progress.hide()
        if isinstance(pdf, bytes) and self.preview.set_pdf(pdf):
            self.preview_ready.emit()
        else:
            self.preview_error.show_message(_("The proposal could not be shown."))

    def _preview_failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.preview_error.show_message(_("The proposal could not be generated: %s") % error)

    def _read_toggled(self, checked: bool) -> None:
        for pad in self.pads.values():
            pad.setEnabled(checked)

    # --- signing ------------------------------------------------------------------

    def pad_for(self, key: str, role: str) -> SignaturePad:
        for signer in self.signers:
            if signer.key == key and signer.role == role:
                return self.pads[self._pad_key(signer)]
        raise LookupError(f"{key} {role}")

    def _problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.read_box.isChecked():
            problems["read"] = _("The client must first read the proposal.")
        if not self.place.text().strip():
            problems["place"] = _("Enter the place of signing.")
        names = dict(self._declaring())
        for declaration in self.declaration_texts:
            if not declaration.required:
                continue
            for person, name in names.items():
                box = self.declaration_boxes.get((declaration.key, person))
                if box is not None and not box.isChecked():
                    problems.setdefault(f"declaration-{person}", _(
                        "%s has not yet given every declaration required.") % name)
        for signer in self.signers:
            if self.pads[self._pad_key(signer)].is_empty:
                problems[self._pad_key(signer)] = _("Signature missing: %s") % \
                    self._caption(signer)
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
                           png=self.pads[self._pad_key(s)].to_png(), signed_at=now,
                           for_person=s.for_person, name=s.name)
            for s in self.signers
        ]
        frozen = copy.deepcopy(self.draft)
        language = client_language(frozen)
        documents = self.context.documents
        self.sign_button.setEnabled(False)
        self.progress.show()

        def work(progress: Progress) -> bytes:
            return documents.proposal_pdf(frozen, language)

        self.runner.run(work, on_success=self._signed_pdf_ready,
                        on_failure=self._sign_failed)

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
