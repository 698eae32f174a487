"""Step 1, persons: the policyholder and the members of the household.

The postal code fills in the municipality and the canton. Each field is checked by the
store's validators as the agent leaves it, and the message stands beside the field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache

from babel import Locale
from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, get_language
from app.services.application.draft import ROLES, PersonDraft, ProposalDraft
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, form_layout
from app.views.labels import LANGUAGE_NAMES, SEXES, label
from app.views.validators import field_validator, parse_date
from app.views.wizard.page import WizardPage

CANTONS = ("AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
           "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH")

# (attribute of PersonDraft, label); the order is the tab order.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", N_("Fi&rst name")),
    ("last_name", N_("&Last name")),
    ("birth_date", N_("&Birth date (dd.mm.yyyy)")),
    ("ahv_number", N_("&AHV number")),
    ("street", N_("S&treet and number")),
    ("postal_code", N_("Postal co&de")),
    ("phone", N_("Ph&one")),
    ("email", N_("&E-mail")),
    ("iban", N_("IBAN for refunds")),
)
CHOICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("role", N_("Role")),
    ("sex", N_("Se&x")),
    ("nationality", N_("Nationality")),
    ("language", N_("Lan&guage")),
    ("municipality", N_("&Municipality")),
    ("canton", N_("Canton")),
    ("premium_region", N_("Premium region")),
)
FIELD_ORDER = ("role", "first_name", "last_name", "sex", "birth_date", "ahv_number",
               "nationality", "language", "street", "postal_code", "municipality", "canton",
               "premium_region", "phone", "email", "iban")
LABELS = dict(TEXT_FIELDS + CHOICE_FIELDS)


@cache
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """(ISO code, name in `language`) for the nationality list, Switzerland first."""
    names = {str(code): str(name) for code, name in Locale.parse(language).territories.items()}
    codes = sorted((c for c in names if len(c) == 2 and c.isalpha() and c != "CH"),
                   key=lambda c: names[c])
    return tuple((c, names[c]) for c in ("CH", *codes))


class CountryCombo(QComboBox):
    """Switzerland and the current choice at once; every country when the list opens (the
    names come from Babel's locale data, slow to load at start-up)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._complete = False
        self.reset()

    def reset(self) -> None:
        current = self.currentData() or "CH"
        self.blockSignals(True)
        self.clear()
        self._complete = False
        self._add_from(("CH", str(current)))
        self.blockSignals(False)

    def _add_from(self, codes: tuple[str, ...]) -> None:
        names = dict(countries(get_language()))
        for code in dict.fromkeys(codes):
            self.addItem(names.get(code, code), code)

    def complete(self) -> None:
        if self._complete:
            return
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for code, name in countries(get_language()):
            self.addItem(name, code)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        self._complete = True

    def select(self, code: str) -> None:
        if self.findData(code) < 0:
            self._add_from((code,))
        self.setCurrentIndex(max(0, self.findData(code)))

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        self.complete()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self.complete()  # typing a country's first letters needs them all
        super().focusInEvent(event)


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
            field = Field(widget, self)
            self.fields[name] = field
            caption = QLabel(self)
            caption.setBuddy(widget)
            self.labels[name] = caption
            form.addRow(caption, field)
        self.setLayout(form)
        postal = self.inputs["postal_code"]
        assert isinstance(postal, QLineEdit)
        postal.textChanged.connect(self._postal_code_changed)
        self.combo("municipality").currentTextChanged.connect(lambda _t: self._show_regions())
        self.combo("canton").currentIndexChanged.connect(lambda _i: self._show_regions())
        canton = self.combo("canton")
        canton.addItem("", "")
        for code in CANTONS:
            canton.addItem(code, code)
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
            caption.setText(_(LABELS[name]))
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

    def _postal_code_changed(self, text: str) -> None:
        if len(text) != 4:
            return
        places = self._context.places.lookup(text)
        municipality = self.combo("municipality")
        municipality.clear()
        for place in places:
            municipality.addItem(place.municipality, place.canton)
        if places:
            canton = self.combo("canton")
            canton.setCurrentIndex(max(0, canton.findData(places[0].canton)))
            self.fields["postal_code"].set_error(None)
        else:
            self.fields["postal_code"].set_error(
                _("No municipality is known for this postal code."))

    def _show_regions(self, wanted: int | None = None) -> None:
        """The premium regions of the place; the agent picks one where the data cannot."""
        combo = self.combo("premium_region")
        current = wanted if wanted is not None else combo.currentData()
        postal = self.line("postal_code").text()
        canton = str(self.combo("canton").currentData() or "")
        choice = self._context.places.premium_region(
            postal, canton, self.combo("municipality").currentText()) \
            if len(postal) == 4 and canton else None
        combo.blockSignals(True)
        combo.clear()
        candidates = choice.candidates if choice else ()
        if choice is not None and choice.region is None:
            combo.addItem("", None)
        for region in candidates:
            combo.addItem(_("Region %d") % region, region)
        if choice is not None and choice.region is not None:
            combo.setCurrentIndex(combo.findData(choice.region))
        elif current is not None and combo.findData(current) >= 0:
            combo.setCurrentIndex(combo.findData(current))
        combo.blockSignals(False)
        several = len(candidates) > 1
        self.fields["premium_region"].setVisible(several)
        self.labels["premium_region"].setVisible(several)
        needs_choice = choice is not None and choice.region is None and \
            combo.currentData() is None
        self.fields["premium_region"].set_error(choice.message if needs_choice and choice
                                                else None)

    def check_field(self, name: str) -> str | None:
        message = self._context.checks.check_field(name, self.line(name).text())
        self.fields[name].set_error(message)
        return message

    def fill(self, person: PersonDraft, is_policyholder: bool) -> None:
        for name in dict(TEXT_FIELDS):
            value = getattr(person, name)
            if name == "birth_date":
                value = format_date(value) if value else ""
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
        municipality = self.combo("municipality")
        if municipality.findText(person.municipality) < 0 and person.municipality:
            municipality.addItem(person.municipality, person.canton)
        municipality.setCurrentText(person.municipality)
        canton = self.combo("canton")
        canton.setCurrentIndex(max(0, canton.findData(person.canton)))
        for field in self.fields.values():
            field.set_error(None)
        self._show_regions(person.premium_region)

    def read(self, person: PersonDraft) -> None:
        for name in dict(TEXT_FIELDS):
            text = self.line(name).text().strip()
            if name == "birth_date":
                person.birth_date = parse_date(text)
            else:
                setattr(person, name, text)
        for name in ("role", "sex", "language", "nationality", "canton"):
            setattr(person, name, str(self.combo(name).currentData() or ""))
        person.municipality = self.combo("municipality").currentText().strip()
        places = self._context.places.lookup(person.postal_code) \
            if len(person.postal_code) == 4 else []
        person.locality = next((p.locality for p in places
                                if p.municipality == person.municipality and p.locality),
                               person.municipality)
        region = self.combo("premium_region").currentData()
        person.premium_region = int(region) if region is not None else None

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.set_error(problems.get(name))
        first = next((n for n in FIELD_ORDER if n in problems), None)
        if first:
            self.inputs[first].setFocus()


class HouseholdPage(WizardPage):
    step = "household"
    title = N_("Persons")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._persons: list[PersonDraft] = []
        self._problems: dict[str, dict[str, str]] = {}
        self._shown = -1
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.person_list = QListWidget(self)
        self.person_list.setObjectName("persons")
        self.add_partner = QPushButton(self)
        self.add_child = QPushButton(self)
        self.remove_person = QPushButton(self)
        self.household_error = ErrorLabel(self)
        self.form = PersonForm(context, self)
        left = QVBoxLayout()
        left.addWidget(self.person_list, 1)
        left.addWidget(self.add_partner)
        left.addWidget(self.add_child)
        left.addWidget(self.remove_person)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.form, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.household_error)
        layout.addLayout(body, 1)
        self.person_list.currentRowChanged.connect(self._select)
        self.add_partner.clicked.connect(lambda: self.add_person("spouse"))
        self.add_child.clicked.connect(lambda: self.add_person("child"))
        self.remove_person.clicked.connect(self._remove_current)
        for widget in self.form.inputs.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t: self._edited())
            else:
                widget.currentIndexChanged.connect(lambda _i: self._edited())
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Enter the policyholder first, then the other members of the "
                             "household. Children are represented by the policyholder."))
        self.add_partner.setText(_("Add spo&use or partner"))
        self.add_child.setText(_("Add ch&ild"))
        self.remove_person.setText(_("Remove the selected person"))
        self.form.setTitle(_("Person"))
        self.form.retranslate()
        self._refresh_list()

    # --- the list of persons ------------------------------------------------------

    def _refresh_list(self) -> None:
        self.person_list.blockSignals(True)
        current = self.person_list.currentRow()
        self.person_list.clear()
        for person in self._persons:
            name = person.full_name or _("(no name yet)")
            mark = "! " if self._problems.get(person.key) else ""
            item = QListWidgetItem(f"{mark}{name} — {label(ROLES, person.role)}")
            self.person_list.addItem(item)
        self.person_list.setCurrentRow(min(max(current, 0), len(self._persons) - 1))
        self.person_list.blockSignals(False)
        self.remove_person.setEnabled(self.person_list.currentRow() > 0)

    def _select(self, row: int) -> None:
        self._store_shown()
        self._shown = row
        if 0 <= row < len(self._persons):
            self._loading = True
            try:
                person = self._persons[row]
                self.form.fill(person, is_policyholder=row == 0)
                self.form.show_problems(self._problems.get(person.key, {}))
            finally:
                self._loading = False
        self.remove_person.setEnabled(row > 0)

    def _store_shown(self) -> None:
        if 0 <= self._shown < len(self._persons):
            self.form.read(self._persons[self._shown])
            if self._shown == 0:
                self._persons[0].role = "policyholder"

    def _edited(self) -> None:
        if self._loading:
            return
        self._store_shown()
        item = self.person_list.currentItem()
        if item is not None and 0 <= self._shown < len(self._persons):
            person = self._persons[self._shown]
            name = person.full_name or _("(no name yet)")
            item.setText(f"{name} — {label(ROLES, person.role)}")
        self.emit_changed()

    def add_person(self, role: str) -> PersonDraft:
        self._store_shown()
        holder = self._persons[0] if self._persons else None
        person = PersonDraft(role=role)
        if holder is not None:  # members usually share the address and language
            for name in ("last_name", "street", "postal_code", "municipality", "canton",
                         "language", "nationality"):
                setattr(person, name, getattr(holder, name))
        self._persons.append(person)
        self._shown = -1
        self._refresh_list()
        self.person_list.setCurrentRow(len(self._persons) - 1)
        self.form.inputs["first_name"].setFocus()
        self.emit_changed()
        return person

    def _remove_current(self) -> None:
        row = self.person_list.currentRow()
        if row <= 0:
            return  # the policyholder stays
        del self._persons[row]
        self._shown = -1
        self._refresh_list()
        self.person_list.setCurrentRow(row - 1)
        self.emit_changed()

    def select_person(self, row: int) -> None:
        self.person_list.setCurrentRow(row)

    # --- page contract ------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        self._persons = copy.deepcopy(draft.persons) or [PersonDraft(role="policyholder")]
        self._problems = {}
        self._shown = -1
        self.person_list.setCurrentRow(-1)
        self._refresh_list()
        self.person_list.setCurrentRow(0)
        self._select(0)

    def clear_errors(self) -> None:
        self.household_error.show_message(None)
        for field in self.form.fields.values():
            field.set_error(None)

    def save(self, draft: ProposalDraft) -> None:
        self._store_shown()
        draft.persons = copy.deepcopy(self._persons)
        keys = {p.key for p in draft.persons}
        for table in (draft.basic, draft.products, draft.answers):
            for key in [k for k in table if k not in keys]:
                del table[key]
        draft.reservations = [r for r in draft.reservations if r.person_key in keys]

    def check(self) -> None:
        self._store_shown()
        today = self.context.today()
        self._problems = {}
        for person in self._persons:
            problems = self.context.checks.check_person(person, today)
            if problems:
                self._problems[person.key] = problems
        self._refresh_list()
        if not self._problems:
            self.clear_errors()
            return
        first = next(i for i, p in enumerate(self._persons) if p.key in self._problems)
        self._shown = -1
        self.person_list.setCurrentRow(first)
        self._select(first)
        who = self._persons[first].full_name or _("(no name yet)")
        self.household_error.show_message(_("Please correct the fields of %s.") % who)
        raise PageCheckError(self._problems[self._persons[first].key])

    @property
    def persons(self) -> list[PersonDraft]:
        return self._persons

    def focus_first(self) -> None:
        self.form.inputs["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)
