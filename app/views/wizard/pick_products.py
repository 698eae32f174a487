"""Step 3, complementary covers: the catalogue grouped by family, for one person at a time.

Only what the person may take can be ticked; everything else is greyed with the reason
the catalogue gives (age, prerequisite). Choosing a level or a deductible shows the
premium at once, and the waiting periods and exclusions of the selected product are
shown before the client commits. "Compare levels" puts the levels side by side. The line
under the tree gives the person's monthly subtotal. The start of the covers is prefilled
(issue 15, item 10): the first person's basic insurance start, else the first of next
month. The tree of products (product_tree.py, a line each: product_row.py), the details
below it (product_details.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.services.application.draft import PersonDraft, ProductChoice, ProposalDraft
from app.services.application.ports import Quote
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, set_label, wrapping_label
from app.views.validators import field_validator, parse_date
from app.views.wizard.compare_levels import CompareLevelsDialog
from app.views.wizard.page import WizardPage
from app.views.wizard.product_details import ProductDetails
from app.views.wizard.product_row import ProductRow
from app.views.wizard.product_tree import ProductTree
from app.views.wizard.quote_text import total_text


class ProductsPage(WizardPage):
    step = "products"
    title = N_("Products")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._choices: dict[str, dict[str, ProductChoice]] = {}
        self._person: PersonDraft | None = None
        self._quote: Quote | None = None  # the household's, monthly, as last shown

        self.intro = wrapping_label(self)
        self.start_label = QLabel(self)
        self.start = QLineEdit(self)
        self.start.setObjectName("lcaStart")
        self.start.setValidator(field_validator(
            "birth_date", lambda t: None if parse_date(t) else _("Enter a date as dd.mm.yyyy."),
            self.start))
        self.start_label.setBuddy(self.start)
        self.start_field = Field(self.start, self)
        self.persons = QTabBar(self)
        self.persons.setObjectName("productPersons")
        self.tree = ProductTree(context, self)
        self._infos = self.tree.infos  # every product seen, by code (the screenshots use it)
        self.details = ProductDetails(context, self)
        self.compare_button = QPushButton(self)
        self.subtotal = QLabel(self)  # the person shown: their premiums a month
        self.subtotal.setObjectName("personSubtotal")
        self.subtotal.setWordWrap(True)
        self.total = QLabel(self)
        self.total.setObjectName("productsTotal")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        self.page_error = ErrorLabel(self)
        self.missing = ErrorLabel(self)  # the premiums the total leaves out, and why
        self.missing.setObjectName("missingPremiums")

        top = QHBoxLayout()
        top.addWidget(self.start_label)
        top.addWidget(self.start_field, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compare_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.page_error)
        layout.addWidget(self.persons)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.subtotal)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.missing)
        layout.addLayout(bottom)

        self.persons.currentChanged.connect(self._person_changed)
        self.tree.choice_changed.connect(self._choice_changed)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._show_details())
        self.compare_button.clicked.connect(self.compare_levels)
        self.start.editingFinished.connect(self._start_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.start.setPlaceholderText(_("dd.mm.yyyy"))  # jj.mm.aaaa, TT.MM.JJJJ, gg.mm.aaaa
        self.intro.setText(_("Tick what the client chooses. Greyed products cannot be chosen "
                             "for this person; the reason is shown below them."))
        set_label(self.start_label, _("S&tart of the complementary covers"))
        self.compare_button.setText(_("Compare &levels…"))
        self.tree.retranslate()
        if self._person is not None:
            self._build_tree()  # the same product selected, its details in this language
        self._show_total()

    # --- building -----------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        if draft.start_date is None and draft.editable and draft.persons:
            draft.start_date = self._usual_start(draft)
        self.start.setText(format_date(draft.start_date) if draft.start_date else "")
        self._choices = {
            p.key: {c.product: ProductChoice(c.product, c.level, c.deductible)
                    for c in draft.products.get(p.key, [])}
            for p in draft.persons
        }
        self.persons.blockSignals(True)
        while self.persons.count():
            self.persons.removeTab(0)
        for person in draft.persons:
            self.persons.addTab(person.full_name or _("(no name yet)"))
        self.persons.setCurrentIndex(0)
        self.persons.blockSignals(False)
        self._person = draft.persons[0] if draft.persons else None
        self.tree.clear()  # another proposal: no product of the previous one stays selected
        self._build_tree()
        self._show_total()

    def _usual_start(self, draft: ProposalDraft) -> date:
        """The start the covers usually have: the first person's basic insurance start when
        the rules gave one, else the first of next month; the agent may change it."""
        basic = draft.basic.get(draft.persons[0].key)
        if basic is not None and basic.start_date is not None:
            return basic.start_date
        today = self.context.today()
        return date(today.year + today.month // 12, today.month % 12 + 1, 1)

    def _person_changed(self, index: int) -> None:
        if 0 <= index < len(self.draft.persons):
            self._person = self.draft.persons[index]
            self._build_tree()

    def select_person(self, key: str) -> None:
        keys = [p.key for p in self.draft.persons]
        self.persons.setCurrentIndex(keys.index(key))

    def _start_changed(self) -> None:
        self.draft.start_date = parse_date(self.start.text())
        self._build_tree()
        self.emit_changed()

    def _build_tree(self) -> None:
        """The person's lines; the product selected stays selected, its details shown."""
        person = self._person
        chosen = self._choices.setdefault(person.key, {}) if person is not None else {}
        selected = self.tree.current_code()
        self.tree.build(person, self.draft, chosen)
        if selected in self.tree.rows:
            self.tree.setCurrentItem(self.tree.rows[selected].item)
        self._show_details()
        self._show_subtotal()

    # --- edits --------------------------------------------------------------------

    def _choice_changed(self, code: str) -> None:
        if self.tree.building or self._person is None:
            return
        row = self.tree.rows[code]
        chosen = self._choices.setdefault(self._person.key, {})
        if row.item.checkState(0) == Qt.CheckState.Checked:
            chosen[code] = ProductChoice(code, row.level_code, row.deductible_amount)
        else:
            chosen.pop(code, None)
        self.tree.setCurrentItem(row.item)
        self.tree.show_premium(code, self.draft, self._person)
        self._show_details()
        self.save(self.draft)
        self._show_total()
        self.emit_changed()

    def set_choice(self, code: str, checked: bool = True, level: str | None = None,
                   deductible: Decimal | None = None) -> None:
        """What the agent does with the mouse, for keyboard-free tests and macros."""
        row = self.tree.rows[code]
        if level is not None and row.level is not None:
            row.level.setCurrentIndex(row.level.findData(level))
        if deductible is not None and row.deductible is not None:
            row.deductible.setCurrentIndex(row.deductible.findData(str(deductible)))
        row.item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _show_details(self) -> None:
        code = self.tree.current_code()
        info = self._infos.get(code) if code else None
        self.compare_button.setEnabled(bool(info and info.levels))
        item = self.tree.currentItem()
        if not code or item is None:
            self.details.show_nothing()
            return
        start = self.draft.start_date or self.context.today()
        self.details.show_product(item.text(0), code, self.tree.rows[code].level_code, start)

    def _show_total(self) -> None:
        if not self.draft.persons:
            self.total.setText("")
            self.missing.show_message(None)
            return
        quote = self.context.pricing.quote(self.draft, "monthly")
        self._quote = quote
        self.total.setText(total_text(quote, {p.key: p.full_name for p in self.draft.persons}))
        self.missing.show_message("\n".join(m.reason for m in quote.missing))
        self._show_subtotal()

    def _show_subtotal(self) -> None:
        """The person shown: what their covers cost a month, and what that leaves out."""
        person, quote = self._person, self._quote
        if person is None or quote is None or person not in self.draft.persons:
            self.subtotal.setText("")
            return
        name = person.full_name or _("(no name yet)")
        amount = format_chf(_subtotal(quote, person))
        left_out = sum(1 for m in quote.missing if m.person_key == person.key)
        self.subtotal.setText(ngettext(
            "{name}: {amount} per month, without {count} premium",
            "{name}: {amount} per month, without {count} premiums", left_out).format(
            name=name, amount=amount, count=left_out) if left_out else _(
            "{name}: {amount} per month").format(name=name, amount=amount))

    def compare_levels(self) -> None:
        code = self.tree.current_code()
        if not code or self._person is None:
            return
        info = self._infos[code]
        dialog = CompareLevelsDialog(self.context, self.draft, self._person, info, self)
        if dialog.exec() and dialog.chosen_level:
            self.set_choice(info.code, True, dialog.chosen_level)

    # --- page contract ------------------------------------------------------------

    def save(self, draft: ProposalDraft) -> None:
        draft.start_date = parse_date(self.start.text())
        for key, chosen in self._choices.items():
            draft.products[key] = list(chosen.values())

    def clear_errors(self) -> None:
        self.page_error.show_message(None)
        self.start_field.set_error(None)

    def check(self) -> None:
        problems: dict[str, str] = {}
        if parse_date(self.start.text()) is None:
            problems["start_date"] = _("Enter the start date of the complementary covers.")
            self.start_field.set_error(problems["start_date"])
        for person in self.draft.persons:
            for choice in self._choices.get(person.key, {}).values():
                verdict = self.context.catalogue.eligibility(choice.product, choice.level,
                                                             person, self.draft)
                if not verdict.eligible:
                    problems[f"{person.key}.{choice.product}"] = (
                        f"{person.full_name}, {choice.product}: " + " ".join(verdict.reasons))
        if problems:
            self.page_error.show_message("\n".join(
                v for k, v in problems.items() if k != "start_date") or None)
            raise PageCheckError(problems)
        self.clear_errors()

    def row(self, code: str) -> ProductRow:
        return self.tree.rows[code]


def _subtotal(quote: Quote, person: PersonDraft) -> Decimal:
    return sum((line.net for line in quote.lines if line.person_key == person.key),
               Decimal("0.00"))
