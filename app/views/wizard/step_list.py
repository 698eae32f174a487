"""The wizard's steps down the left side: a click moves there, a mark shows each step's
last check (✓ complete, ! not yet)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget


class StepList(QListWidget):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        for _index in range(count):
            self.addItem(QListWidgetItem())

    def show_steps(self, titles: Sequence[str], checked: dict[int, bool]) -> None:
        """The translated `titles`, numbered and marked by `checked` (step index: ok)."""
        for index, title in enumerate(titles):
            item = self.item(index)
            mark = {True: "✓ ", False: "! "}.get(checked[index]) if index in checked else ""
            item.setText(f"{mark}{index + 1}. {title}")
            item.setToolTip(title)
        width = self.sizeHintForColumn(0) + 2 * self.frameWidth() + 16
        self.setMinimumWidth(width)
        self.setMaximumWidth(width)  # follows the longest step name in any language

    def select_quietly(self, index: int) -> None:
        """Show `index` as the current step without asking the wizard to move there."""
        self.blockSignals(True)
        self.setCurrentRow(index)
        self.blockSignals(False)
