"""The signatures step's "Signatures" box: one pad per required signer, captioned with the
signer's name and role (and the child a legal representative signs for)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import Signer
from app.views.labels import SIGNER_ROLES, label
from app.views.signature_pad import SignaturePad


def pad_key(signer: Signer) -> str:
    return f"{signer.key}:{signer.role}:{signer.for_person}"


def caption(signer: Signer, draft: ProposalDraft) -> str:
    role = label(SIGNER_ROLES, signer.role)
    if signer.for_person:
        try:
            child = draft.person(signer.for_person).full_name
        except LookupError:
            child = ""
        return _("%(name)s, %(role)s for %(child)s") % {"name": signer.name, "role": role,
                                                        "child": child}
    return f"{signer.name}, {role}"


class SignerPads(QGroupBox):
    changed = Signal()  # a pad was signed or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pads_layout = QVBoxLayout(self)
        self.signers: list[Signer] = []
        self.pads: dict[str, SignaturePad] = {}
        self.draft = ProposalDraft()  # whose persons the captions name

    def retranslate(self) -> None:
        self.setTitle(_("Signatures"))
        for signer in self.signers:
            pad = self.pads.get(pad_key(signer))
            if pad is not None:
                pad.caption.setText(caption(signer, self.draft))

    def show_signers(self, signers: Sequence[Signer], draft: ProposalDraft) -> None:
        self.signers, self.draft = list(signers), draft
        for pad in self.pads.values():
            pad.deleteLater()
        self.pads = {}
        for signer in self.signers:
            pad = SignaturePad(self)
            pad.setObjectName(f"pad-{signer.key}-{signer.role}")
            pad.caption.setText(caption(signer, draft))
            pad.changed.connect(self.changed)
            self.pads[pad_key(signer)] = pad
            self.pads_layout.addWidget(pad)

    def enable_pads(self, enabled: bool) -> None:
        """The pads take ink only once the client has read the proposal."""
        for pad in self.pads.values():
            pad.setEnabled(enabled)

    def pad_for(self, key: str, role: str) -> SignaturePad:
        for signer in self.signers:
            if signer.key == key and signer.role == role:
                return self.pads[pad_key(signer)]
        raise LookupError(f"{key} {role}")

    def problems(self) -> dict[str, str]:
        """A problem per signer whose pad is still empty, keyed by the pad."""
        return {pad_key(signer): _("Signature missing: %s") % caption(signer, self.draft)
                for signer in self.signers if self.pads[pad_key(signer)].is_empty}
