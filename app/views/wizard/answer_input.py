"""The input of one answer of the health questionnaire, by kind of question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import Question
from app.views.wizard.answer_values import PLACEHOLDERS, Value, text_of, value_of


class AnswerInput(QWidget):
    """The input of one answer, by kind: yes/no buttons, a list, or a line of text."""

    def __init__(self, question: Question, on_change: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._on_change = on_change
        self.yes: QRadioButton | None = None
        self.no: QRadioButton | None = None
        self.combo: QComboBox | None = None
        self.line: QLineEdit | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if question.kind == "yes_no":
            self.group = QButtonGroup(self)
            self.yes, self.no = QRadioButton(self), QRadioButton(self)
            self.yes.setObjectName(f"{question.id}-yes")
            self.no.setObjectName(f"{question.id}-no")
            for button in (self.yes, self.no):
                self.group.addButton(button)
                layout.addWidget(button)
                button.toggled.connect(lambda checked: checked and self._on_change())
            layout.addStretch(1)
        elif question.kind == "choice":
            self.combo = QComboBox(self)
            self.combo.setObjectName(question.id)
            self.combo.addItem("", "")
            for option in question.choices:
                self.combo.addItem(option.label, option.code)
            self.combo.currentIndexChanged.connect(lambda _i: self._on_change())
            layout.addWidget(self.combo, 1)
        else:
            self.line = QLineEdit(self)
            self.line.setObjectName(question.id)
            placeholder = PLACEHOLDERS.get(question.kind)
            self.line.setPlaceholderText(_(placeholder) if placeholder else "")
            self.line.textEdited.connect(lambda _t: self._on_change())
            layout.addWidget(self.line, 1)
        self.retranslate()

    def retranslate(self) -> None:
        if self.yes is not None and self.no is not None:
            self.yes.setText(_("Yes"))
            self.no.setText(_("No"))

    def focus_target(self) -> QWidget:
        return self.yes or self.combo or self.line or self

    def value(self) -> Value:
        if self.yes is not None and self.no is not None:
            return True if self.yes.isChecked() else False if self.no.isChecked() else None
        if self.combo is not None:
            return str(self.combo.currentData() or "") or None
        assert self.line is not None
        return value_of(self.question.kind, self.line.text())

    def set_value(self, value: object) -> None:
        if self.yes is not None and self.no is not None:
            self.group.setExclusive(False)
            self.yes.setChecked(value is True)
            self.no.setChecked(value is False)
            self.group.setExclusive(True)
        elif self.combo is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(value or "")))
        elif self.line is not None:
            self.line.setText(text_of(self.question.kind, value))

    def answer(self, value: bool) -> None:
        """Click Yes or No, as the agent does."""
        assert self.yes is not None and self.no is not None
        (self.yes if value else self.no).click()
