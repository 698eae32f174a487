"""Step 2, basic insurance (LAMal): insurer, model, deductible, accident cover, start.

For each person the agent sees, before anyone signs, when the cover can start and by
which day the current insurer must receive the notice; the dates come from the basic
insurance service (insurers' own rules, issue 8).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

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
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.draft import BasicInsuranceChoice, PersonDraft, ProposalDraft
from app.views.forms import ErrorLabel, Field, PageCheckError, form_layout, wrapping_label
from app.views.labels import START_REASONS
from app.views.validators import field_validator, parse_date
from app.views.wizard.page import WizardPage


class BasicInsuranceForm(QWidget):
    """One person's basic insurance choices and the dates that follow from them."""

    def __init__(self, context: AppContext, person: PersonDraft, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.person = person
        self.insurer = QComboBox(self)
        self.model = QComboBox(self)
        self.deductible = QComboBox(self)
        self.accident = QCheckBox(self)
        self.reason = QComboBox(self)
        self.current_insurer = QComboBox(self)
        self.event_date = QLineEdit(self)
        self.start_date = QLineEdit(self)
        for name, edit in (("event_date", self.event_date), ("start_date", self.start_date)):
            edit.setObjectName(name)
            edit.setValidator(field_validator("birth_date", _date_check, edit))
            edit.setPlaceholderText("dd.mm.yyyy")
        self.fields = {
            "insurer": Field(self.insurer, self),
            "model": Field(self.model, self),
            "deductible": Field(self.deductible, self),
            "accident_cover": Field(self.accident, self),
            "reason": Field(self.reason, self),
            "current_insurer": Field(self.current_insurer, self),
            "event_date": Field(self.event_date, self),
            "start_date": Field(self.start_date, self),
        }
        self.captions = {name: QLabel(self) for name in self.fields}
        form = form_layout()
        for name, field in self.fields.items():
            self.captions[name].setBuddy(field.widget)
            form.addRow(self.captions[name], field)
        self.dates = wrapping_label(self)
        self.dates.setObjectName("basicDates")
        self.dates.setStyleSheet("background: #eef3fb; padding: 8px; border-radius: 4px;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.dates)
        layout.addStretch(1)
        for combo in (self.insurer, self.model, self.deductible, self.reason,
                      self.current_insurer):
            combo.currentIndexChanged.connect(self._changed)
        self.accident.toggled.connect(self._changed)
        for edit in (self.event_date, self.start_date):
            edit.editingFinished.connect(self._changed)
        self._on_change = lambda: None
        self._filling = False
        self.retranslate()

    def retranslate(self) -> None:
        texts = {
            "insurer": N_("&Insurer"),
            "model": N_("&Model"),
            "deductible": N_("&Deductible"),
            "accident_cover": N_("Accident cover"),
            "reason": N_("&Reason for the proposal"),
            "current_insurer": N_("C&urrent insurer"),
            "event_date": N_("Date of birth or arri&val"),
            "start_date": N_("Desired &start (dd.mm.yyyy)"),
        }
        for name, text in texts.items():
            self.captions[name].setText(_(text))
        self.accident.setText(_("Included (uncheck when covered under the LAA by an employer)"))
        self._fill_lists()
        self.show_dates()

    def _fill_lists(self) -> None:
        self._filling = True
        try:
            for combo, options in (
                (self.insurer, [(o.code, o.label) for o in self.context.basic.insurers()]),
                (self.current_insurer, [("", _("(none or unknown)"))] +
                 [(o.code, o.label) for o in self.context.basic.insurers()]),
                (self.model, [(o.code, o.label) for o in self.context.basic.models()]),
                (self.reason, [(c, _(t)) for c, t in START_REASONS.items()]),
            ):
                current = combo.currentData()
                combo.clear()
                for code, text in options:
                    combo.addItem(text, code)
                combo.setCurrentIndex(max(0, combo.findData(current)))
            self._fill_deductibles()
        finally:
            self._filling = False

    def _fill_deductibles(self) -> None:
        current = self.deductible.currentData()
        self.deductible.clear()
        start = parse_date(self.start_date.text()) or self.context.today()
        if self.person.birth_date is None:
            return
        for amount in self.context.basic.deductibles(self.person.birth_date, start):
            self.deductible.addItem(format_chf(amount), str(amount))
        if current is not None:
            self.deductible.setCurrentIndex(max(0, self.deductible.findData(current)))

    def _changed(self) -> None:
        if self._filling:
            return
        reason = self.reason.currentData()
        self.fields["event_date"].setVisible(reason in ("birth", "arrival"))
        self.captions["event_date"].setVisible(reason in ("birth", "arrival"))
        self.fields["current_insurer"].setVisible(reason == "change")
        self.captions["current_insurer"].setVisible(reason == "change")
        self.show_dates()
        self._on_change()

    def fill(self, choice: BasicInsuranceChoice) -> None:
        self._filling = True
        try:
            self.insurer.setCurrentIndex(max(0, self.insurer.findData(choice.insurer)))
            self.current_insurer.setCurrentIndex(
                max(0, self.current_insurer.findData(choice.current_insurer)))
            self.model.setCurrentIndex(max(0, self.model.findData(choice.model)))
            self.reason.setCurrentIndex(max(0, self.reason.findData(choice.reason)))
            self.accident.setChecked(choice.accident_cover)
            self.event_date.setText(format_date(choice.event_date) if choice.event_date else "")
            self.start_date.setText(format_date(choice.start_date) if choice.start_date else "")
            self._fill_deductibles()
            if choice.deductible is not None:
                self.deductible.setCurrentIndex(
                    max(0, self.deductible.findData(str(choice.deductible))))
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
        deductible = self.deductible.currentData()
        return BasicInsuranceChoice(
            insurer=str(self.insurer.currentData() or ""),
            model=str(self.model.currentData() or "standard"),
            deductible=Decimal(deductible) if deductible else None,
            accident_cover=self.accident.isChecked(),
            reason=str(self.reason.currentData() or "change"),
            event_date=parse_date(self.event_date.text()),
            start_date=parse_date(self.start_date.text()),
            current_insurer=str(self.current_insurer.currentData() or ""),
        )

    def show_dates(self) -> None:
        choice = self.read()
        if not choice.insurer or choice.deductible is None:
            self.dates.setText(_("Choose the insurer and the deductible to see the dates."))
            return
        try:
            dates = self.context.basic.dates(choice, self.context.today())
        except (LookupError, ValueError) as error:
            self.dates.setText(str(error))
            return
        lines = [_("Cover starts on %s.") % format_date(dates.start_date)]
        if dates.late:
            lines.append(_("Late affiliation: the insurer may charge a surcharge."))
        if dates.switch_end and dates.notice_deadline:
            lines.append(_("The current insurer's cover can end on %(end)s; the notice must "
                           "reach it by %(deadline)s at the latest.")
                         % {"end": format_date(dates.switch_end),
                            "deadline": format_date(dates.notice_deadline)})
        if dates.notice_note:
            lines.append(dates.notice_note)
        if dates.first_month_factor != Decimal("1"):
            percent = (dates.first_month_factor * 100).quantize(Decimal("0.1"))
            lines.append(_("First month charged pro rata: %s%% of the monthly premium.")
                         % percent)
        self.dates.setText("\n".join(lines))

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
            choice = draft.basic.get(person.key) or BasicInsuranceChoice(
                start_date=draft.start_date)
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
                                       current_insurer=mine.current_insurer,
                                       deductible=mine.deductible))
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
            if choice.start_date is None:
                problems["start_date"] = _("Enter the desired start date.")
            if choice.reason in ("birth", "arrival") and choice.event_date is None:
                problems["event_date"] = _("Enter the date of the birth or of the arrival.")
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
