"""One person's tab of the basic insurance step: the choices, each model and deductible with
the person's monthly premium, then the dates that follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.draft import BasicInsuranceChoice, PersonDraft
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.forms import Field, form_layout, set_label
from app.views.validators import field_validator, parse_date
from app.views.wizard.basic_choices import CAPTIONS, choice_lists, date_check
from app.views.wizard.start_dates import StartDatesPanel


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
        self.event_date.setValidator(field_validator("birth_date", date_check, self.event_date))
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
        self.premium = QLabel(self)  # the premium of the choices, or why there is none
        self.premium.setObjectName("basicPremium")
        self.premium.setWordWrap(True)
        self.premium.setTextFormat(Qt.TextFormat.RichText)
        self._texts: dict[str, list[str]] = {}  # the options' own texts, without premiums
        self.dates = StartDatesPanel(context, person, self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.premium)
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
        self.event_date.setPlaceholderText(_("dd.mm.yyyy"))  # jj.mm.aaaa, TT.MM.JJJJ, gg.mm.aaaa
        for name, text in CAPTIONS.items():
            set_label(self.captions[name], _(text))
        self.accident.setText(_("Included (uncheck when covered under the LAA by an employer)"))
        self.premium_announced.setText(_("The current insurer has announced a new premium"))
        self._fill_lists()
        self.show_dates()

    def _fill_lists(self) -> None:
        lists = choice_lists(self.context, self.person)
        self._filling = True
        try:
            for name, options in lists.items():
                combo: QComboBox = getattr(self, name)
                current = combo.currentData()
                combo.clear()
                for code, text in options:
                    combo.addItem(text, code)
                self._texts[name] = [text for _code, text in options]
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
        """The dates of the current choices, remembered for `read()` and the page's check,
        then the premiums in the year the cover starts."""
        self.start_date = None  # read() must not pass on the previous start date
        self.start_date, self.dates_error = self.dates.show_for(self.read())
        self.show_premiums()

    def show_premiums(self) -> None:
        """Each model at the deductible chosen and each deductible with the model chosen,
        with the person's monthly premium; the premium of the choices below them."""
        choice = self.read()
        premiums = self.context.pricing.basic_premiums(self.person, choice)
        for name, price in (
                ("model", lambda code: premiums.amount(code, choice.deductible)),
                ("deductible", lambda code: premiums.amount(choice.model, Decimal(code)))):
            combo: QComboBox = getattr(self, name)
            for index, text in enumerate(self._texts.get(name, [])):
                amount = price(str(combo.itemData(index)))
                combo.setItemText(index, text if amount is None else _(
                    "{option} · {premium} per month").format(option=text,
                                                             premium=format_chf(amount)))
        amount = premiums.amount(choice.model, choice.deductible)
        lines = [] if amount is None else ["<b>" + escape(_(
            "Premium with these choices: {premium} per month").format(
            premium=format_chf(amount))) + "</b>"]
        if premiums.note:
            lines.append(escape(premiums.note))
        elif amount is None:
            lines.append(escape(_("The tariff has no premium for this model and deductible.")))
        self.premium.setText("<br>".join(lines))

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(problems.get(name))
