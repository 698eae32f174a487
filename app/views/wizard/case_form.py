"""One case of a "yes" in the health questionnaire: the question's follow-up fields
(diagnosis, body part, dates, treatment...), some shown only for some answers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import Question
from app.views.forms import ErrorLabel, form_layout, set_label
from app.views.wizard.answer_input import AnswerInput


class CaseForm(QFrame):
    """One case of a "yes": the follow-up fields, each with its message below it."""

    def __init__(self, question: Question, number: int, on_change: Callable[[], None],
                 on_remove: Callable[[CaseForm], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question = question
        self.number = number
        self.inputs: dict[str, AnswerInput] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.boxes: dict[str, QWidget] = {}
        self.title = QLabel(self)
        self.remove = QPushButton(self)
        self.remove.clicked.connect(lambda: on_remove(self))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.remove)
        self.form: QFormLayout = form_layout()
        for field in question.case_fields:
            box = QWidget(self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            answer = AnswerInput(field, self._changed, box)
            answer.setObjectName(f"{question.id}.{number}.{field.id}")
            error = ErrorLabel(box)
            inner.addWidget(answer)
            inner.addWidget(error)
            caption = QLabel(self)  # a wrapped label in a form row gets clipped
            caption.setBuddy(answer.focus_target())
            set_label(caption, field.text + ("" if field.required else " " + _("(optional)")))
            self.form.addRow(caption, box)
            self.inputs[field.id], self.errors[field.id] = answer, error
            self.captions[field.id], self.boxes[field.id] = caption, box
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(self.form)
        self._on_change = on_change
        self.retranslate()
        self._show_conditional()

    def retranslate(self) -> None:
        self.title.setText(_("Case %d") % self.number)
        self.remove.setText(_("Remove this case"))

    def _changed(self) -> None:
        self._show_conditional()
        self._on_change()

    def _show_conditional(self) -> None:
        values = {fid: answer.value() for fid, answer in self.inputs.items()}
        for field in self.question.case_fields:
            if field.visible_if is None:
                continue
            other, wanted = field.visible_if
            current = values.get(other)
            shown = ("yes" if current is True else "no" if current is False else current) \
                in wanted
            self.boxes[field.id].setVisible(shown)
            self.captions[field.id].setVisible(shown)

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for fid, answer in self.inputs.items():
            value = answer.value()
            if value is not None and self.boxes[fid].isVisibleTo(self):
                found[fid] = value
        return found

    def fill(self, values: dict[str, object]) -> None:
        for fid, answer in self.inputs.items():
            answer.set_value(values.get(fid))
        self._show_conditional()
