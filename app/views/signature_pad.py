"""A signature pad: mouse, pen (tablet) or finger; exports the strokes as PNG bytes."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.i18n import _

INK = QColor(10, 30, 90)


class SignatureCanvas(QWidget):
    """The drawing surface. Strokes are kept as point lists, so they scale on export."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(320, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(480, 160)

    @property
    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self._strokes)

    @property
    def strokes(self) -> list[list[QPointF]]:
        return [list(stroke) for stroke in self._strokes]

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.changed.emit()

    # --- input: pen, touch and mouse each start, extend and end a stroke ---------

    def begin_stroke(self, point: QPointF) -> None:
        self._strokes.append([point])
        self._drawing = True

    def extend_stroke(self, point: QPointF) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(point)
            self.update()

    def end_stroke(self) -> None:
        if self._drawing:
            self._drawing = False
            if self._strokes and len(self._strokes[-1]) == 1:  # a dot
                p = self._strokes[-1][0]
                self._strokes[-1].append(QPointF(p.x() + 0.5, p.y() + 0.5))
            self.update()
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.extend_stroke(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.end_stroke()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self.begin_stroke(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self.extend_stroke(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self.end_stroke()
        event.accept()

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                position = points[0].position()
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self.begin_stroke(position)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self.extend_stroke(position)
                elif kind in (QTouchEvent.Type.TouchEnd, QTouchEvent.Type.TouchCancel):
                    self.end_stroke()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    # --- drawing and export -------------------------------------------------------

    def _paint_strokes(self, painter: QPainter, scale: float = 1.0) -> None:
        pen = QPen(INK, 2.2 * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            path = QPainterPath(stroke[0] * scale)
            for point in stroke[1:]:
                path.lineTo(point * scale)
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor(170, 170, 170), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.setPen(QPen(QColor(200, 200, 200), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        self._paint_strokes(painter)
        painter.end()

    def to_png(self, scale: float = 2.0) -> bytes:
        """The signature on a transparent background, at `scale` times the screen size."""
        size = self.size() * scale
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._paint_strokes(painter, scale)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())


class SignaturePad(QWidget):
    """The canvas with who signs and a Clear button."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.canvas = SignatureCanvas(self)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.changed.connect(self.changed)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.canvas)
        self.retranslate()

    def retranslate(self) -> None:
        self.clear_button.setText(_("Clear"))
        self.clear_button.setToolTip(_("Erase the signature and sign again"))

    @property
    def is_empty(self) -> bool:
        return self.canvas.is_empty

    def to_png(self) -> bytes:
        return self.canvas.to_png()

    def clear(self) -> None:
        self.canvas.clear()
