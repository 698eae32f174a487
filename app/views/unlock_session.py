"""The lock screen shown after inactivity: the data disappears until the password is given."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import AgentAuth
from app.views.forms import wrapping_label
from app.views.log_in import PasswordPrompt


class LockScreen(QWidget):
    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, auth: AgentAuth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = wrapping_label(self)
        self.prompt = PasswordPrompt(auth, self)
        self.quit_button = QPushButton(self)
        self.quit_button.clicked.connect(self.quit_requested)
        self.prompt.accepted.connect(self.unlocked)

        box = QWidget(self)
        box.setMaximumWidth(560)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.explanation)
        inner.addSpacing(12)
        inner.addWidget(self.prompt)
        inner.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()  # centred by stretches, so the wrapped text gets its height
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Session locked"))
        self.explanation.setText(_(
            "Propono locked itself after a period of inactivity to protect your clients' "
            "data. Enter the password of %s to continue where you were.")
            % self._auth.agent_name())
        self.prompt.set_submit_label(_("Unlock"))
        self.quit_button.setText(_("Quit Propono"))

    def activate(self) -> None:
        self.prompt.reset()
        self.prompt.password.setFocus()
