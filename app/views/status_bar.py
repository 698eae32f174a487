"""Status bar: online or offline, and how many changes still wait for synchronisation."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import _, ngettext
from app.views.context import SyncStatus

REFRESH_MS = 10_000


class SyncStatusBar(QStatusBar):
    def __init__(self, sync: SyncStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sync = sync
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
        self.refresh()

    def refresh(self) -> None:
        self._online = self._sync.online()
        self._unsynced = self._sync.unsynced_changes()
        self.retranslate()

    def retranslate(self) -> None:
        if self._online:
            self.connection.setText("● " + _("Online"))
            self.connection.setStyleSheet("color: #1b7f3b;")
        else:
            self.connection.setText("● " + _("Offline"))
            self.connection.setStyleSheet("color: #8a6d00;")
        n = self._unsynced
        if n:
            self.pending.setText(ngettext("%d change not yet synchronised",
                                          "%d changes not yet synchronised", n) % n)
        else:
            self.pending.setText(_("Everything synchronised"))
