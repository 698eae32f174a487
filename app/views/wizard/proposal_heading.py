"""The line above the wizard: the proposal's title and step, and its status."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget


class ProposalHeading(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status = QLabel(self)
        top = QHBoxLayout(self)
        top.setContentsMargins(0, 0, 0, 0)  # lines up as a row of the wizard's layout
        top.addWidget(self.heading, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignRight)

    def show_heading(self, title: str, step: str, status: str) -> None:
        self.heading.setText(f"{title} — {step}")
        self.status.setText(status)
