from datetime import date
from decimal import Decimal
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.wizard.compare_levels import CompareLevelsDialog
from app.views.wizard.pick_products import ProductsPage
from tests.views.fakes import chosen, family_draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> ProductsPage:
    page = ProductsPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.load(draft)
    return page


def test_catalogue_is_grouped_by_family(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, family_draft())
    tree = page.tree
    families = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert families == ["Global", "Outpatient care", "Dental", "Legal protection"]
    assert tree.topLevelItem(2).child(0).text(0) == "DP – Dental plus"


def test_ineligible_product_is_greyed_with_its_reason(qtbot: QtBot,
                                                      context: AppContext) -> None:
    draft = family_draft()
    draft.persons[1].birth_date = date(1960, 3, 3)  # 66 on 1.1.2027: GM only up to 55
    page = _page(qtbot, context, draft)
    page.select_person(draft.persons[1].key)
    row = page.row("GM")
    assert not row.enabled
    assert row.remark == "Only up to age 55 (003, GM)."
    # every level of DP is refused: the product's own reason is shown once
    assert page.row("DP").remark == "Only up to age 60 (003, DP)."
    assert not page.row("DP").enabled
    assert page.row("SC").enabled


def test_a_level_the_person_cannot_take_is_disabled_with_its_reason(
        qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    level = page.row("DP").level
    assert level is not None
    model = level.model()
    assert isinstance(model, QStandardItemModel)
    dp0 = model.item(level.findData("0"))
    assert not dp0.isEnabled()
    assert dp0.toolTip() == "DP0 only from 0 to 18 (003, DP)."
    assert level.currentData() == "1"  # the first level Anna may take
    page.select_person(draft.persons[2].key)  # Léa, 8: DP0 is hers
    level = page.row("DP").level
    assert level is not None
    assert level.currentData() == "0"


def test_premium_updates_at_once(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    assert page.total.text() == "Household total: CHF 0.00 per month"
    page.set_choice("SC", True, level="1")
    assert page.row("SC").premium_text == "CHF 10.00"
    assert page.total.text() == "Household total: CHF 10.00 per month"
    page.set_choice("SC", True, level="3")
    assert page.row("SC").premium_text == "CHF 30.00"
    page.set_choice("SC", True, deductible=Decimal(50))  # 30 - 50/100 in the fake tariff
    assert page.row("SC").premium_text == "CHF 29.50"
    assert page.total.text() == "Household total: CHF 29.50 per month"
    assert [(c.product, c.level, c.deductible) for c in draft.products[draft.persons[0].key]
            ] == [("SC", "3", Decimal(50))]


def test_waiting_periods_and_exclusions_before_commit(qtbot: QtBot,
                                                      context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    page.tree.setCurrentItem(page.row("DP").item)
    text = page.details.text()
    assert "dental: 3 months, covered from 01.04.2027" in text
    assert "dental_prosthetics: 12 months, covered from 01.01.2028" in text
    assert "Teeth missing at entry" in text


def test_compare_levels_side_by_side(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    page.tree.setCurrentItem(page.row("DP").item)
    shown: list[CompareLevelsDialog] = []

    def fake_exec(dialog: CompareLevelsDialog) -> int:
        shown.append(dialog)
        table = dialog.table
        assert [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())] == [
            "DP0", "DP1", "DP2", "DP3"]
        assert [table.item(1, i).text() for i in range(4)] == [
            "CHF 15.00", "CHF 27.00", "CHF 39.00", "CHF 51.00"]
        assert table.item(2, 0).text() == "DP0 only from 0 to 18 (003, DP)."
        assert table.item(3, 2).text() == "CHF 3'000.–"
        table.selectColumn(2)
        dialog._choose()
        return 1

    with patch.object(CompareLevelsDialog, "exec", fake_exec):
        page.compare_button.click()
    assert shown
    assert page.row("DP").level_code == "2"
    assert page.row("DP").item.checkState(0) == Qt.CheckState.Checked


def test_check_refuses_a_choice_that_became_ineligible(qtbot: QtBot,
                                                      context: AppContext) -> None:
    draft = chosen(family_draft())
    draft.persons[0].birth_date = date(1950, 1, 1)
    page = _page(qtbot, context, draft)
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems == {
            f"{draft.persons[0].key}.GM": "Anna Rochat, GM: Only up to age 55 (003, GM)."}
    else:
        raise AssertionError("GM at 77 must be refused")
    assert page.page_error.text() == "Anna Rochat, GM: Only up to age 55 (003, GM)."
