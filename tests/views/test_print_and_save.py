"""Printing and saving a document as an agent does it (issue 15, item 16).

Print… to a PDF printer wrote every page as a picture (83 MB for a signed proposal); the save
dialog opened in the program's folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.views import save_file
from app.views.printing import print_document
from tests.views.fakes import FakeDocuments, chosen, family_draft


class Accepting:
    """A print dialog the agent confirms at once."""

    def __init__(self, printer: QPrinter, parent: QWidget | None) -> None:
        self.printer = printer

    def setWindowTitle(self, _title: str) -> None:  # noqa: N802 - Qt API
        pass

    def exec(self) -> int:
        return QDialog.DialogCode.Accepted


def _pdf() -> bytes:
    return FakeDocuments().proposal_pdf(chosen(family_draft()), "fr")


def test_printing_to_a_pdf_file_writes_the_document_itself(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = _pdf()
    document = QPdfDocument()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    pages = print_document(document, None, Accepting, printer=printer, pdf=pdf)  # type: ignore[arg-type]
    assert pages == document.pageCount() > 0
    assert target.read_bytes() == pdf  # the vector document, not pictures of it
    assert len(PdfReader(target).pages) == pages


def test_the_save_dialog_opens_in_the_documents_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_dialog(_parent: object, _title: str, directory: str, _filter: str) -> tuple[str, str]:
        asked.append(directory)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    save_file.ask_pdf_path(QWidget(), "Save", "Offer Rochat.pdf")
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked == [str(Path(documents) / "Offer Rochat.pdf")]
