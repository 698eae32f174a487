"""The health questionnaire of one person: a tab of the questionnaire step."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import Question
from app.views.forms import wrapping_label
from app.views.wizard.question_widget import QuestionWidget


class QuestionnaireForm(QWidget):
    """All the questions of one person."""

    def __init__(self, questions: Sequence[Question], note: str, on_change: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = wrapping_label(self)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.questions = [QuestionWidget(q, on_change, self) for q in questions]
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        if not self.questions:
            empty = wrapping_label(self)
            empty.setText(_("No health questions are needed for this person's products."))
            layout.addWidget(empty)
        for widget in self.questions:
            layout.addWidget(widget)
        layout.addStretch(1)

    def widget(self, question_id: str) -> QuestionWidget:
        for widget in self.questions:
            if widget.question.id == question_id:
                return widget
        raise LookupError(question_id)

    def answers(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for widget in self.questions:
            answer = widget.collect()
            if answer is not None:
                found[widget.question.id] = answer
        return found

    def fill(self, answers: dict[str, object]) -> None:
        for widget in self.questions:
            widget.fill(answers.get(widget.question.id))

    def answer_all(self, value: bool) -> None:
        """Answer every yes/no question the same way (for "no" to everything)."""
        for widget in self.questions:
            if widget.question.kind == "yes_no":
                widget.answer(value)

    def show_problems(self, problems: dict[str, str]) -> None:
        first: QWidget | None = None
        for widget in self.questions:
            found = widget.show_problems(problems)
            first = first or found
        if first is not None:
            first.setFocus()
