"""The catalogue grouped by family for one person: a line per product with its level,
deductible and monthly premium; what the person may not take is greyed with the reason
the catalogue gives (age, prerequisite), a premium the tariff cannot give ("–") with the
reason the pricing gives. Names and reasons wrap: each is read whole."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.i18n import _
from app.services.application.draft import PersonDraft, ProductChoice, ProposalDraft
from app.services.application.ports import ProductInfo
from app.services.formatting import format_chf
from app.views.context import AppContext
from app.views.forms import name_view
from app.views.wizard.product_row import (
    COL_DEDUCTIBLE,
    COL_LEVEL,
    COL_PREMIUM,
    COL_PRODUCT,
    GREY,
    ProductRow,
    level_combo,
    reason_item,
)
from app.views.wizard.wrapped_column import WrappedFirstColumn


class ProductTree(QTreeWidget):
    # a product's code: ticked or unticked, or another level or deductible chosen
    choice_changed = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: dict[str, ProductRow] = {}
        self.infos: dict[str, ProductInfo] = {}
        self.building = False
        self.setObjectName("products")
        self.setColumnCount(4)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the names and the levels share the room left: a long level name no longer squeezes
        # the names (the level's combo shows its whole name when opened and as a tooltip)
        header.setSectionResizeMode(COL_PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_LEVEL, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.wrapping = WrappedFirstColumn(self)
        self.itemChanged.connect(self._item_changed)

    def retranslate(self) -> None:
        self.setHeaderLabels([_("Product"), _("Level"), _("Deductible"), _("Monthly premium")])
        name_view(self, _("Products"))

    def current_code(self) -> str | None:
        item = self.currentItem()
        code = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(code) if code else None

    def build(self, person: PersonDraft | None, draft: ProposalDraft,
              chosen: dict[str, ProductChoice]) -> None:
        """The lines for the person, ticked as chosen, with their premiums."""
        self.clear()
        self.rows = {}
        if person is None:
            return
        self.building = True  # ticking while building is no choice of the agent
        try:
            for family in self.context.catalogue.families():
                top = QTreeWidgetItem(self, [family.name])
                font = QFont(top.font(0))
                font.setBold(True)
                top.setFont(0, font)
                top.setFlags(Qt.ItemFlag.ItemIsEnabled)
                for info in family.products:
                    self.infos[info.code] = info
                    item = QTreeWidgetItem(top, [f"{info.code} – {info.name}"])
                    self._setup_row(item, info, person, draft, chosen.get(info.code))
                top.setExpanded(True)
        finally:
            self.building = False
        for code in self.rows:
            self.show_premium(code, draft, person)
        self.resizeColumnToContents(COL_PRODUCT)

    def _setup_row(self, item: QTreeWidgetItem, info: ProductInfo, person: PersonDraft,
                   draft: ProposalDraft, choice: ProductChoice | None) -> None:
        item.setData(0, Qt.ItemDataRole.UserRole, info.code)
        item.setToolTip(0, info.description)
        refused, reasons = self._refused_levels(info, person, draft)
        eligible = len(refused) < max(1, len(info.levels))
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        if eligible:
            flags |= Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags)
        item.setCheckState(0, Qt.CheckState.Checked if choice and eligible
                           else Qt.CheckState.Unchecked)
        row = ProductRow(item=item, eligible=eligible)
        self.rows[info.code] = row
        if not eligible:
            row.remark_item = reason_item(item, reasons)
            for column in range(4):
                item.setForeground(column, GREY)
            return
        if info.levels:
            level = level_combo(info, refused, choice.level if choice else None)
            level.setAccessibleName(f"{info.name}: {_('Level')}")
            if refused:
                row.remark_item = reason_item(item, " ".join(dict.fromkeys(refused.values())))
            self.setItemWidget(item, COL_LEVEL, level)
            level.currentIndexChanged.connect(lambda _i, c=info.code: self._level_changed(c))
            row.level = level
        deductible = QComboBox()
        deductible.setObjectName(f"deductible-{info.code}")
        deductible.setAccessibleName(f"{info.name}: {_('Deductible')}")
        self.setItemWidget(item, COL_DEDUCTIBLE, deductible)
        row.deductible = deductible
        self._fill_deductibles(info.code, choice.deductible if choice else None)
        deductible.currentIndexChanged.connect(
            lambda _i, c=info.code: self.choice_changed.emit(c))

    def _refused_levels(self, info: ProductInfo, person: PersonDraft,
                        draft: ProposalDraft) -> tuple[dict[str, str], str]:
        """{level: reason} for each level refused, and the reasons of the whole product."""
        catalogue = self.context.catalogue
        if not info.levels:
            verdict = catalogue.eligibility(info.code, None, person, draft)
            return ({} if verdict.eligible else {"": " ".join(verdict.reasons)},
                    " ".join(verdict.reasons))
        refused: dict[str, str] = {}
        for option in info.levels:
            verdict = catalogue.eligibility(info.code, option.code, person, draft)
            if not verdict.eligible:
                refused[option.code] = " ".join(verdict.reasons)
        if len(refused) == len(info.levels):  # the product as a whole: one reason, not four
            whole = catalogue.eligibility(info.code, None, person, draft)
            if not whole.eligible:
                return refused, " ".join(whole.reasons)
        return refused, " ".join(dict.fromkeys(refused.values()))

    def _fill_deductibles(self, code: str, wanted: Decimal | None) -> None:
        row = self.rows[code]
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

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self.building or column != COL_PRODUCT:
            return
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if code:
            self.choice_changed.emit(str(code))

    def _level_changed(self, code: str) -> None:
        row = self.rows[code]  # the level's own deductibles, the amount kept if offered
        self._fill_deductibles(code, row.deductible_amount)
        self.choice_changed.emit(code)

    def show_premium(self, code: str, draft: ProposalDraft, person: PersonDraft) -> None:
        row = self.rows[code]
        if not row.eligible:
            return
        pricing = self.context.pricing
        price = pricing.price_of(draft, person.key, code, row.level_code, row.deductible_amount)
        row.item.setText(COL_PREMIUM, format_chf(price) if price is not None else "–")
        row.show_price_note("" if price is not None else pricing.price_note(
            draft, person.key, code, row.level_code, row.deductible_amount))
        row.item.setTextAlignment(COL_PREMIUM,
                                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
