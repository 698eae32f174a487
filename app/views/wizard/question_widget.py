"""One question of the health questionnaire: its answer, its message, and the cases a
"yes" opens (more can be added, each can be removed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import Question
from app.views.forms import ErrorLabel, name_from_label, wrapping_label
from app.views.wizard.answer_input import AnswerInput
from app.views.wizard.case_form import CaseForm


class QuestionWidget(QFrame):
    """One question, its answer, its message, and the cases a "yes" opens."""

    def __init__(self, question: Question, on_change: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._on_change = on_change
        self.text = wrapping_label(self)
        self.text.setText(question.text)
        self.input = AnswerInput(question, self._changed, self)
        self.text.setBuddy(self.input.focus_target())
        name_from_label(self.text)
        self.error = ErrorLabel(self)
        self.cases: list[CaseForm] = []
        self.cases_box = QWidget(self)
        self.cases_layout = QVBoxLayout(self.cases_box)
        self.cases_layout.setContentsMargins(18, 0, 0, 0)
        self.add_case_button = QPushButton(self)
        self.add_case_button.clicked.connect(lambda: self.add_case())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(self.text)
        layout.addWidget(self.input)
        layout.addWidget(self.error)
        layout.addWidget(self.cases_box)
        layout.addWidget(self.add_case_button)
        self.retranslate()
        self._show_cases()

    def retranslate(self) -> None:
        self.add_case_button.setText(_("Add another case"))

    @property
    def has_cases(self) -> bool:
        return bool(self.question.case_fields)

    def _changed(self) -> None:
        self.error.show_message(None)
        if self.input.value() is True and self.has_cases and not self.cases:
            self.add_case(notify=False)
        self._show_cases()
        self._on_change()

    def _show_cases(self) -> None:
        opened = self.input.value() is True and self.has_cases
        self.cases_box.setVisible(opened)
        self.add_case_button.setVisible(opened)

    def add_case(self, values: dict[str, object] | None = None,
                 notify: bool = True) -> CaseForm:
        case = CaseForm(self.question, len(self.cases) + 1, self._case_changed,
                        self._remove_case, self.cases_box)
        if values:
            case.fill(values)
        self.cases.append(case)
        self.cases_layout.addWidget(case)
        if notify:
            self._on_change()
        return case

    def _case_changed(self) -> None:
        self._on_change()

    def _drop(self, case: CaseForm) -> None:
        self.cases.remove(case)
        case.hide()  # at once: deleteLater waits for the event loop
        self.cases_layout.removeWidget(case)
        case.deleteLater()

    def _remove_case(self, case: CaseForm) -> None:
        self._drop(case)
        for number, other in enumerate(self.cases, start=1):
            other.number = number
            other.retranslate()
        self._on_change()

    def answer(self, value: bool) -> None:
        self.input.answer(value)

    def case_input(self, case: int, field_id: str) -> AnswerInput:
        return self.cases[case - 1].inputs[field_id]

    def collect(self) -> dict[str, object] | None:
        value = self.input.value()
        if value is None:
            return None
        cases = [c.values() for c in self.cases] if value is True and self.has_cases else []
        return {"value": value, "cases": cases}

    def fill(self, answer: object) -> None:
        data = answer if isinstance(answer, dict) else {}
        self.input.set_value(data.get("value"))  # a "yes" may open an empty case: replaced
        for case in list(self.cases):
            self._drop(case)
        for values in data.get("cases", []) if data.get("value") is True else []:
            self.add_case(dict(values), notify=False)
        self._show_cases()

    def show_problems(self, problems: dict[str, str]) -> QWidget | None:
        """Messages beside the answer and the cases' fields; the first widget concerned."""
        first: QWidget | None = None
        message = problems.get(self.question.id)
        self.error.show_message(message)
        if message:
            first = self.input.focus_target()
        for case in self.cases:
            for fid, label in case.errors.items():
                text = problems.get(f"{self.question.id}.{case.number}.{fid}")
                label.show_message(text)
                if text and first is None:
                    first = case.inputs[fid].focus_target()
        return first
