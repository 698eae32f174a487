"""Locking the session after inactivity: an application-wide event filter.

Any keyboard, mouse, wheel, touch or pen input anywhere in the application restarts the
timer; when it runs out, `idle` is emitted and the main window shows the lock screen.
How long (default 10 minutes, issue 3) is the agent's preference.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
})


class InactivityWatcher(QObject):
    idle = Signal()

    def __init__(self, app: QApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._paused = False
        app.installEventFilter(self)

    def set_timeout_ms(self, msecs: int) -> None:
        """0 or less: never lock."""
        self._timer.stop()
        self._timer.setInterval(max(0, msecs))
        self._restart()

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(minutes * 60_000)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def pause(self) -> None:
        """While the lock screen shows, input does not count."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._restart()

    def _restart(self) -> None:
        if not self._paused and self._timer.interval() > 0:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in _INPUT_EVENTS and not self._paused and self._timer.interval() > 0:
            self._timer.start()
        return False

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)
