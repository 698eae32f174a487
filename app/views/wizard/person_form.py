"""The form of one person of the household, beside the list of persons.

Each field is checked by the store's validators as the agent leaves it, and the message
stands beside the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QWidget

from app.i18n import _
from app.services.application.draft import ROLES, PersonDraft
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import Field, form_layout, set_label
from app.views.labels import LANGUAGE_NAMES, SEXES
from app.views.validators import field_validator, parse_date
from app.views.wizard.address_lookup import AddressLookup
from app.views.wizard.country_combo import CountryCombo
from app.views.wizard.person_fields import FIELD_ORDER, LABELS, TEXT_FIELDS


class PersonForm(QGroupBox):
    """The fields of one person; `fill()` and `read()` move data in and out."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.fields: dict[str, Field] = {}
        self.labels: dict[str, QLabel] = {}
        form = form_layout()
        for name in FIELD_ORDER:
            widget: QLineEdit | QComboBox
            if name in dict(TEXT_FIELDS):
                widget = QLineEdit(self)
                widget.setValidator(field_validator(name, self._checker(name), widget))
                widget.editingFinished.connect(lambda n=name: self.check_field(n))
            elif name == "nationality":
                widget = CountryCombo(self)
            else:
                widget = QComboBox(self)
                widget.setEditable(name == "municipality")
            widget.setObjectName(name)
            self.inputs[name] = widget
            field = Field(widget, self, reserve=True)  # no row moves as messages come and go
            self.fields[name] = field
            caption = QLabel(self)
            caption.setBuddy(widget)
            self.labels[name] = caption
            form.addRow(caption, field)
        self.setLayout(form)
        self.address = AddressLookup(context, self.fields, self.labels)
        self.retranslate()

    def _checker(self, name: str) -> Callable[[str], str | None]:
        return lambda text: self._context.checks.check_field(name, text)

    def combo(self, name: str) -> QComboBox:
        widget = self.inputs[name]
        assert isinstance(widget, QComboBox)
        return widget

    def line(self, name: str) -> QLineEdit:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget

    def retranslate(self) -> None:
        for name, caption in self.labels.items():
            set_label(caption, _(LABELS[name]))
        self._fill_choices()

    def _fill_choices(self) -> None:
        def refill(name: str, items: list[tuple[str, str]]) -> None:
            combo = self.combo(name)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, text in items:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

        refill("role", [(code, _(text)) for code, text in ROLES.items()])
        refill("sex", [("", "")] + [(code, _(text)) for code, text in SEXES.items()])
        refill("language", list(LANGUAGE_NAMES.items()))
        nationality = self.inputs["nationality"]
        assert isinstance(nationality, CountryCombo)
        nationality.reset()

    def check_field(self, name: str) -> str | None:
        message = self._context.checks.check_field(name, self.line(name).text())
        self.fields[name].set_error(message)
        return message

    def fill(self, person: PersonDraft, is_policyholder: bool) -> None:
        for name in dict(TEXT_FIELDS):
            value = getattr(person, name)
            if name == "birth_date":
                value = format_date(value) if value else person.typed_birth_date
            self.line(name).setText(str(value))
        for name in ("role", "sex", "language"):
            combo = self.combo(name)
            combo.setCurrentIndex(max(0, combo.findData(getattr(person, name))))
        nationality = self.inputs["nationality"]
        assert isinstance(nationality, CountryCombo)
        nationality.select(person.nationality or "CH")
        role = self.combo("role")
        role.setEnabled(not is_policyholder)
        if not is_policyholder:  # the policyholder is the first person
            model = role.model()
            index = role.findData("policyholder")
            item = model.item(index) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(False)
        self.address.fill_place(person)
        for field in self.fields.values():
            field.set_error(None)
        self.address.show_regions(person.premium_region)

    def read(self, person: PersonDraft) -> None:
        for name in dict(TEXT_FIELDS):
            text = self.line(name).text().strip()
            if name == "birth_date":
                person.birth_date = parse_date(text)
                person.typed_birth_date = "" if person.birth_date else text
            else:
                setattr(person, name, text)
        for name in ("role", "sex", "language", "nationality", "canton"):
            setattr(person, name, str(self.combo(name).currentData() or ""))
        self.address.read_place(person)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(problems.get(name))
        first = next((n for n in FIELD_ORDER if n in problems), None)
        if first:
            self.inputs[first].setFocus()
