"""Recording what the client did on a given day (consented, refused, revoked): the
consequence spelled out, the date, and a deliberate click.

The dialog is the confirmation: Cancel is the default button, so Enter never records an
act that cannot be undone. The date goes to `submit`, which asks the services and returns
their refusal as a sentence (the dialog stays open and shows it) or None (done).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.formatting import format_date
from app.views.forms import ErrorLabel, name_from_label, wrapping_label
from app.views.validators import parse_date

Submit = Callable[[date], str | None]


class RecordDateDialog(QDialog):
    def __init__(self, title: str, explanation: str, date_label: str, confirm: str,
                 day: date, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_date")
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._submit = submit
        self.explanation = wrapping_label(self)
        self.explanation.setText(explanation)
        self.date_label = QLabel(date_label, self)
        self.date = QLineEdit(format_date(day), self)
        self.date.setObjectName("answerDate")
        self.date.setPlaceholderText(_("dd.mm.yyyy"))
        self.date.setMaxLength(10)
        self.date_label.setBuddy(self.date)
        name_from_label(self.date_label)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.confirm = self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("confirmButton")
        self.confirm.setAutoDefault(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        self.cancel = cancel
        self.cancel.setDefault(True)
        self.confirm.clicked.connect(self.record)
        self.cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.date_label)
        row.addWidget(self.date, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.date.setFocus()
        self.date.selectAll()

    def record(self) -> bool:
        day = parse_date(self.date.text())
        if day is None:
            self.error.show_message(_("Enter a date as dd.mm.yyyy."))
            self.date.setFocus()
            return False
        problem = self._submit(day)
        if problem:
            self.error.show_message(problem)
            return False
        self.accept()
        return True
