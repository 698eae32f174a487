"""The main window's screens, in a stack: the clients and proposals list, the proposal
wizard, the lock screen; moving between them, locking the session, the language.

The base of `MainWindow` (app/views/main_window.py): the dialogs (`window_dialogs`) and the
menus (`window_menus`) are built over it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import SaveError
from app.views.context import AppContext
from app.views.inactivity import InactivityWatcher
from app.views.language import switch_language
from app.views.proposal_list import ProposalBrowser
from app.views.status_bar import SyncStatusBar
from app.views.unlock_session import LockScreen
from app.views.wizard.proposal_wizard import ProposalWizard

# Never signed: what "Delete the draft" offers (the store refuses the others anyway).
DELETABLE_STATUSES = ("draft", "ready", "cancelled", "unsaved")


class WindowScreens(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, context: AppContext, watcher: InactivityWatcher | None = None,
                 default_folder: str = "") -> None:
        super().__init__()
        self.context = context
        self.watcher = watcher
        self.default_folder = default_folder
        self.preferences = context.preferences.load()
        self.stack = QStackedWidget(self)
        self.browser = ProposalBrowser(context.directory, self.stack)
        self.wizard = ProposalWizard(context, parent=self.stack)
        self.lock_screen = LockScreen(context.auth, self.stack)
        for page in (self.browser, self.wizard, self.lock_screen):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)
        self.status = SyncStatusBar(context.sync, self)
        self.setStatusBar(self.status)
        self._before_lock: QWidget = self.browser
        self.browser.open_requested.connect(self.open_proposal)
        self.browser.new_requested.connect(self.new_proposal)
        self.browser.new_for_household.connect(self.new_proposal_for)
        self.wizard.closed.connect(self.show_browser)
        self.wizard.saved.connect(self.status.refresh)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self.close)
        if watcher is not None:
            watcher.idle.connect(self.lock)
            watcher.set_minutes(self.preferences.lock_minutes)

    def _update_actions(self) -> None:
        """The menus follow the screen shown: `WindowMenus` fills this in."""

    # --- navigation ---------------------------------------------------------------

    def show_browser(self) -> None:
        self.stack.setCurrentWidget(self.browser)
        self.browser.refresh()
        self.browser.search.setFocus()
        self._update_actions()

    def new_proposal(self) -> None:
        if self.stack.currentWidget() is self.wizard:
            self.wizard.save()
        self.wizard.open(self.context.proposals.new_draft())
        self.stack.setCurrentWidget(self.wizard)
        self._update_actions()

    def open_proposal(self, proposal_id: str) -> None:
        self.wizard.open(self.context.proposals.load_draft(proposal_id))
        self.stack.setCurrentWidget(self.wizard)
        self._update_actions()

    def _open_selected(self) -> None:
        self.browser.open_selected()

    def new_proposal_for(self, household_id: str) -> None:
        self.wizard.open(self.context.proposals.new_draft(household_id))
        self.stack.setCurrentWidget(self.wizard)
        self._update_actions()

    def _focus_search(self) -> None:
        if self.stack.currentWidget() is not self.browser:
            self.wizard.close_proposal()
        self.browser.search.setFocus()
        self.browser.search.selectAll()

    def cancel_proposal(self) -> bool:
        """After the agent confirms: the proposal is set aside and the list shown."""
        draft = self.wizard.draft
        answer = QMessageBox.question(
            self, _("Cancel the proposal"),
            _("Cancel the proposal of %s? It stays on file with what was entered, and can be "
              "restored later.") % (draft.title or _("this client")))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.context.proposals.cancel(draft)
        except SaveError as error:
            QMessageBox.warning(self, _("Cancel the proposal"), str(error))
            return False
        self.show_browser()
        self.statusBar().showMessage(_("Proposal cancelled: %s") % draft.title, 10_000)
        return True

    def deletion_target(self) -> tuple[str, str] | None:
        """(proposal id, client) the delete action would delete: the open proposal, or
        the one selected in the list; None when it was signed (never deleted)."""
        if self.stack.currentWidget() is self.wizard:
            draft = self.wizard.draft
            found = (draft.id, draft.title, draft.status)
        elif self.stack.currentWidget() is self.browser and (
                row := self.browser.selected_row()) is not None and row.proposal_id:
            found = (row.proposal_id, row.client, row.status)
        else:
            return None
        return found[:2] if found[2] in DELETABLE_STATUSES else None

    def delete_proposal(self) -> bool:
        """After the agent confirms: the draft is deleted, its client stays; the list shown."""
        target = self.deletion_target()
        if target is None:
            return False
        proposal_id, client = target[0], target[1] or _("this client")
        answer = QMessageBox.question(
            self, _("Delete the draft"),
            _("Delete the draft proposal of %s for good? Its products and answers are "
              "removed, also from the insurer's server at the next synchronisation. The "
              "client's details stay.") % client,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.context.proposals.delete(proposal_id)
        except SaveError as error:
            QMessageBox.warning(self, _("Delete the draft"), str(error))
            return False
        self.show_browser()
        self.statusBar().showMessage(_("Draft deleted: %s") % client, 10_000)
        return True

    def restore_proposal(self) -> bool:
        draft = self.wizard.draft
        try:
            self.context.proposals.restore(draft)
        except SaveError as error:
            QMessageBox.warning(self, _("Restore the proposal"), str(error))
            return False
        self.wizard.open(draft)  # editable again, where it was
        self._update_actions()
        return True

    def refresh(self) -> None:
        self.browser.refresh()
        self.status.refresh()

    # --- session lock -------------------------------------------------------------

    def lock(self) -> None:
        if self.stack.currentWidget() is self.lock_screen:
            return
        if self.stack.currentWidget() is self.wizard:
            self.wizard.save()  # nothing typed is lost while locked
        for widget in QApplication.topLevelWidgets():  # no dialog stays over the data
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._before_lock = self.stack.currentWidget() or self.browser
        self.stack.setCurrentWidget(self.lock_screen)
        self.context.auth.lock()  # the data key is forgotten until the password is given
        self.lock_screen.activate()
        if self.watcher is not None:
            self.watcher.pause()
        self._update_actions()
        self.locked.emit()

    def unlock(self) -> None:
        self.stack.setCurrentWidget(self._before_lock)
        if self.watcher is not None:
            self.watcher.resume()
        self._update_actions()
        self.unlocked.emit()

    @property
    def is_locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    # --- language -----------------------------------------------------------------

    def set_language(self, language: str) -> None:
        switch_language(language)
        self.preferences = self.preferences.with_(language=language)
        self.context.preferences.save(self.preferences)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.stack.currentWidget() is self.wizard:
            self.wizard.save()
        self.status.stop()  # its worker asks the store, which closes after the window
        super().closeEvent(event)
