from datetime import UTC, datetime
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from app.i18n import LANGUAGES
from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.edit_preferences import PreferencesDialog
from app.views.inactivity import InactivityWatcher
from app.views.main_window import MainWindow
from app.views.preferences import Preferences
from tests.views.fakes import FakeProposals, FakeSync, family_draft


def _window(qtbot: QtBot, context: AppContext, watcher: InactivityWatcher | None = None
            ) -> MainWindow:
    window = MainWindow(context, watcher)
    qtbot.addWidget(window)
    window.show()
    return window


def _seed(context: AppContext) -> FakeProposals:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    first = family_draft()
    proposals.add(first, datetime(2026, 10, 1, 8, 0, tzinfo=UTC))
    second = ProposalDraft(persons=[family_draft().persons[0]], status="signed")
    second.persons[0].first_name = "Zoé"
    second.persons[0].last_name = "Favre"
    second.persons[0].postal_code = "1950"
    proposals.add(second, datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    return proposals


def test_window_title_in_each_language(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    titles = {}
    for language in LANGUAGES:
        window.set_language(language)
        titles[language] = window.windowTitle()
    assert titles == {
        "fr": "Propono - propositions d'assurance maladie",
        "de": "Propono - Anträge für Krankenversicherungen",
        "it": "Propono - proposte di assicurazione malattia",
        "en": "Propono - proposals for health insurance",
    }
    assert context.preferences.load().language == "en"  # the choice is remembered


def test_language_switch_retranslates_every_screen(qtbot: QtBot, context: AppContext) -> None:
    _seed(context)
    window = _window(qtbot, context)
    window.set_language("de")
    assert window.file_menu.title() == "&Datei"
    assert window.browser.new_button.text() == "Ne&uer Antrag"
    assert window.browser.model.headerData(0, Qt.Orientation.Horizontal) == "Kunde"
    assert window.status.connection.text() == "● Offline"
    assert window.status.pending.text() == "3 Änderungen noch nicht synchronisiert"
    assert window.wizard.next_button.text() == "&Weiter"
    assert window.lock_screen.title.text() == "Sitzung gesperrt"
    statuses = [window.browser.status_filter.itemText(i)
                for i in range(window.browser.status_filter.count())]
    assert "Unterzeichnet" in statuses
    window.set_language("it")
    assert window.browser.new_button.text() == "&Nuova proposta"
    assert window.language_actions["it"].isChecked()


def test_list_is_recent_first_and_searches_as_you_type(qtbot: QtBot,
                                                       context: AppContext) -> None:
    _seed(context)
    window = _window(qtbot, context)
    model = window.browser.model
    assert [model.row_at(i).client for i in range(model.rowCount())] == [
        "Zoé Favre", "Anna Rochat"]
    qtbot.keyClicks(window.browser.search, "Roch")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.row_at(0).client == "Anna Rochat"
    window.browser.search.clear()
    qtbot.keyClicks(window.browser.search, "1950")
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.row_at(0).client == "Zoé Favre")
    assert window.browser.count_label.text() == "1 client, 1 proposal"


def test_status_filter(qtbot: QtBot, context: AppContext) -> None:
    _seed(context)
    window = _window(qtbot, context)
    combo = window.browser.status_filter
    combo.setCurrentIndex(combo.findData("signed"))
    assert [window.browser.model.row_at(i).status
            for i in range(window.browser.model.rowCount())] == ["signed"]
    combo.setCurrentIndex(combo.findData("draft"))
    assert window.browser.model.rowCount() == 1
    combo.setCurrentIndex(0)
    assert window.browser.model.rowCount() == 2


def test_status_bar_shows_connection_and_unsynced_changes(qtbot: QtBot,
                                                          context: AppContext) -> None:
    window = _window(qtbot, context)
    assert window.status.connection.text() == "● Offline"
    assert window.status.pending.text() == "3 changes not yet synchronised"
    sync = context.sync
    assert isinstance(sync, FakeSync)
    sync.is_online, sync.pending = True, 1
    window.refresh()
    assert window.status.connection.text() == "● Online"
    assert window.status.pending.text() == "1 change not yet synchronised"
    sync.pending = 0
    window.refresh()
    assert window.status.pending.text() == "Everything synchronised"
    sync.is_online = False
    window.status.check_server()  # asks the server off the interface thread
    qtbot.waitUntil(lambda: window.status.connection.text() == "● Offline", timeout=3000)


def test_open_new_and_close_proposal(qtbot: QtBot, context: AppContext) -> None:
    proposals = _seed(context)
    window = _window(qtbot, context)
    window.browser.table.selectRow(1)
    window.open_action.trigger()
    assert window.stack.currentWidget() is window.wizard
    assert window.wizard.draft.title == "Anna Rochat"
    assert window.wizard.next_action.isEnabled()
    window.close_action.trigger()
    assert window.stack.currentWidget() is window.browser
    assert not window.wizard.next_action.isEnabled()
    window.new_action.trigger()
    assert window.stack.currentWidget() is window.wizard
    assert window.wizard.current_page.step == "household"
    saves = proposals.saves
    window.wizard.save_action.trigger()
    assert proposals.saves == saves + 1


def test_menus_have_shortcuts(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    shortcuts = {a.text(): a.shortcut().toString() for a in
                 (window.new_action, window.lock_action, window.preferences_action,
                  window.quit_action, window.wizard.save_action, window.wizard.next_action,
                  window.wizard.back_action)}
    assert shortcuts == {"&New proposal": "Ctrl+N", "&Lock the session": "Ctrl+L",
                         "Pre&ferences…": "Ctrl+,", "&Quit": "Ctrl+Q", "&Save": "Ctrl+S",
                         "&Next step": "Alt+Right", "&Previous step": "Alt+Left"}


def test_inactivity_locks_and_password_unlocks(qtbot: QtBot, context: AppContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    watcher = InactivityWatcher(app)
    window = _window(qtbot, context, watcher)
    window.new_proposal()
    watcher.set_timeout_ms(50)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.is_locked
    assert not window.menuBar().isEnabled()
    assert not watcher.active  # input on the lock screen does not restart the timer
    prompt = window.lock_screen.prompt
    qtbot.keyClicks(prompt.password, "wrong")
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert window.is_locked
    assert prompt.message.text() == "Wrong password. 4 attempts left before a waiting delay."
    with qtbot.waitSignal(window.unlocked, timeout=3000):
        qtbot.keyClicks(prompt.password, "correct horse")
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.wizard  # back where the agent was
    assert watcher.active
    watcher.stop()


def test_input_restarts_the_inactivity_timer(qtbot: QtBot, context: AppContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    watcher = InactivityWatcher(app)
    window = _window(qtbot, context, watcher)
    watcher.set_timeout_ms(400)
    timer = watcher._timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 300, timeout=2000)
    qtbot.keyClick(window.browser.search, Qt.Key.Key_A)
    assert timer.remainingTime() > 300
    assert not window.is_locked
    watcher.stop()


def test_lock_closes_open_dialogs(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    dialog = QDialog(window)
    dialog.show()
    window.lock()
    assert not dialog.isVisible()
    assert window.is_locked


def test_preferences_dialog_applies_language_and_lock(qtbot: QtBot,
                                                      context: AppContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    watcher = InactivityWatcher(app)
    window = _window(qtbot, context, watcher)

    def fake_exec(dialog: PreferencesDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        dialog.lock.setValue(3)
        dialog.folder.setText("/tmp/propono-data")
        dialog.accept()
        return int(QDialog.DialogCode.Accepted)

    with patch.object(PreferencesDialog, "exec", fake_exec):
        window.preferences_action.trigger()
    assert context.preferences.load() == Preferences("fr", 3, "/tmp/propono-data")
    assert window.windowTitle() == "Propono - propositions d'assurance maladie"
    assert watcher._timer.interval() == 3 * 60_000
    watcher.stop()


def test_preferences_cancel_changes_nothing(qtbot: QtBot, context: AppContext) -> None:
    window = _window(qtbot, context)
    before = context.preferences.load()
    with patch.object(PreferencesDialog, "exec", lambda d: int(QDialog.DialogCode.Rejected)):
        window.edit_preferences()
    assert context.preferences.load() == before


def test_german_labels_are_not_clipped(qtbot: QtBot, context: AppContext) -> None:
    _seed(context)
    window = _window(qtbot, context)
    window.set_language("de")
    window.new_proposal()

    def clipped() -> list[tuple[str, int, int]]:
        found = []
        for label in window.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap():
                needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
                if needed > label.width() + 1:
                    found.append((label.text(), needed, label.width()))
        return found

    # once the layouts have run (they are posted events), nothing is cut
    qtbot.waitUntil(lambda: clipped() == [], timeout=3000)


# --- after a sync: conflicts and repriced offers --------------------------------------

def test_after_a_sync_badges_open_the_conflicts_and_the_repriced_offers(
        qtbot: QtBot) -> None:
    from app.services.sync.client import SyncReport
    from app.views.resolve_conflicts import ResolveConflictsDialog
    from app.views.review_repricing import ReviewRepricingDialog
    from tests.views.fakes import (
        FakeConflicts,
        FakeRepricings,
        make_context,
        phone_conflict,
        repriced_offer,
    )

    conflicts, repricings = FakeConflicts(), FakeRepricings()

    def sync(progress: object) -> SyncReport:  # what the server sent back this time
        conflicts.rows = [phone_conflict(41)]
        repricings.offers = [repriced_offer()]
        return SyncReport(pushed=1, conflicts=[{"id": 41, "field": "phone"}])

    context = make_context(conflicts=conflicts, repricings=repricings, sync_run=sync)
    window = _window(qtbot, context)
    qtbot.waitUntil(lambda: window.sync_button is not None)
    assert window.conflicts_notice.isHidden() and window.repricing_notice.isHidden()
    button = window.sync_button
    assert button is not None
    with qtbot.waitSignal(button.finished, timeout=5000):  # type: ignore[attr-defined]
        button.button.click()  # type: ignore[attr-defined]
    assert window.conflicts_notice.isVisible()
    assert window.conflicts_notice.text() == "⚠ 1 conflict to resolve"
    assert window.repricing_notice.text() == "⚠ 1 repriced offer to review"
    window.conflicts_notice.click()
    dialog = window.conflicts_dialog
    assert isinstance(dialog, ResolveConflictsDialog)
    assert dialog.isVisible() and not dialog.isModal() and dialog.listed == [41]
    dialog.keep_button(41, "theirs").click()
    qtbot.waitUntil(lambda: window.conflicts_notice.isHidden())
    window.repricing_notice.click()
    review = window.repricing_dialog
    assert isinstance(review, ReviewRepricingDialog) and review.listed == ["rp-1"]
    review.reviewed_button("rp-1").click()
    assert window.repricing_notice.isHidden() and repricings.acknowledged == ["rp-1"]


def test_sync_menu_opens_the_dialogs_and_waits_while_locked(qtbot: QtBot) -> None:
    from tests.views.fakes import FakeConflicts, make_context, phone_conflict

    context = make_context(conflicts=FakeConflicts([phone_conflict(41)]))
    window = _window(qtbot, context)
    qtbot.waitUntil(lambda: window.conflicts_notice.isVisible())  # left from an earlier run
    window.set_language("fr")
    assert window.sync_menu.title() == "S&ynchronisation"
    assert window.conflicts_notice.text() == "⚠ 1 conflit à résoudre"
    window.conflicts_action.trigger()
    assert window.conflicts_dialog is not None and window.conflicts_dialog.isVisible()
    window.lock()
    assert not window.conflicts_dialog.isVisible()
    assert not window.conflicts_action.isEnabled() and not window.repricing_action.isEnabled()
