"""Main window of the agent's application."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from app.i18n import _


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self._placeholder = QLabel()
        self.setCentralWidget(self._placeholder)
        self.resize(1100, 720)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Propono - proposals for health insurance"))
        self._placeholder.setText(_("Clients and proposals"))
