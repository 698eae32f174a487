"""Start the desktop application (the only module that creates the QApplication).

First start on a fresh machine: the demo database is created in the data folder (the
store's `ensure_demo_database`), so `make run` opens on the demo data; the demo agent's
password is in the README.

The store's modules are imported before PySide6: once PySide6 is loaded, its import hook
inspects every module imported after it, which made the start-up a tenth of a second
slower.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Started:
    app: Any  # QApplication
    store: Any  # app.services.store.Store
    context: Any  # app.views.context.AppContext
    folder: Path


def start(argv: list[str] | None = None) -> Started:
    """Everything up to the login: the database open, the services container built."""
    from PySide6.QtWidgets import QApplication

    import app.services.agents  # noqa: F401 - see the module docstring
    import app.services.households  # noqa: F401
    import app.services.journal  # noqa: F401
    import app.services.proposals  # noqa: F401
    from app.services.demo import ensure_demo_database
    from app.services.schema import open_store
    from app.views.preferences import SettingsPreferences

    application = QApplication.instance() or QApplication(
        argv if argv is not None else sys.argv)
    assert isinstance(application, QApplication)
    application.setApplicationName("Propono")
    application.setOrganizationName("Propono")
    preferences = SettingsPreferences()
    chosen = preferences.load()
    if chosen.data_folder:  # the agent's choice, read before anything opens the database
        os.environ["PROPONO_DATA_DIR"] = chosen.data_folder

    from app.paths import data_dir
    from app.views.language import switch_language
    from app.views.wiring import build_context

    switch_language(chosen.language)
    folder = data_dir()
    store = open_store(ensure_demo_database(Path(folder) / "propono.sqlite"))
    return Started(application, store, build_context(store, folder, preferences), folder)


def main_window(started: Started) -> Any:
    from app.views.inactivity import InactivityWatcher
    from app.views.main_window import MainWindow

    window = MainWindow(started.context, InactivityWatcher(started.app),
                        default_folder=str(started.folder))
    window.show()
    return window


def run_gui(argv: list[str] | None = None) -> int:
    started = start(argv)
    try:
        from app.views.log_in import LoginDialog

        if LoginDialog(started.context.auth).exec() != LoginDialog.DialogCode.Accepted:
            return 0
        main_window(started)
        return int(started.app.exec())
    finally:
        started.store.close()
