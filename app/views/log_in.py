"""Logging in: the agent's password at start (the lock screen reuses the prompt).

The rules (8+ characters, 5 wrong attempts, growing delay) belong to the store's agent
service; the prompt only shows its answer and keeps the button off while it refuses.
The answer appears under the field of a dialog already on screen: the dialog grows to
make room for it (issue 15, item 18: it squashed the field and cut "Log in").
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.application.ports import AgentAuth
from app.views.forms import ErrorLabel, grow_to_fit, wrapping_label


class PasswordPrompt(QWidget):
    """Password field, submit button and the service's answer beside the field."""

    accepted = Signal()
    message_changed = Signal()  # the answer under the field appeared, changed or went

    def __init__(self, auth: AgentAuth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self.tick_ms = 1000
        self._wait_left = 0
        self._attempts_left: int | None = None
        self._failed = False
        self.label = QLabel(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("password")
        self.label.setBuddy(self.password)
        self.message = ErrorLabel(self)
        self.submit_button = QPushButton(self)
        # Return in the field submits (returnPressed); the button must not submit again.
        self.submit_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(self.submit_button)
        self._countdown = QTimer(self)
        self._countdown.timeout.connect(self._tick)
        self.password.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)
        self.submit_label = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(_("&Password"))
        self.submit_button.setText(self.submit_label or _("Log in"))
        self._show_state()

    def set_submit_label(self, text: str) -> None:
        self.submit_label = text
        self.submit_button.setText(text)

    def submit(self) -> None:
        if self._wait_left > 0:
            return
        attempt = self._auth.log_in(self.password.text())
        self.password.clear()
        if attempt.ok:
            self._failed = False
            self._attempts_left = None
            self.message.show_message(None)
            self.accepted.emit()
            return
        self._failed = True
        self._attempts_left = attempt.attempts_left
        self._wait_left = max(0, attempt.retry_in_seconds)
        if self._wait_left:
            self._countdown.start(self.tick_ms)
        self._show_state()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_left = 0
            self._countdown.stop()
            self.password.setFocus()
        self._show_state()

    @property
    def waiting(self) -> bool:
        return self._wait_left > 0

    def _show_state(self) -> None:
        waiting = self._wait_left > 0
        self.password.setEnabled(not waiting)
        self.submit_button.setEnabled(not waiting)
        if waiting:
            self.message.show_message(ngettext(
                "Too many wrong attempts. Try again in %d second.",
                "Too many wrong attempts. Try again in %d seconds.",
                self._wait_left) % self._wait_left)
        elif self._failed:
            text = _("Wrong password.")
            if self._attempts_left is not None:
                text += " " + ngettext("%d attempt left before a waiting delay.",
                                       "%d attempts left before a waiting delay.",
                                       self._attempts_left) % self._attempts_left
            self.message.show_message(text)
        else:
            self.message.show_message(None)
        self.message_changed.emit()

    def reset(self) -> None:
        self.password.clear()
        if not self.waiting:
            self._failed = False
            self._show_state()


class LoginDialog(QDialog):
    """Shown before the main window; accepted once the service accepts the password."""

    def __init__(self, auth: AgentAuth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self.intro = wrapping_label(self)
        self.prompt = PasswordPrompt(auth, self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.prompt.accepted.connect(self.accept)
        self.prompt.message_changed.connect(lambda: grow_to_fit(self))
        # wide enough for the welcome in two or three lines and the answer in one or two
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.prompt)
        layout.addWidget(self.buttons)
        self.prompt.password.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Log in to Propono"))
        self.intro.setText(_("Welcome, %s. Enter your password to open your clients' files.")
                           % self._auth.agent_name())
