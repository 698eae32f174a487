"""Changing the agent's password (seed 000 art. 4: a password others may have seen must be
changed at once).

The rules are the store's (`agents.change_password`: the current password checked with the
login's throttling, 8+ characters, the data key re-wrapped so no record is re-encrypted);
the dialog adds only the confirmation typed twice. Too many wrong current passwords lock
the session, as at login.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import AgentAuth, PasswordChangeError
from app.views.forms import Field, form_layout, grow_to_fit, set_label, wrapping_label

FIELDS = ("current", "new", "confirmation")


class ChangePasswordDialog(QDialog):
    """Accepted once the store holds the new password; `locked_out` if it locked instead."""

    def __init__(self, auth: AgentAuth, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self._auth = auth
        self.locked_out = False
        self.intro = wrapping_label(self)
        self.edits = {key: QLineEdit(self) for key in FIELDS}
        for key, edit in self.edits.items():
            edit.setObjectName(f"{key}Password")
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = {key: Field(edit, self) for key, edit in self.edits.items()}
        self.captions = {key: QLabel(self) for key in FIELDS}
        form = form_layout()
        for key in FIELDS:
            self.captions[key].setBuddy(self.edits[key])
            form.addRow(self.captions[key], self.fields[key])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change the password"))
        self.intro.setText(_("Change the password at once if someone else may have seen it. "
                             "The new one needs at least 8 characters; do not use it "
                             "anywhere else."))
        set_label(self.captions["current"], _("C&urrent password"))
        set_label(self.captions["new"], _("&New password"))
        set_label(self.captions["confirmation"], _("&Repeat the new password"))

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, field in self.fields.items():
            field.set_error(problems.get(key))
        grow_to_fit(self)
        for key in FIELDS:
            if key in problems:
                self.edits[key].setFocus()
                self.edits[key].selectAll()
                break

    def change(self) -> bool:
        current, new = self.edits["current"].text(), self.edits["new"].text()
        if new != self.edits["confirmation"].text():
            self.show_problems({"confirmation": _("The two passwords are not the same.")})
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # two key derivations
        try:
            self._auth.change_password(current, new)
        except PasswordChangeError as error:
            self.show_problems(error.problems)
            if error.locked_out:
                self.locked_out = True
                self.reject()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        for edit in self.edits.values():
            edit.clear()
        self.accept()
        return True
