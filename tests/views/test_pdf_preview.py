from pytestqt.qtbot import QtBot

from app.views.pdf_preview import PdfPreview
from tests.views.fakes import FakeDocuments, family_draft


def test_shows_a_pdf_and_refuses_garbage(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.show()
    assert preview.pages_label.text() == "No document yet"
    pdf = FakeDocuments().proposal_pdf(family_draft(), "de")
    assert preview.set_pdf(pdf)
    assert preview.page_count == 2
    assert preview.pages_label.text() == "2 pages"
    assert preview.pdf == pdf
    assert not preview.set_pdf(b"not a pdf")
    assert preview.page_count == 0
    assert preview.pages_label.text() == "No document yet"


def test_zoom_buttons(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(FakeDocuments().proposal_pdf(family_draft(), "fr"))
    before = preview.view.zoomFactor()
    preview.zoom_in.click()
    assert preview.view.zoomFactor() == before * 1.25
