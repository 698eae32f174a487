"""The exact PDF the client will sign, shown in the application (QtPdf)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _, ngettext


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumHeight(320)
        self.pages_label = QLabel(self)
        self.zoom_in = QPushButton(self)
        self.zoom_out = QPushButton(self)
        self.fit_width = QPushButton(self)
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.fit_width.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label, 1)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.fit_width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self._data = b""
        self.retranslate()

    def retranslate(self) -> None:
        self.zoom_in.setText(_("Zoom in"))
        self.zoom_out.setText(_("Zoom out"))
        self.fit_width.setText(_("Fit width"))
        n = self.page_count
        if self._data:
            self.pages_label.setText(ngettext("%d page", "%d pages", n) % n)
        else:
            self.pages_label.setText(_("No document yet"))

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def set_pdf(self, data: bytes) -> bool:
        """Show `data`; False (and nothing shown) when it is not a readable PDF."""
        self.document.close()
        self._data = data
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.document.load(buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        if not ok:
            self._data = b""
        self.retranslate()
        return ok

    def clear(self) -> None:
        self.document.close()
        self._data = b""
        self.retranslate()

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self._data else 0

    @property
    def pdf(self) -> bytes:
        return self._data
