"""Step 4, health questionnaires: a form generated from the questionnaire data, per person.

A "yes" opens one case of the question's follow-up fields (diagnosis, body part, dates,
treatment...), and more cases can be added. Which questions a person gets, and whether an
answer is missing or inconsistent, is the questionnaire service's business (issue 4); a
child's answers are given by the legal representative. A tab per person
(questionnaire_form.py), a question each (question_widget.py), its cases (case_form.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services.application.draft import PersonDraft, ProposalDraft
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, wrapping_label
from app.views.wizard.page import WizardPage
from app.views.wizard.questionnaire_form import QuestionnaireForm


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
                                     self.tabs, person.full_name)
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
