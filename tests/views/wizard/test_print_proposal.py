from pathlib import Path
from unittest.mock import patch

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.wizard.print_proposal import PrintPage
from tests.views.fakes import FakeDocuments, chosen, family_draft


def _signed() -> ProposalDraft:
    draft = chosen(family_draft())
    draft.signed_pdf = FakeDocuments().proposal_pdf(draft, "fr")
    draft.document_sha256 = "ab" * 32
    draft.status = "signed"
    return draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> PrintPage:
    page = PrintPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_print_goes_through_the_print_dialog(qtbot: QtBot, context: AppContext,
                                             tmp_path: Path) -> None:
    page = _page(qtbot, context, _signed())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.printer = printer
    with patch.object(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Accepted)):
        assert page.print_proposal() == 2
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2
    assert page.message.text() == "Sent to the printer."


def test_cancelled_print_dialog_prints_nothing(qtbot: QtBot, context: AppContext,
                                              tmp_path: Path) -> None:
    page = _page(qtbot, context, _signed())
    with patch.object(QPrintDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected)):
        assert page.print_proposal() == 0


def test_save_as_writes_the_signed_pdf(qtbot: QtBot, context: AppContext,
                                       tmp_path: Path) -> None:
    draft = _signed()
    page = _page(qtbot, context, draft)
    target = tmp_path / "proposal.pdf"
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        assert page.save_as() == target
    assert target.read_bytes() == draft.signed_pdf
    assert not (tmp_path / "proposal.pdf.part").exists()


def test_nothing_to_print_before_signing(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, chosen(family_draft()))
    assert not page.print_button.isEnabled()
    assert page.message.text() == "Sign the proposal first."


def test_a_stored_document_that_cannot_be_shown_says_why(qtbot: QtBot,
                                                         context: AppContext) -> None:
    draft = chosen(family_draft())
    draft.status, draft.editable = "signed", False
    draft.document_problem = "The signed proposal's file is missing: /data/documents/p.pdf"
    page = _page(qtbot, context, draft)
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()
    assert page.preview.page_count == 0
    assert page.error.isVisible() and page.error.text() == draft.document_problem
    assert page.message.text() == ""  # not "Sign the proposal first."
