"""Step 3, complementary covers: the catalogue grouped by family, for one person at a time.

Only what the person may take can be ticked; everything else is greyed with the reason
the catalogue gives (age, prerequisite). Choosing a level or a deductible shows the
premium at once, and the waiting periods and exclusions of the selected product are
shown before the client commits. "Compare levels" puts the levels side by side.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import PersonDraft, ProductChoice, ProposalDraft
from app.services.application.ports import ProductInfo
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, Field, PageCheckError, wrapping_label
from app.views.validators import field_validator, parse_date
from app.views.wizard.compare_levels import CompareLevelsDialog
from app.views.wizard.page import WizardPage

COL_PRODUCT, COL_LEVEL, COL_DEDUCTIBLE, COL_PREMIUM = range(4)
GREY = QBrush(QColor(128, 128, 128))


class ProductsPage(WizardPage):
    step = "products"
    title = N_("Products")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._choices: dict[str, dict[str, ProductChoice]] = {}
        self._rows: dict[str, _Row] = {}
        self._infos: dict[str, ProductInfo] = {}
        self._person: PersonDraft | None = None
        self._building = False

        self.intro = wrapping_label(self)
        self.start_label = QLabel(self)
        self.start = QLineEdit(self)
        self.start.setObjectName("lcaStart")
        self.start.setPlaceholderText("dd.mm.yyyy")
        self.start.setValidator(field_validator(
            "birth_date", lambda t: None if parse_date(t) else _("Enter a date as dd.mm.yyyy."),
            self.start))
        self.start_label.setBuddy(self.start)
        self.start_field = Field(self.start, self)
        self.persons = QTabBar(self)
        self.persons.setObjectName("productPersons")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("products")
        self.tree.setColumnCount(4)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.details = wrapping_label(self)
        self.details.setObjectName("productDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setStyleSheet("background: #f6f6f2; padding: 8px; border-radius: 4px;")
        self.compare_button = QPushButton(self)
        self.total = QLabel(self)
        self.total.setObjectName("productsTotal")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        self.page_error = ErrorLabel(self)

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
        layout.addWidget(self.details, 1)
        layout.addLayout(bottom)

        self.persons.currentChanged.connect(self._person_changed)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._show_details())
        self.compare_button.clicked.connect(self.compare_levels)
        self.start.editingFinished.connect(self._start_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("Tick what the client chooses. Greyed products cannot be chosen "
                             "for this person; the reason is shown below them."))
        self.start_label.setText(_("S&tart of the complementary covers"))
        self.compare_button.setText(_("Compare &levels…"))
        self.tree.setHeaderLabels([_("Product"), _("Level"), _("Deductible"),
                                   _("Monthly premium")])
        if self._person is not None:
            self._build_tree()
        self._show_total()

    # --- building -----------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
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
        self._build_tree()
        self._show_total()

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
        person = self._person
        self.tree.clear()
        self._rows = {}
        if person is None:
            return
        self._building = True
        try:
            chosen = self._choices.setdefault(person.key, {})
            for family in self.context.catalogue.families():
                top = QTreeWidgetItem(self.tree, [family.name])
                font = QFont(top.font(0))
                font.setBold(True)
                top.setFont(0, font)
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for info in family.products:
                    self._infos[info.code] = info
                    item = QTreeWidgetItem(top, [f"{info.code} – {info.name}"])
                    self._setup_row(item, info, person, chosen.get(info.code))
                top.setExpanded(True)
        finally:
            self._building = False
        for code in self._rows:
            self._refresh_row(code)
        self.tree.resizeColumnToContents(COL_PRODUCT)

    def _setup_row(self, item: QTreeWidgetItem, info: ProductInfo, person: PersonDraft,
                   choice: ProductChoice | None) -> None:
        item.setData(0, Qt.ItemDataRole.UserRole, info.code)
        item.setToolTip(0, info.description)
        refused, reasons = self._refused_levels(info, person)
        eligible = len(refused) < max(1, len(info.levels))
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        if eligible:
            flags |= Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags)
        item.setCheckState(0, Qt.CheckState.Checked if choice and eligible
                           else Qt.CheckState.Unchecked)
        row = _Row(item=item, eligible=eligible)
        self._rows[info.code] = row
        if not eligible:
            row.remark_item = self._reason(item, reasons)
            for column in range(4):
                item.setForeground(column, GREY)
            return
        if info.levels:
            level = QComboBox()
            level.setObjectName(f"level-{info.code}")
            model = QStandardItemModel(level)
            level.setModel(model)
            for option in info.levels:
                level.addItem(option.label, option.code)
                if option.code in refused:  # greyed in the list, with its reason
                    entry = model.item(level.count() - 1)
                    entry.setEnabled(False)
                    entry.setToolTip(refused[option.code])
            wanted = choice.level if choice and choice.level not in (None, *refused) else next(
                o.code for o in info.levels if o.code not in refused)
            level.setCurrentIndex(max(0, level.findData(wanted)))
            if refused:
                row.remark_item = self._reason(item, " ".join(dict.fromkeys(refused.values())))
            self.tree.setItemWidget(item, COL_LEVEL, level)
            level.currentIndexChanged.connect(lambda _i, c=info.code: self._level_changed(c))
            row.level = level
        deductible = QComboBox()
        deductible.setObjectName(f"deductible-{info.code}")
        self.tree.setItemWidget(item, COL_DEDUCTIBLE, deductible)
        row.deductible = deductible
        self._fill_deductibles(info.code, choice.deductible if choice else None)
        deductible.currentIndexChanged.connect(lambda _i, c=info.code: self._choice_changed(c))

    def _reason(self, item: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        """The reason under the product, over the whole width, greyed."""
        reason = QTreeWidgetItem(item, [text])
        reason.setFirstColumnSpanned(True)
        reason.setFlags(Qt.ItemFlag.ItemIsEnabled)
        reason.setForeground(0, GREY)
        font = QFont(reason.font(0))
        font.setItalic(True)
        reason.setFont(0, font)
        reason.setToolTip(0, text)
        item.setToolTip(0, text)
        item.setExpanded(True)
        return reason

    def _refused_levels(self, info: ProductInfo, person: PersonDraft) -> tuple[dict[str, str], str]:
        """{level: reason} for each level refused, and the reasons of the whole product."""
        catalogue = self.context.catalogue
        if not info.levels:
            verdict = catalogue.eligibility(info.code, None, person, self.draft)
            return ({} if verdict.eligible else {"": " ".join(verdict.reasons)},
                    " ".join(verdict.reasons))
        refused: dict[str, str] = {}
        for option in info.levels:
            verdict = catalogue.eligibility(info.code, option.code, person, self.draft)
            if not verdict.eligible:
                refused[option.code] = " ".join(verdict.reasons)
        if len(refused) == len(info.levels):  # the product as a whole: one reason, not four
            whole = catalogue.eligibility(info.code, None, person, self.draft)
            if not whole.eligible:
                return refused, " ".join(whole.reasons)
        return refused, " ".join(dict.fromkeys(refused.values()))

    def _fill_deductibles(self, code: str, wanted: Decimal | None) -> None:
        row = self._rows[code]
        if row.deductible is None:
            return
        combo = row.deductible
        combo.blockSignals(True)
        combo.clear()
        options = self.context.catalogue.deductibles(code, row.level_code)
        for amount in options:
            combo.addItem(format_chf(amount), str(amount))
        combo.setEnabled(bool(options))
        if not options:
            combo.addItem(_("no deductible"), "")
        if wanted is not None:
            combo.setCurrentIndex(max(0, combo.findData(str(wanted))))
        combo.blockSignals(False)

    # --- edits --------------------------------------------------------------------

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._building or column != COL_PRODUCT:
            return
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if code:
            self._choice_changed(str(code))

    def _level_changed(self, code: str) -> None:
        row = self._rows[code]
        self._fill_deductibles(code, row.deductible_amount)
        self._choice_changed(code)

    def _choice_changed(self, code: str) -> None:
        if self._building or self._person is None:
            return
        row = self._rows[code]
        chosen = self._choices.setdefault(self._person.key, {})
        if row.item.checkState(0) == Qt.CheckState.Checked:
            chosen[code] = ProductChoice(code, row.level_code, row.deductible_amount)
        else:
            chosen.pop(code, None)
        self.tree.setCurrentItem(row.item)
        self._refresh_row(code)
        self._show_details()
        self.save(self.draft)
        self._show_total()
        self.emit_changed()

    def set_choice(self, code: str, checked: bool = True, level: str | None = None,
                   deductible: Decimal | None = None) -> None:
        """What the agent does with the mouse, for keyboard-free tests and macros."""
        row = self._rows[code]
        if level is not None and row.level is not None:
            row.level.setCurrentIndex(row.level.findData(level))
        if deductible is not None and row.deductible is not None:
            row.deductible.setCurrentIndex(row.deductible.findData(str(deductible)))
        row.item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _refresh_row(self, code: str) -> None:
        row = self._rows[code]
        if not row.eligible or self._person is None:
            return
        price = self.context.pricing.price_of(self.draft, self._person.key, code,
                                              row.level_code, row.deductible_amount)
        row.item.setText(COL_PREMIUM, format_chf(price) if price is not None else "–")
        row.item.setTextAlignment(COL_PREMIUM,
                                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _show_details(self) -> None:
        item = self.tree.currentItem()
        code = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        self.compare_button.setEnabled(bool(code) and bool(self._infos.get(str(code), None)
                                                            and self._infos[str(code)].levels))
        if not code:
            self.details.setText(_("Select a product to see its waiting periods and "
                                   "exclusions."))
            return
        code = str(code)
        row = self._rows[code]
        assert item is not None
        start = self.draft.start_date or self.context.today()
        parts = [f"<b>{_escape(item.text(0))}</b>"]
        waits = self.context.catalogue.waiting_periods(code, row.level_code, start)
        if waits:
            parts.append(_("Waiting periods:") + "<ul>" + "".join(
                "<li>" + _escape(_("%(benefit)s: %(months)d months, covered from %(day)s")
                                 % {"benefit": w.benefit, "months": w.months,
                                    "day": format_date(w.covered_from)}) + "</li>"
                for w in waits) + "</ul>")
        else:
            parts.append(_("No waiting period."))
        exclusions = self.context.catalogue.exclusions(code, row.level_code)
        if exclusions:
            parts.append(_("Not covered:") + "<ul>" + "".join(
                f"<li>{_escape(text)}</li>" for text in exclusions) + "</ul>")
        self.details.setText("<br>".join(parts))

    def _show_total(self) -> None:
        if not self.draft.persons:
            self.total.setText("")
            return
        quote = self.context.pricing.quote(self.draft, "monthly")
        self.total.setText(_("Household total: %s per month") % format_chf(quote.total))

    def compare_levels(self) -> None:
        item = self.tree.currentItem()
        code = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not code or self._person is None:
            return
        info = self._infos[str(code)]
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

    def row(self, code: str) -> _Row:
        return self._rows[code]


class _Row:
    """The widgets of one product line of the tree."""

    def __init__(self, item: QTreeWidgetItem, eligible: bool) -> None:
        self.item = item
        self.eligible = eligible
        self.level: QComboBox | None = None
        self.deductible: QComboBox | None = None
        self.remark_item: QTreeWidgetItem | None = None

    @property
    def level_code(self) -> str | None:
        return str(self.level.currentData()) if self.level is not None else None

    @property
    def deductible_amount(self) -> Decimal | None:
        if self.deductible is None:
            return None
        data = self.deductible.currentData()
        return Decimal(str(data)) if data else None

    @property
    def premium_text(self) -> str:
        return self.item.text(COL_PREMIUM)

    @property
    def remark(self) -> str:
        """Why the product, or some of its levels, cannot be chosen ("" when all can)."""
        return self.remark_item.text(0) if self.remark_item is not None else ""

    @property
    def enabled(self) -> bool:
        return bool(self.item.flags() & Qt.ItemFlag.ItemIsEnabled)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
