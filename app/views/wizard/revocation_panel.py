"""The follow-up step's "Revocation" box: until when the client may revoke (LCA art. 2a),
or why no longer, and the button that records it."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import FollowUp
from app.services.formatting import format_date
from app.views.forms import wrapping_label


class RevocationPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revocation_text = wrapping_label(self)
        self.revocation_text.setObjectName("revocationText")
        self.revoke_button = QPushButton(self)
        self.revoke_button.setObjectName("revokeButton")
        revoke_row = QHBoxLayout()
        revoke_row.addWidget(self.revoke_button)
        revoke_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.revocation_text)
        layout.addLayout(revoke_row)

    def retranslate(self) -> None:
        self.setTitle(_("Revocation"))
        self.revoke_button.setText(_("Record the revocat&ion…"))

    def show_summary(self, summary: FollowUp) -> None:
        self.revoke_button.setEnabled(summary.revocation_recordable)
        if summary.revocation_open and summary.revocation_until:
            self.revocation_text.setText(_(
                "The client may revoke the proposal in writing (a letter, an e-mail) sent by "
                "%s at the latest (LCA art. 2a). Record the revocation once it has arrived.")
                % format_date(summary.revocation_until))
        elif summary.revocation_recordable and summary.revocation_until:
            self.revocation_text.setText(summary.revocation_reason + " " + _(
                "A revocation sent by %s at the latest that arrives only now can still be "
                "recorded.") % format_date(summary.revocation_until))
        else:
            self.revocation_text.setText(summary.revocation_reason)
