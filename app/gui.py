"""Start the desktop application (the only module that creates the QApplication)."""

from __future__ import annotations

import sys


def run_gui(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from app.views.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Propono")
    app.setOrganizationName("Propono")
    window = MainWindow()
    window.show()
    return app.exec()
