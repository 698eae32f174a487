"""The main window: clients and proposals, the proposal wizard, the lock screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.i18n import LANGUAGES, _, get_language, ngettext
from app.services.application.ports import SaveError
from app.views.context import AppContext
from app.views.edit_preferences import PreferencesDialog
from app.views.inactivity import InactivityWatcher
from app.views.labels import LANGUAGE_NAMES
from app.views.language import switch_language
from app.views.proposal_list import ProposalBrowser
from app.views.status_bar import SyncStatusBar
from app.views.unlock_session import LockScreen
from app.views.wizard.proposal_wizard import ProposalWizard

if TYPE_CHECKING:  # loaded when first opened
    from app.views.change_password import ChangePasswordDialog
    from app.views.export_offers import ExportOffersDialog
    from app.views.import_tariff import ImportTariffDialog
    from app.views.resolve_conflicts import ResolveConflictsDialog
    from app.views.review_repricing import ReviewRepricingDialog
    from app.views.write_bundle import BundleWriter

SYNC_BUTTON_DELAY_MS = 300


class MainWindow(QMainWindow):
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
        self.sync_button: QWidget | None = None
        if context.sync_run is not None:  # the sync stack loads once the window is up
            QTimer.singleShot(SYNC_BUTTON_DELAY_MS, self._add_sync_button)
        # After a sync: what the agent must look at, as badges opening the dialogs.
        self.conflicts_notice = self._notice("conflicts_notice", self.resolve_conflicts)
        self.repricing_notice = self._notice("repricing_notice", self.review_repricing)
        self._open_conflicts = self._unreviewed = 0
        self.conflicts_dialog: ResolveConflictsDialog | None = None
        self.repricing_dialog: ReviewRepricingDialog | None = None
        self.tariff_dialog: ImportTariffDialog | None = None
        if context.conflicts is not None or context.repricings is not None:
            QTimer.singleShot(SYNC_BUTTON_DELAY_MS, self.update_sync_notice)
        self._before_lock: QWidget = self.browser

        self._make_actions()
        self._make_menus()
        self.browser.open_requested.connect(self.open_proposal)
        self.browser.new_requested.connect(self.new_proposal)
        self.browser.new_for_household.connect(self.new_proposal_for)
        self.browser.export_requested.connect(self.export_offers)
        self.wizard.closed.connect(self.show_browser)
        self.wizard.saved.connect(self.status.refresh)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self.close)
        if watcher is not None:
            watcher.idle.connect(self.lock)
            watcher.set_minutes(self.preferences.lock_minutes)
        self.resize(1180, 760)
        self.retranslate()
        self._update_actions()

    def _add_sync_button(self) -> None:
        from app.views.sync_button import SyncButton

        assert self.context.sync_run is not None
        button = SyncButton(self.context.sync_run, self.status)
        self.status.insertPermanentWidget(0, button)
        button.finished.connect(lambda _report: self.refresh())
        button.finished.connect(lambda _report: self.update_sync_notice())
        self.sync_button = button

    def _notice(self, name: str, opens: Callable[[], None]) -> QPushButton:
        notice = QPushButton(self.status)
        notice.setObjectName(name)
        notice.setFlat(True)
        notice.setStyleSheet("QPushButton { color: #8a4b00; font-weight: bold; padding: 0 6px; }")
        notice.clicked.connect(opens)
        notice.hide()
        self.status.insertPermanentWidget(0, notice)
        return notice

    # --- actions and menus --------------------------------------------------------

    def _action(self, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _make_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action(QKeySequence(keys.New))
        self.new_action.triggered.connect(self.new_proposal)
        self.open_action = self._action(QKeySequence(keys.Open))
        self.open_action.triggered.connect(self._open_selected)
        self.cancel_proposal_action = self._action()
        self.cancel_proposal_action.triggered.connect(self.cancel_proposal)
        self.restore_proposal_action = self._action()
        self.restore_proposal_action.triggered.connect(self.restore_proposal)
        self.export_action = self._action("Ctrl+E")
        self.export_action.triggered.connect(self.export_offers)
        self.close_action = self._action(QKeySequence(keys.Close))
        self.close_action.triggered.connect(self.wizard.close_proposal)
        self.find_action = self._action(QKeySequence(keys.Find))
        self.find_action.triggered.connect(self._focus_search)
        self.refresh_action = self._action(QKeySequence(keys.Refresh))
        self.refresh_action.triggered.connect(self.refresh)
        self.preferences_action = self._action(QKeySequence("Ctrl+,"))
        self.preferences_action.triggered.connect(self.edit_preferences)
        self.password_action = self._action()
        self.password_action.triggered.connect(self.change_password)
        self.lock_action = self._action("Ctrl+L")
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = self._action(QKeySequence(keys.Quit))
        if self.quit_action.shortcut().isEmpty():  # not every desktop defines one
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.about_action = self._action()
        self.about_action.triggered.connect(self.about)
        self.conflicts_action = self._action()
        self.conflicts_action.triggered.connect(self.resolve_conflicts)
        self.repricing_action = self._action()
        self.repricing_action.triggered.connect(self.review_repricing)
        self.bundle_action = self._action()
        self.bundle_action.triggered.connect(self.write_bundle)
        self.bundle_writer: BundleWriter | None = None
        self.import_tariff_action = self._action()
        self.import_tariff_action.triggered.connect(self.import_tariff)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[code], self)  # shown in its own language
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        # The wizard's own actions (next, back, save) in the window's menu as well.
        for action in (self.wizard.next_action, self.wizard.back_action,
                       self.wizard.save_action):
            self.addAction(action)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(bar)
        for item in (self.new_action, self.open_action, self.wizard.save_action,
                     self.close_action, None, self.export_action, None,
                     self.preferences_action, self.password_action, self.lock_action, None,
                     self.quit_action):
            if item is None:
                self.file_menu.addSeparator()
            else:
                self.file_menu.addAction(item)
        self.file_menu.insertAction(self.preferences_action, self.import_tariff_action)
        self.file_menu.insertSeparator(self.preferences_action)
        self.proposal_menu = QMenu(bar)
        self.proposal_menu.addAction(self.wizard.back_action)
        self.proposal_menu.addAction(self.wizard.next_action)
        self.proposal_menu.addSeparator()
        self.proposal_menu.addAction(self.cancel_proposal_action)
        self.proposal_menu.addAction(self.restore_proposal_action)
        self.view_menu = QMenu(bar)
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.refresh_action)
        self.language_menu = QMenu(self.view_menu)
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.view_menu.addMenu(self.language_menu)
        self.sync_menu = QMenu(bar)
        self.sync_menu.addAction(self.conflicts_action)
        self.sync_menu.addAction(self.repricing_action)
        self.sync_menu.addSeparator()
        self.sync_menu.addAction(self.bundle_action)
        self.help_menu = QMenu(bar)
        self.help_menu.addAction(self.about_action)
        for menu in (self.file_menu, self.proposal_menu, self.view_menu, self.sync_menu,
                     self.help_menu):
            bar.addMenu(menu)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Propono - proposals for health insurance"))
        self.file_menu.setTitle(_("&File"))
        self.proposal_menu.setTitle(_("&Proposal"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.sync_menu.setTitle(_("S&ync"))
        self.help_menu.setTitle(_("&Help"))
        self.new_action.setText(_("&New proposal"))
        self.open_action.setText(_("&Open the selected proposal"))
        self.close_action.setText(_("&Close the proposal"))
        self.export_action.setText(_("E&xport offers as PDF…"))
        self.cancel_proposal_action.setText(_("C&ancel the proposal…"))
        self.cancel_proposal_action.setStatusTip(_("The client does not go ahead: the proposal "
                                                   "stays on file and can be restored"))
        self.restore_proposal_action.setText(_("&Restore the cancelled proposal"))
        self.export_action.setStatusTip(_("The offers of the selected proposals, or of every "
                                          "proposal listed, into a folder"))
        self.find_action.setText(_("&Find a client"))
        self.refresh_action.setText(_("&Refresh"))
        self.preferences_action.setText(_("Pre&ferences…"))
        self.password_action.setText(_("Change the pass&word…"))
        self.lock_action.setText(_("&Lock the session"))
        self.quit_action.setText(_("&Quit"))
        self.about_action.setText(_("&About Propono"))
        self.conflicts_action.setText(_("&Resolve sync conflicts…"))
        self.repricing_action.setText(_("Review re&priced offers…"))
        self.bundle_action.setText(_("Write an offline &bundle…"))
        self.bundle_action.setStatusTip(_("Without network: the changes not yet synchronised, "
                                          "in one encrypted file for the back office"))
        self.import_tariff_action.setText(_("Import a &tariff…"))
        self._retranslate_notice()
        self.language_actions[get_language()].setChecked(True)

    def _update_actions(self) -> None:
        current = self.stack.currentWidget()
        in_wizard = current is self.wizard
        locked = current is self.lock_screen
        for action in (self.wizard.next_action, self.wizard.back_action,
                       self.wizard.save_action, self.close_action):
            action.setEnabled(in_wizard)
        for action in (self.new_action, self.open_action, self.find_action,
                       self.refresh_action, self.preferences_action, self.password_action,
                       self.lock_action,
                       self.about_action, *self.language_actions.values()):
            action.setEnabled(not locked)
        self.conflicts_action.setEnabled(not locked and self.context.conflicts is not None)
        self.repricing_action.setEnabled(not locked and self.context.repricings is not None)
        self.bundle_action.setEnabled(not locked and self.context.write_bundle is not None)
        self.import_tariff_action.setEnabled(not locked and self.context.tariff_import is not None)
        self.open_action.setEnabled(current is self.browser)
        self.export_action.setEnabled(current is self.browser)
        status = self.wizard.draft.status if in_wizard else ""
        self.cancel_proposal_action.setEnabled(in_wizard and status in ("draft", "ready"))
        self.restore_proposal_action.setEnabled(in_wizard and status == "cancelled")
        self.menuBar().setEnabled(not locked)

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

    def export_offers(self, folder: str | None = None) -> ExportOffersDialog | None:
        """The listed or selected proposals' offers into a folder the agent picks."""
        rows = self.browser.rows_for_batch()
        if not rows:
            QMessageBox.information(self, _("Export offers"),
                                    _("No proposal is listed: nothing to export."))
            return None
        if folder is None:
            documents = QStandardPaths.StandardLocation.DocumentsLocation
            folder = QFileDialog.getExistingDirectory(
                self, _("Folder for the offers"), QStandardPaths.writableLocation(documents))
        if not folder:
            return None
        from app.views.export_offers import ExportOffersDialog

        dialog = ExportOffersDialog(self.context.proposals, self.context.documents, rows,
                                    Path(folder), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setModal(True)
        dialog.show()
        dialog.start()
        return dialog

    def refresh(self) -> None:
        self.browser.refresh()
        self.status.refresh()

    # --- after a sync: conflicts and repriced offers (issue 7) ----------------------

    def update_sync_notice(self) -> None:
        """Count what waits for the agent (cheap local reads) and show it as badges."""
        conflicts, repricings = self.context.conflicts, self.context.repricings
        self._open_conflicts = conflicts.count() if conflicts is not None else 0
        self._unreviewed = repricings.count() if repricings is not None else 0
        self._retranslate_notice()

    def _retranslate_notice(self) -> None:
        n = self._open_conflicts
        self.conflicts_notice.setText(
            "⚠ " + ngettext("%d conflict to resolve", "%d conflicts to resolve", n) % n)
        self.conflicts_notice.setToolTip(_("Both you and the insurer changed the same details: "
                                           "choose which value to keep"))
        self.conflicts_notice.setVisible(n > 0)
        n = self._unreviewed
        self.repricing_notice.setText(
            "⚠ " + ngettext("%d repriced offer to review", "%d repriced offers to review", n) % n)
        self.repricing_notice.setToolTip(_("A newer tariff changed the premiums of unsigned "
                                           "offers: review them before sending anything"))
        self.repricing_notice.setVisible(n > 0)

    # Non-modal dialogs, loaded on first use: the agent may look at a proposal meanwhile.
    def write_bundle(self, path: Path | None = None) -> BundleWriter | None:
        if self.context.write_bundle is None:
            return None
        if self.bundle_writer is not None and self.bundle_writer.running:
            return self.bundle_writer
        if self.stack.currentWidget() is self.wizard:
            self.wizard.save()  # what is on screen goes into the bundle too
        from app.views.write_bundle import BundleWriter

        writer = BundleWriter(self.context.write_bundle, self, self.context.today)
        chosen = path or writer.ask_path()
        if chosen is None:
            return None
        writer.finished.connect(lambda _result: self.status.refresh())
        self.bundle_writer = writer
        self.statusBar().showMessage(_("Writing the offline bundle…"))
        writer.start(chosen)
        return writer

    def resolve_conflicts(self) -> None:
        if self.context.conflicts is None or self.is_locked:
            return
        if self.conflicts_dialog is None:
            from app.views.resolve_conflicts import ResolveConflictsDialog

            self.conflicts_dialog = ResolveConflictsDialog(self.context.conflicts, self)
            self.conflicts_dialog.changed.connect(self.update_sync_notice)
        elif not self.conflicts_dialog.busy:
            self.conflicts_dialog.reload()
        self._bring_up(self.conflicts_dialog)

    def review_repricing(self) -> None:
        if self.context.repricings is None or self.is_locked:
            return
        if self.repricing_dialog is None:
            from app.views.review_repricing import ReviewRepricingDialog

            self.repricing_dialog = ReviewRepricingDialog(self.context.repricings, self)
            self.repricing_dialog.changed.connect(self.update_sync_notice)
        else:
            self.repricing_dialog.reload()
        self._bring_up(self.repricing_dialog)

    def import_tariff(self) -> None:
        """A new dialog each time, unless an import is still running (issue 6)."""
        if self.context.tariff_import is None or self.is_locked:
            return
        dialog = self.tariff_dialog
        if dialog is None or not dialog.busy:
            from app.views.import_tariff import ImportTariffDialog

            if dialog is not None:
                dialog.deleteLater()
            dialog = ImportTariffDialog(self.context.tariff_import, self.context.reload_tariffs,
                                        self)
            dialog.setModal(True)  # premiums change when it ends
            dialog.imported.connect(lambda _result: self._tariffs_changed())
            self.tariff_dialog = dialog
        self._bring_up(dialog)

    def _tariffs_changed(self) -> None:
        """The open step shows premiums again, priced with the new tariff."""
        if self.stack.currentWidget() is self.wizard:
            self.wizard.show_again()

    @staticmethod
    def _bring_up(dialog: QDialog) -> None:
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

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

    # --- preferences and language -------------------------------------------------

    def set_language(self, language: str) -> None:
        switch_language(language)
        self.preferences = self.preferences.with_(language=language)
        self.context.preferences.save(self.preferences)

    def edit_preferences(self) -> None:
        dialog = PreferencesDialog(self.preferences, self.default_folder, self)
        if not dialog.exec():
            return
        chosen = dialog.values
        language_changed = chosen.language != self.preferences.language
        self.preferences = chosen
        self.context.preferences.save(chosen)
        if self.watcher is not None:
            self.watcher.set_minutes(chosen.lock_minutes)
        if language_changed:
            self.set_language(chosen.language)

    def change_password(self) -> ChangePasswordDialog:
        from app.views.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context.auth, self)
        if dialog.exec():
            self.statusBar().showMessage(_("Password changed."), 10_000)
        elif dialog.locked_out:
            self.lock()
        return dialog

    def about(self) -> None:
        QMessageBox.about(self, _("About Propono"),
                          _("Propono %s: proposals for Swiss health insurance, offline.")
                          % __version__)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.stack.currentWidget() is self.wizard:
            self.wizard.save()
        super().closeEvent(event)
