"""The health questionnaire of one person: a tab of the questionnaire step.

"No to all remaining questions" answers "No" to the yes/no questions not answered yet, once
the agent confirms that the client heard each of them (issue 15, item 13: about 35 clicks
for a healthy family of four); an answer already given, and its cases, stay as they are,
and the step's checks are the same as for answers clicked one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.i18n import _, ngettext
from app.services.application.ports import Question
from app.views.forms import wrapping_label
from app.views.wizard.question_widget import QuestionWidget


class QuestionnaireForm(QWidget):
    """All the questions of one person."""

    def __init__(self, questions: Sequence[Question], note: str, on_change: Callable[[], None],
                 parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.name = name
        self._on_change = on_change
        self.note = wrapping_label(self)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.no_to_all_button = QPushButton(_("No to all remaining questions…"), self)
        self.no_to_all_button.setObjectName("noToAll")
        self.no_to_all_button.setToolTip(_(
            "Answers “No” to the questions not answered yet, after you confirm that the "
            "client heard each of them; the answers already given are kept."))
        self.no_to_all_button.clicked.connect(self.confirm_no_to_all)
        self.questions = [QuestionWidget(q, self._changed, self) for q in questions]
        head = QHBoxLayout()
        head.addWidget(self.note, 1)
        head.addStretch(0)
        head.addWidget(self.no_to_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        if not self.questions:
            empty = wrapping_label(self)
            empty.setText(_("No health questions are needed for this person's products."))
            layout.addWidget(empty)
        for widget in self.questions:
            layout.addWidget(widget)
        layout.addStretch(1)
        self._enable()

    def _changed(self) -> None:
        self._enable()
        self._on_change()

    def unanswered(self) -> list[QuestionWidget]:
        """The yes/no questions without an answer yet."""
        return [w for w in self.questions
                if w.question.kind == "yes_no" and w.input.value() is None]

    def _enable(self) -> None:
        self.no_to_all_button.setVisible(bool(self.questions))
        self.no_to_all_button.setEnabled(bool(self.unanswered()))

    def confirm_no_to_all(self) -> None:
        """Ask the agent, then answer "No" to the questions not answered yet."""
        remaining = self.unanswered()
        if not remaining:
            return
        count = len(remaining)
        box = QMessageBox(QMessageBox.Icon.Question, _("No to all remaining questions"),
                          ngettext(
                              "Answer “No” for %(name)s to the question not answered yet? "
                              "Do so only if the client heard it and answers no. The answers "
                              "already given are kept.",
                              "Answer “No” for %(name)s to the %(count)d questions not "
                              "answered yet? Do so only if the client heard each of them and "
                              "answers no. The answers already given are kept.", count)
                          % {"name": self.name or _("this person"), "count": count},
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(_("Answer “No”"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.answer_remaining(False)

    def answer_remaining(self, value: bool) -> int:
        """Answer the yes/no questions not answered yet; the others keep their answer."""
        remaining = self.unanswered()
        for widget in remaining:
            widget.answer(value)
        return len(remaining)

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
        self._enable()

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
