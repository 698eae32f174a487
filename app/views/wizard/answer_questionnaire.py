"""Step 4, health questionnaires: a form generated from the questionnaire data, per person.

A "yes" opens one case of the question's follow-up fields (diagnosis, body part, dates,
treatment...), and more cases can be added. Which questions a person gets, and whether an
answer is missing or inconsistent, is the questionnaire service's business (issue 4); a
child's answers are given by the legal representative.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import PersonDraft, ProposalDraft
from app.services.application.ports import Question
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, form_layout, wrapping_label
from app.views.validators import parse_date
from app.views.wizard.page import WizardPage

MONTH = re.compile(r"(\d{1,2})\.(\d{4})")
Value = bool | str | date | Decimal | None


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
            self.line.setPlaceholderText({"date": "dd.mm.yyyy", "month_year": "mm.yyyy"}
                                         .get(question.kind, ""))
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
        text = self.line.text().strip()
        if not text:
            return None
        kind = self.question.kind
        if kind == "date":
            return parse_date(text) or text  # what cannot be read is reported by the check
        if kind == "month_year":
            match = MONTH.fullmatch(text)
            if match and 1 <= int(match.group(1)) <= 12:
                return f"{int(match.group(2)):04d}-{int(match.group(1)):02d}"
            return text
        if kind == "number":
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:
                return text
        return text

    def set_value(self, value: object) -> None:
        if self.yes is not None and self.no is not None:
            self.group.setExclusive(False)
            self.yes.setChecked(value is True)
            self.no.setChecked(value is False)
            self.group.setExclusive(True)
        elif self.combo is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(value or "")))
        elif self.line is not None:
            if isinstance(value, date):
                text = format_date(value)
            elif self.question.kind == "month_year" and isinstance(value, str) \
                    and re.fullmatch(r"\d{4}-\d{2}", value):
                text = f"{value[5:]}.{value[:4]}"
            else:
                text = "" if value is None else str(value)
            self.line.setText(text)

    def answer(self, value: bool) -> None:
        """Click Yes or No, as the agent does."""
        assert self.yes is not None and self.no is not None
        (self.yes if value else self.no).click()


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
            caption.setText(field.text + ("" if field.required else " " + _("(optional)")))
            caption.setBuddy(answer.focus_target())
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


class QuestionnairePage(WizardPage):
    step = "questionnaire"
    title = N_("Health questionnaires")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.intro = wrapping_label(self)
        self.page_error = ErrorLabel(self)
        self.tabs = QTabWidget(self)
        self.forms: dict[str, QuestionnaireForm] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.page_error)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("The client answers every question completely and truthfully; a "
                             "wrong or missing answer allows the insurer to withdraw from "
                             "the contract (CGC art. 6 and 11)."))
        if self.forms:  # the questions come in the new language: rebuild, keep the answers
            self.save(self.draft)
            self._loading = True
            try:
                self.show_draft(self.draft)
            finally:
                self._loading = False

    def _note(self, person: PersonDraft, draft: ProposalDraft) -> str:
        if not self.context.questionnaires.answered_by_representative(person, draft):
            return ""
        holder = draft.policyholder
        return _("%(child)s is a minor: the legal representative, %(representative)s, answers "
                 "and signs for them.") % {"child": person.full_name,
                                           "representative": holder.full_name if holder else ""}

    def show_draft(self, draft: ProposalDraft) -> None:
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for form in self.forms.values():
            form.deleteLater()
        self.forms = {}
        for person in draft.persons:
            questions = self.context.questionnaires.questions_for(person, draft)
            form = QuestionnaireForm(questions, self._note(person, draft), self.emit_changed,
                                     self.tabs)
            form.fill(draft.answers.get(person.key, {}))
            self.forms[person.key] = form
            self.tabs.addTab(form, person.full_name or _("(no name yet)"))
        self.tabs.setCurrentIndex(max(0, current))

    def form_for(self, person_key: str) -> QuestionnaireForm:
        return self.forms[person_key]

    def save(self, draft: ProposalDraft) -> None:
        for key, form in self.forms.items():
            draft.answers[key] = form.answers()

    def clear_errors(self) -> None:
        self.page_error.show_message(None)
        for form in self.forms.values():
            form.show_problems({})

    def check(self) -> None:
        self.save(self.draft)
        first: str | None = None
        everything: dict[str, str] = {}
        for person in self.draft.persons:
            form = self.forms.get(person.key)
            problems = self.context.questionnaires.check(person, self.draft)
            if form is not None:
                form.show_problems(problems)
            if problems and first is None:
                first = person.key
            everything.update({f"{person.key}.{k}": v for k, v in problems.items()})
        if first is not None:
            self.tabs.setCurrentWidget(self.forms[first])
            self.page_error.show_message(_("Some answers are missing or incomplete."))
            raise PageCheckError(everything)
        self.page_error.show_message(None)
