"""The wheel over a field the agent is not editing scrolls the page, never the value
(issue 15, item 3)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot


def _wheel(widget: QWidget, steps: int = -1) -> bool:
    """A wheel turn over the widget's middle (one notch down by default); whether the
    widget took it. (Qt passes an untaken wheel event on to the parent only when it comes
    from the window system, so the tests check it is left untaken.)"""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _page(qtbot: QtBot) -> tuple[QScrollArea, QComboBox, QSpinBox, QDateEdit]:
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    combo = QComboBox()
    combo.addItems(["left", "right", "both sides"])
    spin = QSpinBox()
    spin.setValue(5)
    day = QDateEdit()
    layout.addWidget(QLabel("Side"))
    layout.addWidget(combo)
    layout.addWidget(spin)
    layout.addWidget(day)
    layout.addSpacing(2000)  # a long page: there is something to scroll
    area.setWidget(inner)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, combo, spin, day


def test_the_wheel_scrolls_the_page_over_an_unfocused_field(qtbot: QtBot) -> None:
    area, combo, spin, day = _page(qtbot)
    before = day.date()
    for field in (combo, spin, day):
        assert not _wheel(field), field  # left for the page under it to scroll
    assert (combo.currentText(), spin.value(), day.date()) == ("left", 5, before)
    assert not combo.hasFocus()  # the wheel did not hand it the focus either
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # clicked or tabbed only


def test_a_field_being_edited_takes_the_wheel(qtbot: QtBot) -> None:
    area, combo, spin, _day = _page(qtbot)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    assert _wheel(combo)
    assert combo.currentText() == "right"
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, steps=1)
    assert spin.value() == 6
