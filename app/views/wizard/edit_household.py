"""Step 1, persons: the policyholder and the members of the household.

The list of persons stands beside the form of the one selected (person_form.py); the
postal code fills in the municipality and the canton (address_lookup.py).
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import ROLES, PersonDraft, ProposalDraft
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, name_view
from app.views.labels import label
from app.views.wizard.page import WizardPage
from app.views.wizard.person_form import PersonForm


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
        self.household_error = ErrorLabel(self, reserve=True)  # above the form: nothing jumps
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
        name_view(self.person_list, _("Persons of the household"))
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
