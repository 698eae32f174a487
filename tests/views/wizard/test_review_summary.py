from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.views.context import AppContext
from app.views.wizard.review_summary import SummaryPage
from tests.views.fakes import chosen, family_draft


def test_premiums_per_person_totals_by_frequency_and_key_dates(qtbot: QtBot,
                                                               context: AppContext) -> None:
    draft = chosen(family_draft())
    page = SummaryPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    lines = page.lines
    rows = [[lines.topLevelItem(i).text(c) for c in (0, 1, 6)]
            for i in range(lines.topLevelItemCount())]
    # fake tariff: SC2 20.00, GM 180.00, DP0 15.00 a month
    assert rows == [
        ["Anna Rochat", "SC", "CHF 20.00"], ["", "GM", "CHF 180.00"],
        ["", "Subtotal Anna Rochat", "CHF 200.00"],
        ["Marc Rochat", "SC", "CHF 20.00"], ["", "GM", "CHF 180.00"],
        ["", "Subtotal Marc Rochat", "CHF 200.00"],
        ["Léa Rochat", "SC", "CHF 20.00"], ["", "DP", "CHF 15.00"],
        ["", "Subtotal Léa Rochat", "CHF 35.00"],
    ]
    totals = {code: page.findChild(type(page.frequency_label), f"total-{code}").text()
              for code in ("annual", "semi_annual", "quarterly", "monthly")}
    assert totals == {"annual": "CHF 5'220.00", "semi_annual": "CHF 2'610.00",
                      "quarterly": "CHF 1'305.00", "monthly": "CHF 435.00"}
    dates = page.dates
    shown = [(dates.itemAt(i, dates.ItemRole.LabelRole).widget().text(),  # type: ignore
              dates.itemAt(i, dates.ItemRole.FieldRole).widget().text())  # type: ignore
             for i in range(dates.rowCount())]
    assert shown[0] == ("Revocation until", "04.12.2026")  # 20.11.2026 + 14 days
    assert ("Basic insurance of Léa Rochat starts", "01.01.2027") in shown
    assert ("Notice to the current insurer of Anna Rochat by", "30.11.2026") in shown
    assert page.notes.text() == "Illustrative tariff"


def test_frequency_choice_is_kept(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = SummaryPage(context)
    qtbot.addWidget(page)
    page.load(draft)
    page.frequency.setCurrentIndex(page.frequency.findData("quarterly"))
    assert draft.frequency == "quarterly"
    assert page.lines.topLevelItem(0).text(6) == "CHF 60.00"  # 3 x 20.00


def test_offer_saved_in_the_clients_language(qtbot: QtBot, context: AppContext,
                                             tmp_path: Path) -> None:
    draft = chosen(family_draft())
    draft.persons[0].language = "it"
    page = SummaryPage(context)
    qtbot.addWidget(page)
    page.load(draft)
    assert page.offer_language.currentData() == "it"  # the policyholder's language
    page.compare_deductibles.setChecked(True)
    target = tmp_path / "offerta"  # no extension typed: ".pdf" is added
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        assert page.save_offer() == tmp_path / "offerta.pdf"
    assert (tmp_path / "offerta.pdf").read_bytes().startswith(b"%PDF")
    assert context.documents.offers == [(draft.id, "it", True)]  # type: ignore[attr-defined]
    assert page.offer_message.text() == f"Saved as {tmp_path / 'offerta.pdf'}."
    assert [p.name for p in tmp_path.iterdir()] == ["offerta.pdf"]  # no partial file left


def test_an_offer_that_cannot_be_made_says_why_before_asking_for_a_file(
        qtbot: QtBot, context: AppContext) -> None:
    page = SummaryPage(context)
    qtbot.addWidget(page)
    page.show()
    draft = chosen(family_draft())
    page.load(draft)
    draft.persons.clear()  # the fake documents refuse a household without persons
    with patch.object(QFileDialog, "getSaveFileName") as dialog:
        assert page.save_offer() is None
    dialog.assert_not_called()
    assert page.offer_error.isVisible()
    assert page.offer_error.text() == ("The offer could not be generated: "
                                       "The household has no person yet.")
