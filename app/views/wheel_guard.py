"""The mouse wheel never changes a choice the agent is not editing (issue 15, item 3).

Scrolling down a page over a drop-down, a spin box or a date field changed its value (a
questionnaire's side from left to both, Dental plus from DP1 to DP2). One rule for the whole
application: such a field takes the wheel only once it has the keyboard focus (clicked or
tabbed into); otherwise the wheel goes on to what is under it, the page, which scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not isinstance(watched, GUARDED):
            return False
        if event.type() == QEvent.Type.Polish:
            # Qt gives the focus on the wheel (WheelFocus) before any filter sees it, which
            # would make every field "focused" under a scrolling pointer.
            assert isinstance(watched, QWidget)
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()  # not for this field: Qt offers it to the parent, the page
            return True
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the rule once on the application; returns the guard (kept by the app)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    for widget in app.allWidgets():  # those polished before the guard came
        if isinstance(widget, GUARDED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return guard
