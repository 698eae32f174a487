"""The dialogs the main window opens: exporting offers, the offline bundle, after a sync
(conflicts, repriced offers), importing a tariff, the password, the preferences, about.

Built over the window's screens (`window_screens`); the menus (`window_menus`) come on top.
Most dialogs load on first use, and the sync button once the window is up: start-up does
not pay for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from app import __version__
from app.i18n import _
from app.views.context import AppContext
from app.views.edit_preferences import PreferencesDialog
from app.views.inactivity import InactivityWatcher
from app.views.sync_notices import SyncNotices
from app.views.window_screens import WindowScreens

if TYPE_CHECKING:
    from app.views.change_password import ChangePasswordDialog
    from app.views.export_offers import ExportOffersDialog
    from app.views.import_tariff import ImportTariffDialog
    from app.views.resolve_conflicts import ResolveConflictsDialog
    from app.views.review_repricing import ReviewRepricingDialog
    from app.views.write_bundle import BundleWriter

SYNC_BUTTON_DELAY_MS = 300


class WindowDialogs(WindowScreens):
    def __init__(self, context: AppContext, watcher: InactivityWatcher | None = None,
                 default_folder: str = "") -> None:
        super().__init__(context, watcher, default_folder)
        self.sync_button: QWidget | None = None
        if context.sync_run is not None:  # the sync stack loads once the window is up
            QTimer.singleShot(SYNC_BUTTON_DELAY_MS, self._add_sync_button)
        # After a sync: what the agent must look at, as badges opening the dialogs.
        self.notices = SyncNotices(self.status, self.resolve_conflicts, self.review_repricing)
        self.conflicts_notice = self.notices.conflicts
        self.repricing_notice = self.notices.repricing
        self.conflicts_dialog: ResolveConflictsDialog | None = None
        self.repricing_dialog: ReviewRepricingDialog | None = None
        self.tariff_dialog: ImportTariffDialog | None = None
        self.bundle_writer: BundleWriter | None = None
        if context.conflicts is not None or context.repricings is not None:
            QTimer.singleShot(SYNC_BUTTON_DELAY_MS, self.update_sync_notice)
        self.browser.export_requested.connect(self.export_offers)

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

    # --- after a sync: conflicts and repriced offers (issue 7) ----------------------

    def _add_sync_button(self) -> None:
        from app.views.sync_button import SyncButton

        assert self.context.sync_run is not None
        button = SyncButton(self.context.sync_run, self.status)
        self.status.insertPermanentWidget(0, button)
        button.finished.connect(lambda _report: self.refresh())
        button.finished.connect(lambda _report: self.update_sync_notice())
        self.sync_button = button

    def update_sync_notice(self) -> None:
        self.notices.update(self.context.conflicts, self.context.repricings)

    # Non-modal dialogs: the agent may look at a proposal meanwhile.
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

    # --- preferences, password, about -----------------------------------------------

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
