"""Days without network: the pending changes and documents in one encrypted, signed file
the agent hands to the back office (issue 7's offline bundle, from the Sync menu).

The file is written off the interface thread (encryption and the documents take a moment)
and all or nothing (`bundle.write`); the changes stay pending until an online sync
confirms them, so writing a bundle twice, or syncing after it, sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.i18n import _, ngettext
from app.services.application.ports import BundleRefused, BundleWritten
from app.views.tasks import TaskRunner

SUFFIX = ".propono-bundle"


def suggested_name(today: date) -> str:
    return f"propono-{today.isoformat()}{SUFFIX}"


class BundleWriter(QObject):
    """Asks where, writes on a worker, then says what the file holds."""

    finished = Signal(object)  # BundleWritten, or the exception

    def __init__(self, write: Callable[[Path], BundleWritten], parent: QWidget,
                 today: Callable[[], date], runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._write = write
        self._parent = parent
        self._today = today
        self._runner = runner or TaskRunner(parent=self)
        self.running = False

    def ask_path(self) -> Path | None:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getSaveFileName(
            self._parent, _("Write an offline bundle"),
            str(Path(folder) / suggested_name(self._today())),
            _("Propono bundles (*%s)") % SUFFIX)
        if not name:
            return None
        path = Path(name)
        return path if path.name.endswith(SUFFIX) else path.with_name(path.name + SUFFIX)

    def start(self, path: Path) -> None:
        self.running = True
        write = self._write
        self._runner.run(lambda _progress: write(path), on_success=self._written,
                         on_failure=self._failed)

    def _written(self, result: object) -> None:
        self.running = False
        assert isinstance(result, BundleWritten)
        changes = ngettext("%d change", "%d changes", result.changes) % result.changes
        documents = ngettext("%d document", "%d documents", result.documents) % \
            result.documents
        QMessageBox.information(self._parent, _("Offline bundle written"), _(
            "%(file)s holds %(changes)s and %(documents)s, encrypted for the insurer and "
            "signed by this laptop. Hand it to the back office; the changes stay marked as "
            "not synchronised until the next online sync confirms them.") % {
                "file": result.path.name, "changes": changes, "documents": documents})
        self.finished.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        if isinstance(error, BundleRefused):
            message = str(error)
        elif isinstance(error, OSError):
            message = _("The file could not be written: %s") % (error.strerror or error)
        else:
            message = _("The bundle could not be written: %s") % error
        QMessageBox.warning(self._parent, _("Offline bundle"), message)
        self.finished.emit(error)

    def wait(self, msecs: int = -1) -> bool:
        return self._runner.wait(msecs)
