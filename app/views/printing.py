"""Printing a PDF: the system print dialog, then each page rendered at printer resolution."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.i18n import _

DialogFactory = Callable[[QPrinter, QWidget | None], QPrintDialog]


def print_document(document: QPdfDocument, parent: QWidget | None = None,
                   dialog_factory: DialogFactory = QPrintDialog,
                   printer: QPrinter | None = None, title: str | None = None,
                   pdf: bytes | None = None) -> int:
    """Ask where to print, then print; returns the number of pages sent (0: cancelled).

    `pdf`: the document's own bytes. "Print to file" as PDF then writes them as they are
    (a few hundred kB of text and vectors, the seal and fingerprint intact) rather than a
    picture of each page at printer resolution (83 MB for a signed proposal)."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = dialog_factory(printer, parent)
    dialog.setWindowTitle(title or _("Print the proposal"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    target = printer.outputFileName()
    if pdf is not None and target and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        from app.views.save_file import write_file

        write_file(Path(target), pdf)
        return document.pageCount()
    return render_to_printer(document, printer)


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> int:
    pages = document.pageCount()
    if pages == 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        first, last = printer.fromPage(), printer.toPage()
        wanted = range(first - 1, last) if first > 0 and last >= first else range(pages)
        wanted = range(max(0, wanted.start), min(pages, wanted.stop))
        dpi = printer.resolution()
        for count, index in enumerate(wanted):
            if count:
                printer.newPage()
            points = document.pagePointSize(index)  # 1/72 inch
            size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
        return len(wanted)
    finally:
        painter.end()
