"""A batch of offer PDFs off the interface thread, with progress and cancel (issue 6)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from unittest.mock import patch

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.services.application.draft import BasicInsuranceChoice, PersonDraft, ProposalDraft
from app.services.application.ports import ProposalRow
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.export_offers import ExportOffersDialog, ExportReport, export_offers
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from tests.views.fakes import FakeDocuments, FakeProposals, chosen, family_draft

TIMEOUT_MS = 10_000


def _seed(context: AppContext) -> list[ProposalDraft]:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    rochat = chosen(family_draft())  # Anna Rochat, French
    favre = chosen(family_draft())
    favre.persons[0].first_name, favre.persons[0].last_name = "Zoé", "Favre"
    favre.persons[0].language = "de"
    empty = ProposalDraft(persons=[])  # nothing to price: skipped with its reason
    for i, draft in enumerate((rochat, favre, empty)):
        proposals.add(draft, datetime(2026, 11, 1 + i, 9, 0, tzinfo=UTC))
    return [rochat, favre, empty]


def _rows(context: AppContext) -> list[ProposalRow]:
    return sorted(context.directory.search(""), key=lambda r: r.updated_at)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_each_offer_in_its_clients_language_and_the_unpriceable_skipped(
        context: AppContext, tmp_path: Path) -> None:
    rochat, favre, empty = _seed(context)
    seen: list[tuple[int, int, str]] = []
    report = export_offers(context.proposals, context.documents, _rows(context), tmp_path,
                           lambda d, t, m: seen.append((d, t, m)), ExportReport())
    assert _names(tmp_path) == [f"Offer Anna Rochat {rochat.id[:8].upper()}.pdf",
                                f"Offer Zoé Favre {favre.id[:8].upper()}.pdf"]
    documents = context.documents
    assert isinstance(documents, FakeDocuments)
    assert documents.offers == [(rochat.id, "fr", False), (favre.id, "de", False)]
    assert report.total == 3 and len(report.written) == 2
    assert report.skipped == [("", "The household has no person yet.")]
    assert seen == [(0, 3, "Anna Rochat"), (1, 3, "Zoé Favre"), (2, 3, ""), (3, 3, "")]


def test_dialog_shows_progress_then_what_was_written(qtbot: QtBot, context: AppContext,
                                                     tmp_path: Path) -> None:
    _seed(context)
    dialog = ExportOffersDialog(context.proposals, context.documents, _rows(context), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT_MS):
        dialog.start()
    assert dialog.bar.value() == dialog.bar.maximum() == 3
    assert dialog.result_label.text() == "2 offers written. 1 proposal could not be priced:"
    assert dialog.skipped.toPlainText() == ": The household has no person yet."
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
    assert len(_names(tmp_path)) == 2


class GatedDocuments(FakeDocuments):
    """Waits at the second offer until the test lets it go, so a cancel lands mid-batch."""

    def __init__(self) -> None:
        super().__init__()
        self.second_started = threading.Event()
        self.release = threading.Event()

    def offer_pdf(self, draft: ProposalDraft, language: str,
                  compare_deductibles: bool = False) -> bytes:
        if len(self.offers) == 1:
            self.second_started.set()
            assert self.release.wait(TIMEOUT_MS / 1000), "the test never released the worker"
        return super().offer_pdf(draft, language, compare_deductibles)


def test_cancel_stops_after_the_offer_being_written(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.views.fakes import make_context

    documents = GatedDocuments()
    context = make_context(documents=documents)
    rochat, favre, _empty = _seed(context)
    dialog = ExportOffersDialog(context.proposals, documents, _rows(context), tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert documents.second_started.wait(TIMEOUT_MS / 1000)
    dialog.cancel()  # the interface asks while the worker renders the second offer
    assert dialog.current.text() == "Stopping after the offer being written…"
    assert not dialog.cancel_button.isEnabled()
    dialog.reject()  # Escape while running cancels, it does not close the dialog
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT_MS):
        documents.release.set()
    # The second offer was complete when the cancel was seen: it is kept, whole.
    assert _names(tmp_path) == [f"Offer Anna Rochat {rochat.id[:8].upper()}.pdf",
                                f"Offer Zoé Favre {favre.id[:8].upper()}.pdf"]
    assert dialog.result_label.text() == ("Cancelled. 2 offers written. Each file written is "
                                    "complete; no other file was changed.")
    assert documents.offers == [(rochat.id, "fr", False), (favre.id, "de", False)]
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_a_folder_that_cannot_be_written_stops_the_batch(qtbot: QtBot, context: AppContext,
                                                         tmp_path: Path) -> None:
    _seed(context)
    missing = tmp_path / "gone"
    dialog = ExportOffersDialog(context.proposals, context.documents, _rows(context), missing)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT_MS):
        dialog.start()
    assert dialog.error.text().startswith("The export stopped: ")
    assert str(missing) in dialog.error.text()
    assert dialog.result_label.text() == "0 offers written."
    assert not missing.exists()


def test_main_window_exports_the_selected_proposals(qtbot: QtBot, context: AppContext,
                                                    tmp_path: Path) -> None:
    rochat, favre, _empty = _seed(context)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    model = window.browser.model  # most recent first: empty, Favre, Rochat
    assert [model.row_at(i).client for i in range(3)] == ["", "Zoé Favre", "Anna Rochat"]
    window.browser.table.selectRow(1)
    assert [r.proposal_id for r in window.browser.rows_for_batch()] == [favre.id]
    with patch.object(QFileDialog, "getExistingDirectory", return_value=str(tmp_path)):
        dialog = window.export_offers()
    assert dialog is not None
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT_MS):
        pass
    assert _names(tmp_path) == [f"Offer Zoé Favre {favre.id[:8].upper()}.pdf"]
    dialog.close_button.click()


def test_export_with_the_real_services(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    """Two stored proposals, the shipped catalogue, tariffs and documents."""
    context = build_context(store, tmp_path, MemoryPreferences(),
                            lambda: date(2026, 11, 20),
                            lambda: datetime(2026, 11, 20, 14, 0, tzinfo=UTC))
    german = chosen(family_draft())
    german.persons[0].language = "de"
    context.proposals.save_draft(german)
    single = ProposalDraft(persons=[PersonDraft(
        role="policyholder", first_name="Luca", last_name="Bernasconi", sex="M",
        birth_date=date(1990, 3, 3), postal_code="6900", municipality="Lugano",
        canton="TI", language="it")])
    single.basic[single.persons[0].key] = BasicInsuranceChoice(
        insurer="SWICA", deductible=Decimal(2500), start_date=date(2027, 1, 1))
    context.proposals.save_draft(single)
    rows: Sequence[ProposalRow] = context.directory.search("")
    out = tmp_path / "offers"
    out.mkdir()
    dialog = ExportOffersDialog(context.proposals, context.documents, rows, out)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        dialog.start()
    assert dialog.report.skipped == []
    texts = {path.name.split(" ")[1]: "\n".join(
        page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)
        for path in out.iterdir()}
    assert set(texts) == {"Anna", "Luca"}
    assert "Offerte" in texts["Anna"] and "Léa Rochat" in texts["Anna"]
    assert "Offerta" in texts["Luca"] and "Luca Bernasconi" in texts["Luca"]
    assert dialog.result_label.text() == "2 offers written."


@pytest.mark.parametrize("client, name", [
    ("Anna Rochat", "Offer Anna Rochat 1ACD573E.pdf"),
    ('A/B: "C"?', "Offer A-B- -C-- 1ACD573E.pdf"),
])
def test_file_names_any_file_system_takes(client: str, name: str) -> None:
    from app.views.export_offers import offer_file_name

    row = ProposalRow("1acd573e-0000", client, "", "", "", "draft",
                      datetime(2026, 11, 1, tzinfo=UTC))
    assert offer_file_name(row) == name
