"""The first-start dialog on a real, empty store: refusals beside the fields, nothing
written; a valid profile logs the agent in and the login works with it afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from app.services import agents
from app.services.application.agent import StoreAuth
from app.services.store.database import Store
from app.services.store.schema import open_store
from app.views.create_profile import CreateProfileDialog
from app.views.log_in import LoginDialog
from tests.services.conftest import FAST_KDF


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "propono.sqlite")
    yield store
    store.close()


def make_dialog(qtbot: QtBot, store: Store) -> CreateProfileDialog:
    dialog = CreateProfileDialog(partial(agents.create_profile, store, kdf=FAST_KDF))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot: QtBot, dialog: CreateProfileDialog, name: str = "Sandro Lepori",
         number: str = "CICERO-2026-0417", languages: tuple[str, ...] = ("it", "de"),
         password: str = "Lugano-6900", confirmation: str | None = None) -> None:
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.accreditation, number)
    for code, box in dialog.language_boxes.items():
        box.setChecked(code in languages)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClicks(dialog.confirmation, password if confirmation is None else confirmation)


def click_ok(dialog: CreateProfileDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None
    ok.click()


def messages(dialog: CreateProfileDialog) -> dict[str, str]:
    return {key: field.message for key, field in dialog.fields.items() if field.message}


@pytest.mark.parametrize(("changes", "expected"), [
    # seed 000 art. 5: at least 8 characters; 7 is refused
    ({"password": "Lugano6"}, {"password": "The password needs at least 8 characters."}),
    ({"confirmation": "Lugano-6901"}, {"confirmation": "The two passwords are not the same."}),
    ({"name": "   "}, {"name": "This field is required."}),
    ({"number": ""}, {"accreditation_number": "This field is required."}),
    ({"languages": ()}, {"languages": "Choose at least one language."}),
    ({"name": "", "password": "short", "confirmation": "other"},  # all at once; no
     {"name": "This field is required.",  # confirmation message on a refused password
      "password": "The password needs at least 8 characters."}),
])
def test_refusals_beside_the_fields_write_nothing(
        qtbot: QtBot, store: Store, changes: dict[str, object], expected: dict[str, str]) -> None:
    dialog = make_dialog(qtbot, store)
    fill(qtbot, dialog, **changes)  # type: ignore[arg-type]
    click_ok(dialog)
    assert dialog.isVisible() and dialog.result() != CreateProfileDialog.DialogCode.Accepted
    assert messages(dialog) == expected
    assert dialog.profile is None
    assert agents.needs_profile(store) and not store.is_unlocked


def test_corrected_form_clears_the_messages_and_creates_the_profile(
        qtbot: QtBot, store: Store) -> None:
    dialog = make_dialog(qtbot, store)
    fill(qtbot, dialog, confirmation="Lugano-690")
    click_ok(dialog)
    assert messages(dialog) == {"confirmation": "The two passwords are not the same."}
    qtbot.keyClicks(dialog.confirmation, "0")
    with qtbot.waitSignal(dialog.accepted):
        click_ok(dialog)
    assert messages(dialog) == {}
    assert dialog.password.text() == dialog.confirmation.text() == ""  # not kept in widgets


def test_valid_profile_is_created_and_the_agent_logs_in_with_it(
        qtbot: QtBot, store: Store) -> None:
    dialog = make_dialog(qtbot, store)
    fill(qtbot, dialog, name=" Sandro Lepori ", password="8chars!!")  # exactly 8: accepted
    with qtbot.waitSignal(dialog.accepted):
        click_ok(dialog)
    assert dialog.result() == CreateProfileDialog.DialogCode.Accepted
    profile = agents.get_profile(store)
    assert dialog.profile == profile
    assert (profile.name, profile.accreditation_number, profile.languages) == (
        "Sandro Lepori", "CICERO-2026-0417", ("de", "it"))
    assert store.is_unlocked and store.actor_id == profile.id  # logged in at once

    agents.logout(store)  # the next start: the normal login with the new password
    auth = StoreAuth(store, lambda: datetime.now(UTC))
    assert not auth.log_in("8chars!?").ok
    login = LoginDialog(auth)
    qtbot.addWidget(login)
    assert "Sandro Lepori" in login.intro.text()
    login.prompt.password.setText("8chars!!")
    with qtbot.waitSignal(login.accepted):
        login.prompt.submit()
    assert store.is_unlocked


def test_languages_default_to_the_interface_language(qtbot: QtBot, store: Store) -> None:
    dialog = make_dialog(qtbot, store)  # the views' conftest sets English
    assert dialog.values.languages == ["en"]


def test_german_labels_are_not_clipped(qtbot: QtBot, store: Store) -> None:
    from app.views.language import switch_language

    dialog = make_dialog(qtbot, store)
    switch_language("de")
    assert dialog.windowTitle() == "Ihr Vermittlerprofil erstellen"
    assert dialog.captions["languages"].text() == "Beratungs&sprachen"

    def clipped() -> list[tuple[str, int, int]]:
        found = []
        for label in dialog.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap():
                needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
                if needed > label.width() + 1:
                    found.append((label.text(), needed, label.width()))
        return found

    qtbot.waitUntil(lambda: clipped() == [], timeout=3000)
