"""Step 4, health questionnaires: a form generated from the questionnaire data, per person.

A "yes" opens the question's follow-ups (diagnosis, dates, treatment...). Which questions
a person gets, and whether an answer is missing or inconsistent, is the questionnaire
service's business (issue 4); a child's answers are given by the legal representative.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.formatting import format_date
from app.views.context import AppContext, Question
from app.views.draft import PersonDraft, ProposalDraft
from app.views.forms import ErrorLabel, PageCheckError, wrapping_label
from app.views.validators import parse_date
from app.views.wizard.page import WizardPage

Answer = bool | str | date | None


class QuestionWidget(QFrame):
    """One question, its answer widget, its error, and its follow-ups below."""

    def __init__(self, question: Question, on_change: object, depth: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._on_change = on_change
        self.text = wrapping_label(self)
        self.text.setText(question.text + ("" if question.required else
                                           " " + _("(optional)")))
        self.error = ErrorLabel(self)
        self.yes: QRadioButton | None = None
        self.no: QRadioButton | None = None
        self.line: QLineEdit | None = None
        self.combo: QComboBox | None = None
        self.follow_ups: list[QuestionWidget] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18 * depth, 4, 0, 4)
        layout.addWidget(self.text)
        if question.kind == "yes_no":
            row = QHBoxLayout()
            self.group = QButtonGroup(self)
            self.yes, self.no = QRadioButton(self), QRadioButton(self)
            self.yes.setObjectName(f"{question.id}-yes")
            self.no.setObjectName(f"{question.id}-no")
            for button in (self.yes, self.no):
                self.group.addButton(button)
                row.addWidget(button)
                button.toggled.connect(self._toggled)
            row.addStretch(1)
            layout.addLayout(row)
            self.text.setBuddy(self.yes)
        elif question.kind == "choice":
            self.combo = QComboBox(self)
            self.combo.setObjectName(question.id)
            self.combo.addItem("", "")
            for option in question.choices:
                self.combo.addItem(option.label, option.code)
            self.combo.currentIndexChanged.connect(lambda _i: self._changed())
            layout.addWidget(self.combo)
            self.text.setBuddy(self.combo)
        else:
            self.line = QLineEdit(self)
            self.line.setObjectName(question.id)
            if question.kind == "date":
                self.line.setPlaceholderText("dd.mm.yyyy")
            self.line.textEdited.connect(lambda _t: self._changed())
            layout.addWidget(self.line)
            self.text.setBuddy(self.line)
        layout.addWidget(self.error)
        self.follow_box = QWidget(self)
        follow_layout = QVBoxLayout(self.follow_box)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        for sub in question.follow_ups:
            widget = QuestionWidget(sub, on_change, depth + 1, self.follow_box)
            self.follow_ups.append(widget)
            follow_layout.addWidget(widget)
        layout.addWidget(self.follow_box)
        self.follow_box.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        if self.yes is not None and self.no is not None:
            self.yes.setText(_("Yes"))
            self.no.setText(_("No"))

    def _toggled(self, checked: bool) -> None:
        if checked:
            self.follow_box.setVisible(self.value() is True)
            self._changed()

    def _changed(self) -> None:
        self.error.show_message(None)
        if callable(self._on_change):
            self._on_change()

    def value(self) -> Answer:
        if self.yes is not None and self.no is not None:
            if self.yes.isChecked():
                return True
            if self.no.isChecked():
                return False
            return None
        if self.combo is not None:
            return str(self.combo.currentData() or "") or None
        assert self.line is not None
        text = self.line.text().strip()
        if self.question.kind == "date":
            return parse_date(text) or (text or None)  # an unreadable date is reported
        return text or None

    def set_value(self, value: object) -> None:
        if self.yes is not None and self.no is not None:
            self.group.setExclusive(False)
            self.yes.setChecked(value is True)
            self.no.setChecked(value is False)
            self.group.setExclusive(True)
            self.follow_box.setVisible(value is True)
        elif self.combo is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(value or "")))
        elif self.line is not None:
            self.line.setText(format_date(value) if isinstance(value, date) else
                              str(value or ""))

    def answer(self, value: bool) -> None:
        """Click Yes or No, as the agent does."""
        assert self.yes is not None and self.no is not None
        (self.yes if value else self.no).click()

    def collect(self, into: dict[str, object]) -> None:
        value = self.value()
        if value is not None:
            into[self.question.id] = value
        if value is True:
            for sub in self.follow_ups:
                sub.collect(into)

    def fill(self, answers: dict[str, object]) -> None:
        self.set_value(answers.get(self.question.id))
        for sub in self.follow_ups:
            sub.fill(answers)

    def all_widgets(self) -> list[QuestionWidget]:
        found = [self]
        for sub in self.follow_ups:
            found.extend(sub.all_widgets())
        return found


class QuestionnaireForm(QWidget):
    """All the questions of one person."""

    def __init__(self, questions: Sequence[Question], note: str, on_change: object,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = wrapping_label(self)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.questions = [QuestionWidget(q, on_change, 0, self) for q in questions]
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
        for top in self.questions:
            for widget in top.all_widgets():
                if widget.question.id == question_id:
                    return widget
        raise LookupError(question_id)

    def answers(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for widget in self.questions:
            widget.collect(found)
        return found

    def fill(self, answers: dict[str, object]) -> None:
        for widget in self.questions:
            widget.fill(answers)

    def show_problems(self, problems: dict[str, str]) -> None:
        first: QuestionWidget | None = None
        for top in self.questions:
            for widget in top.all_widgets():
                message = problems.get(widget.question.id)
                widget.error.show_message(message)
                if message and first is None:
                    first = widget
        if first is not None:
            target = first.yes or first.line or first.combo
            if target is not None:
                target.setFocus()


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
