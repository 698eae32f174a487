"""A tree's first column that wraps its text at the column's width (a line spanning the
columns: at the tree's), so a long product name or reason is read whole, never cut
(issue 15, item 10). Rows grow to the lines they need and follow the column's width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
)

_TALL = 100000


class WrappedFirstColumn(QStyledItemDelegate):
    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setItemDelegateForColumn(0, self)
        # a new width of the column lays the rows out again: they get taller or shorter
        tree.header().sectionResized.connect(lambda *_args: tree.scheduleDelayedItemsLayout())

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if not opt.text:
            return size
        opt.rect = QRect(0, 0, self._width(index), _TALL)
        style = self.tree.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, self.tree)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.tree) + 1
        room = max(1, text.width() - 2 * margin)
        needed = QFontMetrics(opt.font).boundingRect(
            QRect(0, 0, room, _TALL), int(Qt.TextFlag.TextWordWrap), opt.text)
        return QSize(size.width(), max(size.height(), needed.height() + 2 * margin))

    def _width(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The cell's width: the column's (or the header's for a spanned line) less the
        indentation of its depth."""
        tree = self.tree
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        if tree.rootIsDecorated():
            depth += 1
        spanned = tree.isFirstColumnSpanned(index.row(), index.parent())
        width = tree.header().length() if spanned else tree.columnWidth(0)
        return max(1, width - depth * tree.indentation())
