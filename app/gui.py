"""Start the desktop application (the only module that creates the QApplication).

Which screen comes first (`choose_start`): the login when the database has an agent;
otherwise, with `propono --demo` (`make run`), the demo agent and clients are added and the
login follows (the demo password is in the README); otherwise (a real agent's first start)
the empty database opens with the dialog that creates the agent's profile, which logs the
agent in.

The store's modules are imported before PySide6: once PySide6 is loaded, its import hook
inspects every module imported after it, which made the start-up a tenth of a second
slower.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

DATABASE_NAME = "propono.sqlite"


class StartMode(Enum):
    LOGIN = "login"  # the agent's password
    DEMO = "demo"  # the demo data was just added: the demo agent's password
    FIRST_START = "first_start"  # no agent yet: create the profile


def choose_start(has_profile: bool, demo: bool) -> StartMode:
    """An existing agent always logs in (`--demo` never touches a database in use)."""
    if has_profile:
        return StartMode.LOGIN
    return StartMode.DEMO if demo else StartMode.FIRST_START


@dataclass
class Started:
    app: Any  # QApplication
    store: Any  # app.services.store.database.Store
    context: Any  # app.services.application.ports.AppContext
    folder: Path
    mode: StartMode = StartMode.LOGIN


def start(argv: list[str] | None = None, demo: bool = False) -> Started:
    """Everything up to the first dialog: the database open (created empty when missing,
    filled with the demo data if `demo` and it has no agent), the services built."""
    from PySide6.QtWidgets import QApplication

    import app.services.proposals.households  # noqa: F401 - see the module docstring
    import app.services.proposals.records  # noqa: F401
    import app.services.store.journal  # noqa: F401
    from app.services import agents
    from app.services.store.schema import open_store
    from app.views.preferences import SettingsPreferences

    application = QApplication.instance() or QApplication(
        argv if argv is not None else sys.argv)
    assert isinstance(application, QApplication)
    application.setApplicationName("Propono")
    application.setOrganizationName("Propono")
    from app.views.wheel_guard import install_wheel_guard

    install_wheel_guard(application)  # the wheel never changes a field not being edited
    preferences = SettingsPreferences()
    chosen = preferences.load()
    if chosen.data_folder:  # the agent's choice, read before anything opens the database
        os.environ["PROPONO_DATA_DIR"] = chosen.data_folder

    from app.paths import data_dir
    from app.views.language import switch_language
    from app.views.wiring import build_context

    switch_language(chosen.language)
    folder = data_dir()
    store = open_store(Path(folder) / DATABASE_NAME)
    mode = choose_start(not agents.needs_profile(store), demo)
    if mode is StartMode.DEMO:
        from app.services.demo.data import add_demo_data  # the catalogue: only for the demo

        add_demo_data(store)
        agents.logout(store)  # the login follows, as for any agent
    return Started(application, store, build_context(store, folder, preferences), folder,
                   mode)


def main_window(started: Started) -> Any:
    from app.views.inactivity import InactivityWatcher
    from app.views.main_window import MainWindow

    window = MainWindow(started.context, InactivityWatcher(started.app),
                        default_folder=str(started.folder))
    window.show()
    return window


def first_dialog(started: Started) -> Any:
    """The profile dialog on a first start (accepted: the agent is logged in), else the
    login."""
    if started.mode is StartMode.FIRST_START:
        from functools import partial

        from app.services.agents import create_profile
        from app.views.create_profile import CreateProfileDialog

        return CreateProfileDialog(partial(create_profile, started.store))
    from app.views.log_in import LoginDialog

    return LoginDialog(started.context.auth)


def run_gui(argv: list[str] | None = None, demo: bool = False) -> int:
    started = start(argv, demo)
    try:
        from PySide6.QtWidgets import QDialog

        if first_dialog(started).exec() != QDialog.DialogCode.Accepted:
            return 0
        main_window(started)
        return int(started.app.exec())
    finally:
        started.store.close()
