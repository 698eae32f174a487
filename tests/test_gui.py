"""Start-up: which dialog comes first (demo / first start / login), on real databases in a
temporary data folder, without running the event loop (modal dialogs: `exec` patched)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app import gui
from app.gui import StartMode, choose_start
from app.models import Household
from app.services import agents
from app.services.demo.data import DEMO_AGENT, DEMO_PASSWORD
from app.services.store.schema import open_store
from app.views.create_profile import CreateProfileDialog
from app.views.log_in import LoginDialog
from app.views.preferences import MemoryPreferences
from tests.services.conftest import FAST_KDF


@pytest.mark.parametrize(("has_profile", "demo", "expected"), [
    (False, False, StartMode.FIRST_START),
    (False, True, StartMode.DEMO),
    (True, False, StartMode.LOGIN),
    (True, True, StartMode.LOGIN),  # --demo never adds the demo to an agent's database
])
def test_choose_start(has_profile: bool, demo: bool, expected: StartMode) -> None:
    assert choose_start(has_profile, demo) is expected


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Path]:
    """An empty data folder; the preferences in memory, not the developer's own."""
    monkeypatch.setenv("PROPONO_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("app.views.preferences.SettingsPreferences", MemoryPreferences)
    yield tmp_path
    from app.views.language import switch_language

    switch_language("en")


def started(demo: bool = False) -> gui.Started:
    result = gui.start([], demo=demo)
    assert result.folder == result.store.path.parent
    return result


def test_plain_start_on_a_new_machine_opens_an_empty_database(folder: Path) -> None:
    first = started()
    try:
        assert first.mode is StartMode.FIRST_START
        assert first.store.path == folder / "propono.sqlite"
        assert agents.needs_profile(first.store)
        assert isinstance(gui.first_dialog(first), CreateProfileDialog)
    finally:
        first.store.close()
    # the agent closed the dialog: the next start asks again
    again = started()
    again.store.close()
    assert again.mode is StartMode.FIRST_START


def test_an_agents_database_opens_on_the_login_even_with_demo(folder: Path) -> None:
    store = open_store(folder / "propono.sqlite")
    agents.create_profile(store, agents.ProfileData("Sandro Lepori", "AG-1", ["it"],
                                                    "Lugano-6900"), kdf=FAST_KDF)
    store.close()
    for demo in (False, True):
        start = started(demo)
        try:
            assert start.mode is StartMode.LOGIN
            assert isinstance(gui.first_dialog(start), LoginDialog)
            assert agents.get_profile(start.store).name == "Sandro Lepori"
            assert not start.store.is_unlocked
            with start.store.reading() as session:  # nothing added
                assert session.scalar(select(func.count(Household.id))) == 0
        finally:
            start.store.close()


def test_demo_start_adds_the_demo_then_the_login_follows(folder: Path) -> None:
    open_store(folder / "propono.sqlite").close()  # e.g. a first start cancelled before
    demo = started(demo=True)
    try:
        assert demo.mode is StartMode.DEMO
        assert agents.get_profile(demo.store).name == DEMO_AGENT.name
        assert not demo.store.is_unlocked  # the demo agent logs in like anyone
        assert isinstance(gui.first_dialog(demo), LoginDialog)
        assert demo.context.auth.log_in(DEMO_PASSWORD).ok
        assert len(demo.context.directory.search("")) > 0
    finally:
        demo.store.close()
    again = started(demo=True)
    again.store.close()
    assert again.mode is StartMode.LOGIN


def test_run_gui_first_start_creates_the_profile_and_opens_the_window(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def create(dialog: CreateProfileDialog) -> int:
        dialog.name.setText("Sandro Lepori")
        dialog.accreditation.setText("CICERO-2026-0417")
        dialog.password.setText("Lugano-6900")
        dialog.confirmation.setText("Lugano-6900")
        dialog.accept()
        return dialog.result()

    windows: list[Any] = []
    monkeypatch.setattr(CreateProfileDialog, "exec", create)
    monkeypatch.setattr(gui, "main_window", lambda s: windows.append(s.store.actor_id))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert gui.run_gui([]) == 0
    store = open_store(folder / "propono.sqlite")
    try:
        profile = agents.get_profile(store)
        assert windows == [profile.id]  # the window opened for the new agent, logged in
        assert profile.languages == ("en",)
    finally:
        store.close()


def test_run_gui_cancelled_first_start_opens_no_window(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CreateProfileDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(gui, "main_window", lambda s: pytest.fail("no window expected"))
    assert gui.run_gui([]) == 0
