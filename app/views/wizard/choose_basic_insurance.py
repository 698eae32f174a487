"""Step 2, basic insurance (LAMal): insurer, model, deductible, accident cover, start.

For each person the agent sees, before anyone signs, when the cover can start and by
which day the current insurer must receive the notice; the dates come from the basic
insurance service (insurers' own rules, issue 8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import BasicInsuranceChoice, PersonDraft, ProposalDraft
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, form_layout, wrapping_label
from app.views.labels import START_REASONS
from app.views.validators import field_validator, parse_date
from app.views.wizard.page import WizardPage


class BasicInsuranceForm(QWidget):
    """One person's basic insurance choices and the dates that follow from them."""

    CHANGE_ONLY = ("current_insurer", "current_deductible", "current_model",
                   "premium_announced")

    def __init__(self, context: AppContext, person: PersonDraft, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.person = person
        self.start_date: date | None = None
        self.dates_error: str | None = None
        self.insurer = QComboBox(self)
        self.model = QComboBox(self)
        self.deductible = QComboBox(self)
        self.accident = QCheckBox(self)
        self.reason = QComboBox(self)
        self.current_insurer = QComboBox(self)
        self.current_deductible = QComboBox(self)
        self.current_model = QComboBox(self)
        self.premium_announced = QCheckBox(self)
        self.event_date = QLineEdit(self)
        self.event_date.setObjectName("event_date")
        self.event_date.setValidator(field_validator("birth_date", _date_check, self.event_date))
        self.event_date.setPlaceholderText("dd.mm.yyyy")
        for name in ("insurer", "model", "deductible", "reason", "current_insurer",
                     "current_deductible", "current_model"):
            getattr(self, name).setObjectName(name)
        self.fields = {
            "insurer": Field(self.insurer, self),
            "model": Field(self.model, self),
            "deductible": Field(self.deductible, self),
            "accident_cover": Field(self.accident, self),
            "reason": Field(self.reason, self),
            "event_date": Field(self.event_date, self),
            "current_insurer": Field(self.current_insurer, self),
            "current_deductible": Field(self.current_deductible, self),
            "current_model": Field(self.current_model, self),
            "premium_announced": Field(self.premium_announced, self),
        }
        self.captions = {name: QLabel(self) for name in self.fields}
        form = form_layout()
        for name, field in self.fields.items():
            self.captions[name].setBuddy(field.widget)
            form.addRow(self.captions[name], field)
        self.dates = wrapping_label(self)
        self.dates.setObjectName("basicDates")
        self.dates.setStyleSheet("background: #eef3fb; padding: 8px; border-radius: 4px;")
        self.dates.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.dates)
        layout.addStretch(1)
        for combo in (self.insurer, self.model, self.deductible, self.reason,
                      self.current_insurer, self.current_deductible, self.current_model):
            combo.currentIndexChanged.connect(self._changed)
        self.accident.toggled.connect(self._changed)
        self.premium_announced.toggled.connect(self._changed)
        self.event_date.editingFinished.connect(self._changed)
        self._on_change: Callable[[], None] = lambda: None
        self._filling = False
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "insurer": N_("&Insurer"),
            "model": N_("&Model"),
            "deductible": N_("&Deductible"),
            "accident_cover": N_("Accident cover"),
            "reason": N_("&Reason for the proposal"),
            "event_date": N_("Date of birth or &arrival"),
            "current_insurer": N_("C&urrent insurer"),
            "current_deductible": N_("Current deductible"),
            "current_model": N_("Current model"),
            "premium_announced": N_("Premium announcement"),
        }
        for name, text in texts.items():
            self.captions[name].setText(_(text))
        self.accident.setText(_("Included (uncheck when covered under the LAA by an employer)"))
        self.premium_announced.setText(_("The current insurer has announced a new premium"))
        self._fill_lists()
        self.show_dates()

    def _fill_lists(self) -> None:
        basic = self.context.basic
        insurers = [(o.code, o.label) for o in basic.insurers()]
        models = [(o.code, o.label) for o in basic.models()]
        mine = [(str(a), format_chf(a)) for a in basic.deductibles(
            self.person.birth_date, self.context.today())]
        self._filling = True
        try:
            for combo, options in (
                (self.insurer, insurers),
                (self.current_insurer, [("", _("another insurer"))] + insurers),
                (self.model, models),
                (self.current_model, models),
                (self.reason, [(c, _(t)) for c, t in START_REASONS.items()]),
                (self.deductible, mine),
                (self.current_deductible, mine),
            ):
                current = combo.currentData()
                combo.clear()
                for code, text in options:
                    combo.addItem(text, code)
                combo.setCurrentIndex(max(0, combo.findData(current)))
        finally:
            self._filling = False

    def _changed(self) -> None:
        if self._filling:
            return
        reason = self.reason.currentData()
        for name in ("event_date",):
            self.fields[name].setVisible(reason in ("birth", "arrival"))
            self.captions[name].setVisible(reason in ("birth", "arrival"))
        for name in self.CHANGE_ONLY:
            self.fields[name].setVisible(reason == "change_of_insurer")
            self.captions[name].setVisible(reason == "change_of_insurer")
        self.show_dates()
        self._on_change()

    def fill(self, choice: BasicInsuranceChoice) -> None:
        self._filling = True
        try:
            for combo, value in (
                (self.insurer, choice.insurer), (self.current_insurer, choice.current_insurer),
                (self.model, choice.model), (self.current_model, choice.current_model),
                (self.reason, choice.reason),
                (self.deductible, str(choice.deductible) if choice.deductible is not None
                 else None),
                (self.current_deductible, str(choice.current_deductible)
                 if choice.current_deductible is not None else None),
            ):
                combo.setCurrentIndex(max(0, combo.findData(value)))
            self.accident.setChecked(choice.accident_cover)
            self.premium_announced.setChecked(choice.premium_announced)
            self.event_date.setText(format_date(choice.event_date) if choice.event_date else "")
        finally:
            self._filling = False
        for field in self.fields.values():
            field.set_error(None)
        self._changed_quietly()

    def _changed_quietly(self) -> None:
        callback, self._on_change = self._on_change, lambda: None
        try:
            self._changed()
        finally:
            self._on_change = callback

    def read(self) -> BasicInsuranceChoice:
        def amount(combo: QComboBox) -> Decimal | None:
            data = combo.currentData()
            return Decimal(str(data)) if data not in (None, "") else None

        return BasicInsuranceChoice(
            insurer=str(self.insurer.currentData() or ""),
            model=str(self.model.currentData() or "standard"),
            deductible=amount(self.deductible),
            accident_cover=self.accident.isChecked(),
            reason=str(self.reason.currentData() or "change_of_insurer"),
            event_date=parse_date(self.event_date.text()),
            start_date=self.start_date,
            current_insurer=str(self.current_insurer.currentData() or ""),
            current_deductible=amount(self.current_deductible),
            current_model=str(self.current_model.currentData() or "standard"),
            premium_announced=self.premium_announced.isChecked(),
        )

    def show_dates(self) -> None:
        """Ask the basic-insurance rules for the dates and show them with their reasons."""
        self.start_date = None
        self.dates_error = None
        choice = self.read()
        if not choice.insurer or choice.deductible is None:
            self.dates.setText(_("Choose the insurer and the deductible to see the dates."))
            return
        if choice.reason in ("birth", "arrival") and choice.event_date is None:
            self.dates.setText(_("Enter the date of the birth or of the arrival."))
            return
        try:
            dates = self.context.basic.dates(choice, self.person, self.context.today())
        except (LookupError, ValueError) as error:
            self.dates_error = str(error)
            self.dates.setText(escape(str(error)))
            return
        self.start_date = dates.start_date
        lines = ["<b>" + escape(_("Earliest start: %s") % format_date(dates.start_date))
                 + "</b>"]
        if dates.notice_deadline:
            lines.append("<b>" + escape(_("Notice to the current insurer by: %s")
                                        % format_date(dates.notice_deadline)) + "</b>")
        if dates.late:
            lines.append(escape(_("Late affiliation: the insurer may charge a surcharge.")))
        lines.append("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in dates.explanations)
                     + "</ul>")
        self.dates.setText("".join(f"<p>{line}</p>" if not line.startswith("<ul>") else line
                                   for line in lines))

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(problems.get(name))


def _date_check(text: str) -> str | None:
    return None if parse_date(text) else _("Enter a date as dd.mm.yyyy.")


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
        layout.addWidget(self.copy_button)
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
        choice = current.read()
        for form in self.forms.values():
            if form is not current:
                mine = form.read()
                form.fill(replace(choice, reason=mine.reason, event_date=mine.event_date,
                                  deductible=mine.deductible, start_date=None))
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
