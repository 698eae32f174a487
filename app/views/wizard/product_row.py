"""One product line of the products tree: its tick, level, deductible and premium, and the
greyed lines under it that say why it (or some of its levels) cannot be chosen, and why it
has no premium."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTreeWidgetItem

from app.services.application.ports import ProductInfo

COL_PRODUCT, COL_LEVEL, COL_DEDUCTIBLE, COL_PREMIUM = range(4)
GREY = QBrush(QColor(110, 110, 110))  # 5.1:1 on white, readable (WCAG 1.4.3)


class ProductRow:
    """The widgets of one product line of the tree."""

    def __init__(self, item: QTreeWidgetItem, eligible: bool) -> None:
        self.item = item
        self.eligible = eligible
        self.level: QComboBox | None = None
        self.deductible: QComboBox | None = None
        self.remark_item: QTreeWidgetItem | None = None
        self.note_item: QTreeWidgetItem | None = None  # why there is no premium

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
    def price_note(self) -> str:
        """Why the line shows no premium ("" when it shows one)."""
        return self.note_item.text(0) if self.note_item is not None else ""

    def show_price_note(self, text: str) -> None:
        """The reason below the line and on the premium's "–", or neither."""
        self.item.setToolTip(COL_PREMIUM, text)
        if not text:
            if self.note_item is not None:
                self.item.removeChild(self.note_item)
                self.note_item = None
            return
        if self.note_item is None:
            self.note_item = grey_line(self.item, text)
        self.note_item.setText(0, text)
        self.note_item.setToolTip(0, text)

    @property
    def enabled(self) -> bool:
        return bool(self.item.flags() & Qt.ItemFlag.ItemIsEnabled)


def reason_item(item: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
    """The reason under the product, over the whole width, greyed."""
    reason = grey_line(item, text)
    item.setToolTip(0, text)
    return reason


def grey_line(item: QTreeWidgetItem, text: str) -> QTreeWidgetItem:
    """A line of text under the product, over the whole width, greyed and in italics."""
    line = QTreeWidgetItem(item, [text])
    line.setFirstColumnSpanned(True)
    line.setFlags(Qt.ItemFlag.ItemIsEnabled)
    line.setForeground(0, GREY)
    font = QFont(line.font(0))
    font.setItalic(True)
    line.setFont(0, font)
    line.setToolTip(0, text)
    item.setExpanded(True)
    return line


def level_combo(info: ProductInfo, refused: dict[str, str], wanted: str | None) -> QComboBox:
    """The product's levels, those refused greyed in the list with their reason; the one
    wanted is selected if allowed, else the first allowed."""
    level = QComboBox()
    level.setObjectName(f"level-{info.code}")
    model = QStandardItemModel(level)
    level.setModel(model)
    for option in info.levels:
        level.addItem(option.label, option.code)
        if option.code in refused:
            entry = model.item(level.count() - 1)
            entry.setEnabled(False)
            entry.setToolTip(refused[option.code])
    if wanted in (None, *refused):
        wanted = next(o.code for o in info.levels if o.code not in refused)
    level.setCurrentIndex(max(0, level.findData(wanted)))
    return level
