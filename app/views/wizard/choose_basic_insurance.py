"""Step 2, basic insurance (LAMal): insurer, model, deductible, accident cover, start.

For each person the agent sees, before anyone signs, when the cover can start and by
which day the current insurer must receive the notice; the dates come from the basic
insurance service (insurers' own rules, issue 8). A tab per person
(basic_insurance_form.py), its dates below the choices (start_dates.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services.application.basic_insurance import copy_choice
from app.services.application.draft import BasicInsuranceChoice, ProposalDraft
from app.services.formatting import format_chf
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, wrapping_label
from app.views.wizard.basic_insurance_form import BasicInsuranceForm
from app.views.wizard.page import WizardPage


class BasicInsurancePage(WizardPage):
    step = "basic"
    title = N_("Basic insurance")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.intro = wrapping_label(self)
        self.tabs = QTabWidget(self)
        self.copy_button = QPushButton(self)
        self.page_error = ErrorLabel(self)
        self.forms: dict[str, BasicInsuranceForm] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.page_error)
        layout.addWidget(self.tabs, 1)
        self.copy_note = wrapping_label(self)  # what the copy left as it was, and why
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.copy_note, 1)
        layout.addLayout(row)
        self.copy_button.clicked.connect(self.copy_to_all)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Basic insurance is compulsory and accepts everyone: no health "
                             "questions. Choose per person; the dates below follow the "
                             "insurer's rules."))
        self.copy_button.setText(_("Use these choices for &everyone"))
        for form in self.forms.values():
            form.retranslate()

    def show_draft(self, draft: ProposalDraft) -> None:
        self.tabs.clear()
        self.copy_note.clear()
        for form in self.forms.values():
            form.deleteLater()
        self.forms = {}
        for person in draft.persons:
            form = BasicInsuranceForm(self.context, person, self.tabs)
            choice = draft.basic.get(person.key) or BasicInsuranceChoice()
            form.fill(choice)
            form._on_change = self.emit_changed
            self.forms[person.key] = form
            self.tabs.addTab(form, person.full_name or _("(no name yet)"))

    def copy_to_all(self) -> None:
        current = self.tabs.currentWidget()
        if not isinstance(current, BasicInsuranceForm):
            return
        today = self.context.today()
        choice = current.read()
        options = self.context.basic.deductibles(current.person.birth_date, today)
        kept: list[str] = []
        for form in self.forms.values():
            if form is not current:
                copied = copy_choice(choice, options, form.read(), self.context.basic.deductibles(
                    form.person.birth_date, today))
                form.fill(copied.choice)
                if copied.kept is not None:
                    kept.append(form.person.first_name or _("(no name yet)"))
        if kept:
            assert choice.deductible is not None
            self.copy_note.setText(_(
                "Copied to everyone. {names} keep their own deductible: {amount} is not "
                "offered to them.").format(names=", ".join(kept),
                                           amount=format_chf(choice.deductible)))
        else:
            self.copy_note.setText(_("Copied to everyone."))
        self.emit_changed()

    def save(self, draft: ProposalDraft) -> None:
        for key, form in self.forms.items():
            draft.basic[key] = form.read()

    def clear_errors(self) -> None:
        self.page_error.show_message(None)
        for form in self.forms.values():
            form.show_problems({})

    def check(self) -> None:
        first: str | None = None
        all_problems: dict[str, str] = {}
        for key, form in self.forms.items():
            choice = form.read()
            problems: dict[str, str] = {}
            if not choice.insurer:
                problems["insurer"] = _("Choose the insurer.")
            if choice.deductible is None:
                problems["deductible"] = _("Choose the deductible.")
            if choice.reason in ("birth", "arrival") and choice.event_date is None:
                problems["event_date"] = _("Enter the date of the birth or of the arrival.")
            elif form.dates_error:
                problems["reason"] = form.dates_error
            form.show_problems(problems)
            if problems and first is None:
                first = key
            all_problems.update({f"{key}.{k}": v for k, v in problems.items()})
        if first is not None:
            self.tabs.setCurrentWidget(self.forms[first])
            self.page_error.show_message(_("Some choices are missing."))
            raise PageCheckError(all_problems)
        self.page_error.show_message(None)

    def form_for(self, person_key: str) -> BasicInsuranceForm:
        return self.forms[person_key]
