"""Start the desktop application (the only module that creates the QApplication).

First start on a fresh machine: the demo database is created in the data folder (the
store's `ensure_demo_database`), so `make run` opens on the demo data; the demo agent's
password is in the README.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_gui(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from app.views.preferences import SettingsPreferences

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Propono")
    app.setOrganizationName("Propono")
    preferences = SettingsPreferences()
    chosen = preferences.load()
    if chosen.data_folder:  # the agent's choice, read before anything opens the database
        os.environ["PROPONO_DATA_DIR"] = chosen.data_folder

    from app.paths import data_dir
    from app.services.demo import ensure_demo_database
    from app.services.schema import open_store
    from app.views.inactivity import InactivityWatcher
    from app.views.language import switch_language
    from app.views.log_in import LoginDialog
    from app.views.main_window import MainWindow
    from app.views.wiring import build_context

    switch_language(chosen.language)
    folder = data_dir()
    store = open_store(ensure_demo_database(Path(folder) / "propono.sqlite"))
    try:
        context = build_context(store, folder, preferences)
        if LoginDialog(context.auth).exec() != LoginDialog.DialogCode.Accepted:
            return 0
        window = MainWindow(context, InactivityWatcher(app), default_folder=str(folder))
        window.show()
        return app.exec()
    finally:
        store.close()
