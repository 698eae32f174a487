"""The main window's actions and menu bar: built, put into words, enabled for the screen shown.

Built over the window's screens and dialogs (`window_screens`, `window_dialogs`), whose
methods the actions trigger; `MainWindow` (app/views/main_window.py) is the top layer.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from app.i18n import LANGUAGES, _, get_language
from app.views.context import AppContext
from app.views.inactivity import InactivityWatcher
from app.views.labels import LANGUAGE_NAMES
from app.views.window_dialogs import WindowDialogs


class WindowMenus(WindowDialogs):
    def __init__(self, context: AppContext, watcher: InactivityWatcher | None = None,
                 default_folder: str = "") -> None:
        super().__init__(context, watcher, default_folder)
        self._make_actions()
        self._make_menus()

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
        self.delete_proposal_action = self._action()
        self.delete_proposal_action.triggered.connect(self.delete_proposal)
        # which proposal it would delete follows the list's selection and the open status
        self.browser.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._update_actions())
        self.browser.model.modelReset.connect(self._update_actions)
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
        self.proposal_menu.addAction(self.delete_proposal_action)
        self.proposal_menu.aboutToShow.connect(self._update_actions)  # signed meanwhile?
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

    def _retranslate_menus(self) -> None:
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
        self.delete_proposal_action.setText(_("&Delete the draft…"))
        self.delete_proposal_action.setStatusTip(_("A proposal never signed, removed for "
                                                   "good; the client stays"))
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
        self.delete_proposal_action.setEnabled(not locked and self.deletion_target() is not None)
        self.menuBar().setEnabled(not locked)
