from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.services import agents
from app.services.store.crypto import KdfParams
from app.services.store.database import Store
from app.services.store.schema import open_store
from app.views.context import AppContext
from tests.views.fakes import make_context


@pytest.fixture(autouse=True)
def wheel_guard(qapp: QApplication) -> None:
    """The application-wide wheel rule, as `app.gui.start` installs it."""
    from app.views.wheel_guard import install_wheel_guard

    install_wheel_guard(qapp)


@pytest.fixture(autouse=True)
def english_interface() -> Iterator[None]:
    """Each test starts and ends in English, whatever it switched to."""
    from app.views.language import switch_language

    switch_language("en")
    yield
    switch_language("en")


@pytest.fixture
def context() -> AppContext:
    return make_context()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh database with the agent Claire Demierre logged in (cheap key derivation)."""
    store = open_store(tmp_path / "propono.sqlite")
    agents.create_profile(store, agents.ProfileData(
        "Claire Demierre", "AG-123", ["fr", "de"], "correct horse"),
        kdf=KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    yield store
    # A window's status bar asks the store from a worker thread: it must be done first.
    from app.views.status_bar import SyncStatusBar

    for widget in QApplication.allWidgets():
        if isinstance(widget, SyncStatusBar):
            widget.stop()
    store.close()
