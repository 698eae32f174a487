"""The offline bundle from the Sync menu: written off the interface thread, all or nothing,
readable by the insurer's server only (issue 7, for days without network)."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from pathlib import Path
from unittest.mock import patch

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from app.services.application.ports import BundleRefused, BundleWritten
from app.services.store import journal
from app.services.store.database import Store
from app.services.sync import bundle, settings
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from app.views.write_bundle import suggested_name
from tests.views.fakes import chosen, family_draft, make_context

TODAY = date(2026, 11, 20)
WAIT_MS = 10_000


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    return window


def _write(qtbot: QtBot, window: MainWindow, path: Path | None = None) -> list[tuple[str, str]]:
    """Runs the menu's flow; returns the message boxes shown (title, text)."""
    shown: list[tuple[str, str]] = []

    def info(_parent: object, title: str, text: str) -> None:
        shown.append((title, text))

    with patch.object(QMessageBox, "information", info), \
            patch.object(QMessageBox, "warning", info):
        writer = window.write_bundle(path)
        assert writer is not None
        with qtbot.waitSignal(writer.finished, timeout=WAIT_MS):
            pass
        assert writer.wait(WAIT_MS)
    return shown


def test_the_file_and_what_it_holds(qtbot: QtBot, tmp_path: Path) -> None:
    written: list[Path] = []

    def write(path: Path) -> BundleWritten:
        written.append(path)
        return BundleWritten(path, 12, 1)

    window = _window(qtbot, make_context(write_bundle=write, today=lambda: TODAY))
    assert window.bundle_action in window.sync_menu.actions()
    assert window.bundle_action.isEnabled()
    typed = tmp_path / "for the office"  # the suffix is added
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(typed), "")) as asked:
        shown = _write(qtbot, window)
    assert asked.call_args.args[2].endswith("propono-2026-11-20.propono-bundle")
    assert written == [tmp_path / "for the office.propono-bundle"]
    assert shown == [("Offline bundle written",
                      "for the office.propono-bundle holds 12 changes and 1 document, encrypted "
                      "for the insurer and signed by this laptop. Hand it to the back office; "
                      "the changes stay marked as not synchronised until the next online sync "
                      "confirms them.")]


def test_a_refusal_is_said_in_a_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    def write(path: Path) -> BundleWritten:
        raise BundleRefused("Sync online once first.")

    window = _window(qtbot, make_context(write_bundle=write))
    assert _write(qtbot, window, tmp_path / "b.propono-bundle") == [
        ("Offline bundle", "Sync online once first.")]


def test_without_a_writer_the_entry_is_off(qtbot: QtBot) -> None:
    window = _window(qtbot, make_context())
    assert not window.bundle_action.isEnabled()
    assert window.write_bundle() is None


def test_suggested_name() -> None:
    assert suggested_name(date(2027, 1, 4)) == "propono-2027-01-04.propono-bundle"


# --- the real store --------------------------------------------------------------------

def _context(store: Store, tmp_path: Path) -> AppContext:
    return build_context(store, tmp_path, MemoryPreferences(), lambda: TODAY,
                         lambda: datetime(2026, 11, 20, 14, 0, tzinfo=UTC))


def test_a_laptop_that_never_synced_is_told_why(qtbot: QtBot, store: Store,
                                                tmp_path: Path) -> None:
    window = _window(qtbot, _context(store, tmp_path))
    shown = _write(qtbot, window, tmp_path / "b.propono-bundle")
    assert shown == [("Offline bundle", "This laptop must sync online once before it can "
                      "write a bundle: the insurer's key and the laptop's registration come "
                      "with that first sync.")]
    assert not (tmp_path / "b.propono-bundle").exists()
    window.close()


def test_the_server_reads_every_pending_change(qtbot: QtBot, store: Store,
                                               tmp_path: Path) -> None:
    server_key = X25519PrivateKey.generate()
    laptop_key = settings.signing_key(store)
    with store.unit_of_work() as session:  # what the first online sync leaves behind
        settings.put(session, settings.SERVER_BUNDLE_KEY, base64.b64encode(
            server_key.public_key().public_bytes_raw()).decode())
        settings.put(session, settings.KEY_REGISTERED, True)
    context = _context(store, tmp_path)
    context.proposals.save_draft(chosen(family_draft()))
    pending = len(journal.pending(store, limit=10_000))
    assert pending > 0
    window = _window(qtbot, context)
    target = tmp_path / "office.propono-bundle"
    shown = _write(qtbot, window, target)
    assert shown[0][0] == "Offline bundle written"
    read = bundle.decode(target.read_bytes(), server_private_key=server_key,
                         verify_key_for=lambda _agent: laptop_key.public_key().public_bytes_raw())
    assert len(read.changes) == pending
    assert len(journal.pending(store, limit=10_000)) == pending  # not shipped until confirmed
    window.close()
