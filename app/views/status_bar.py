"""Status bar: online or offline, and how many changes still wait for synchronisation."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import _, ngettext
from app.services.application.ports import SyncStatus
from app.views.tasks import TaskRunner

REFRESH_MS = 10_000
CHECK_SERVER_MS = 60_000
FIRST_CHECK_MS = 2_000
PENDING_SHOWN = 1000  # the count stops there


class SyncStatusBar(QStatusBar):
    """Counts refresh every 10 s; the server is asked every minute, off the interface
    thread (it may take seconds to answer, or not at all)."""

    def __init__(self, sync: SyncStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sync = sync
        self._runner = TaskRunner()
        self._checking = False
        self.connection = QLabel(self)
        self.connection.setObjectName("connection")
        self.pending = QLabel(self)
        self.pending.setObjectName("unsynced")
        self.addPermanentWidget(self.pending)
        self.addPermanentWidget(self.connection)
        self._online = False
        self._unsynced = 0
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self._server_timer = QTimer(self)
        self._server_timer.setInterval(CHECK_SERVER_MS)
        self._server_timer.timeout.connect(self.check_server)
        self._server_timer.start()
        self.refresh()
        QTimer.singleShot(FIRST_CHECK_MS, self.check_server)  # once start-up is over

    def refresh(self) -> None:
        self._online = self._sync.online()
        self._unsynced = self._sync.unsynced_changes()
        self.retranslate()

    def stop(self) -> None:
        """No more checks, and the one under way finished: before the store closes."""
        self._timer.stop()
        self._server_timer.stop()
        self._runner.wait(10_000)

    def check_server(self) -> None:
        if self._checking:
            return
        self._checking = True
        sync = self._sync
        self._runner.run(lambda _progress: sync.check_online(),
                         on_success=self._server_answered, on_failure=self._server_failed)

    def _server_answered(self, online: object) -> None:
        self._checking = False
        self._online = bool(online)
        self.retranslate()

    def _server_failed(self, error: BaseException) -> None:
        self._checking = False
        self._online = False
        self.retranslate()

    def retranslate(self) -> None:
        if self._online:
            self.connection.setText("● " + _("Online"))
            self.connection.setStyleSheet("color: #18753a;")
        else:
            self.connection.setText("● " + _("Offline"))
            self.connection.setStyleSheet("color: #7d6300;")
        n = self._unsynced
        if n > PENDING_SHOWN:
            self.pending.setText(_("More than %d changes not yet synchronised") % PENDING_SHOWN)
        elif n:
            self.pending.setText(ngettext("%d change not yet synchronised",
                                          "%d changes not yet synchronised", n) % n)
        else:
            self.pending.setText(_("Everything synchronised"))
