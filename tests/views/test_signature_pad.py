from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.views.signature_pad import SignaturePad


def _pad(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(400, 200)
    pad.show()
    return pad


def test_mouse_strokes_make_a_png_and_clear_erases(qtbot: QtBot) -> None:
    pad = _pad(qtbot)
    assert pad.is_empty
    with qtbot.waitSignal(pad.changed):
        qtbot.mousePress(pad.canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, 40))
        qtbot.mouseMove(pad.canvas, QPoint(60, 50))
        qtbot.mouseMove(pad.canvas, QPoint(120, 30))
        qtbot.mouseRelease(pad.canvas, Qt.MouseButton.LeftButton, pos=QPoint(120, 30))
    assert not pad.is_empty
    assert len(pad.canvas.strokes) == 1 and len(pad.canvas.strokes[0]) == 3
    png = pad.to_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    assert image.width() == 2 * pad.canvas.width()  # exported at twice the screen size
    assert image.pixelColor(0, 0).alpha() == 0  # transparent background
    assert image.pixelColor(2 * 60, 2 * 50).alpha() > 0  # ink along the stroke
    qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty


def test_pen_and_touch_draw_like_the_mouse(qtbot: QtBot) -> None:
    pad = _pad(qtbot)
    canvas = pad.canvas
    # what tabletEvent and the touch handler call, point by point
    canvas.begin_stroke(QPointF(10, 10))
    canvas.extend_stroke(QPointF(50, 60))
    canvas.end_stroke()
    assert not pad.is_empty
    canvas.clear()
    canvas.begin_stroke(QPointF(30, 30))
    canvas.end_stroke()  # a single tap leaves a dot, which counts
    assert not canvas.is_empty


def test_moves_without_a_press_draw_nothing(qtbot: QtBot) -> None:
    pad = _pad(qtbot)
    qtbot.mouseMove(pad.canvas, QPoint(60, 50))
    qtbot.mouseMove(pad.canvas, QPoint(80, 50))
    assert pad.is_empty
