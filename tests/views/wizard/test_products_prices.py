"""Issue 15, items 8, 10 and 11 on the products step of the kitchen-table meeting: a
subtotal per person, the start of the complementary covers prefilled, why KH, PI and ID
show no premium, every product's whole name, and a details panel that belongs to the
proposal and language on screen.

Amounts by hand from the shipped illustrative tariffs (resources/tariffs): basic insurance
SWICA, canton VD, region 1, standard model with accident cover, monthly and without
surcharge (payment.toml [surcharge.lamal]): adult CHF 300 deductible 540.80, child CHF 0
deductible 129.80. LS for an adult woman: 6.20 a month (lca_illustrative.csv
"2025,LS,,,,,CH,19-99,F,6.20"), plus the illustrative 3 % for paying monthly (payment.toml
[surcharge.lca]): 6.386, to 5 centimes 6.40. Sophie: 540.80 + 6.40 = 547.20.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.wizard.choose_basic_insurance import BasicInsurancePage
from app.views.wizard.edit_household import HouseholdPage
from app.views.wizard.pick_products import ProductsPage
from app.views.wizard.product_tree import ProductTree
from tests.views.fakes import chosen, family_draft, make_context
from tests.views.meeting_helpers import (
    choose,
    fill_family,
    new_proposal_window,
    real_context,
)


@pytest.fixture
def context(store: Store, tmp_path: Path) -> AppContext:
    return real_context(store, tmp_path)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    return new_proposal_window(qtbot, context, 800)


def to_products(qtbot: QtBot, window: MainWindow) -> ProductsPage:
    """The family, everyone's basic insurance moving from EGK to SWICA (the ordinary
    deductibles: the new cover starts on 01.07.2027, 001 art. 5), then the products."""
    wizard = window.wizard
    household = wizard.current_page
    assert isinstance(household, HouseholdPage)
    fill_family(qtbot, household)
    assert wizard.next()
    basic = wizard.current_page
    assert isinstance(basic, BasicInsurancePage)
    for person in wizard.draft.persons:
        form = basic.form_for(person.key)
        choose(form.insurer, "SWICA")
        choose(form.current_insurer, "EGK")
    assert wizard.next()
    products = wizard.current_page
    assert isinstance(products, ProductsPage)
    return products


def type_date(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()


# --- item 8: a subtotal per person -----------------------------------------------------

def test_each_person_has_a_subtotal(qtbot: QtBot, window: MainWindow) -> None:
    products = to_products(qtbot, window)
    sophie, _thomas, noah, _mia = window.wizard.draft.persons
    products.select_person(sophie.key)
    assert products.subtotal.text() == "Sophie Rochat: CHF 540.80 per month"
    products.set_choice("LS")
    assert products.row("LS").premium_text == "CHF 6.40"
    assert products.subtotal.text() == "Sophie Rochat: CHF 547.20 per month"
    products.select_person(noah.key)
    assert products.subtotal.text() == "Noah Rochat: CHF 129.80 per month"


# --- item 10: the start date, the premiums without an amount, the names ------------------

def test_the_start_is_the_basic_insurances_and_can_be_changed(
        qtbot: QtBot, window: MainWindow) -> None:
    products = to_products(qtbot, window)
    assert products.start.text() == "01.07.2027"
    assert window.wizard.draft.start_date == date(2027, 7, 1)
    type_date(qtbot, products.start, "01.09.2027")
    assert window.wizard.draft.start_date == date(2027, 9, 1)
    assert window.wizard.back() and window.wizard.next()
    assert products.start.text() == "01.09.2027"  # the agent's date stays


def test_without_a_basic_start_the_first_of_next_month(qtbot: QtBot) -> None:
    context = make_context()
    page = ProductsPage(context)
    qtbot.addWidget(page)
    draft = family_draft()
    draft.start_date = None
    page.load(draft)
    assert page.start.text() == "01.12.2026"  # the meeting is on 20.11.2026
    draft = chosen(family_draft())  # everyone's basic insurance from 01.01.2027
    draft.start_date = None
    page.load(draft)
    assert page.start.text() == "01.01.2027"


def test_a_signed_proposal_keeps_its_empty_start(qtbot: QtBot) -> None:
    page = ProductsPage(make_context())
    qtbot.addWidget(page)
    draft = family_draft()
    draft.start_date, draft.editable = None, False
    page.load(draft)
    assert page.start.text() == "" and draft.start_date is None


@pytest.mark.parametrize(("code", "low", "high"), [
    ("KH", "CHF 300.–", "CHF 3'500.–"),  # 003 KH: 11 yearly capitals, CHF 300.– to 3'500.–
    ("PI", "CHF 50.–", "CHF 200.–"),  # the tariff's daily allowances
    ("ID", "CHF 50'000.–", "CHF 400'000.–"),  # 003 ID: up to 400'000.– for disability
])
def test_a_product_priced_by_its_insured_amount_says_why_it_has_no_premium(
        qtbot: QtBot, window: MainWindow, code: str, low: str, high: str) -> None:
    products = to_products(qtbot, window)
    row = products.row(code)
    assert row.premium_text == "–"
    assert f"insured amount ({low} to {high})" in row.price_note
    assert row.price_note in row.item.toolTip(3)
    products.set_choice(code)
    missing = products.missing.text()
    assert f"insured amount ({low} to {high})" in missing
    assert "choose a capital" not in missing  # there is nowhere to choose one


def _room(tree: ProductTree, index: QModelIndex, rect: QRect) -> int:
    """The width Qt lays a cell's text out in: the style's text rectangle (after the
    check box) less the text margins, as QCommonStyle paints an item view's text."""
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    delegate = tree.itemDelegateForIndex(index)
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    option.rect = rect
    style = tree.style()
    text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, tree)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    return text.width() - 2 * margin


def _cut(tree: ProductTree) -> list[str]:
    """Product lines and reasons whose whole text is not shown in their rows."""
    found = []
    viewport = tree.viewport().width()
    for top in range(tree.topLevelItemCount()):
        family = tree.topLevelItem(top)
        for i in range(family.childCount()):
            item = family.child(i)
            for line in [item] + [item.child(j) for j in range(item.childCount())]:
                index = tree.indexFromItem(line, 0)
                rect = tree.visualRect(index)
                if line.isFirstColumnSpanned():
                    rect.setRight(viewport - 1)
                room = _room(tree, index, rect)
                needed = QFontMetrics(line.font(0)).boundingRect(
                    QRect(0, 0, max(1, room), 100000), int(Qt.TextFlag.TextWordWrap),
                    line.text(0))
                if needed.width() > room or needed.height() > rect.height() \
                        or rect.right() >= viewport:
                    found.append(line.text(0))
    return found


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150% text"])
def font_scale(request: pytest.FixtureRequest) -> Iterator[float]:
    """The interface font enlarged as 150 % display scaling does, before any window."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * request.param)
    app.setFont(bigger)
    yield request.param
    app.setFont(before)


@pytest.fixture
def scaled_window(font_scale: float, qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.new_action.trigger()
    return window


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_every_products_whole_name_and_reason_can_be_read(
        qtbot: QtBot, scaled_window: MainWindow, font_scale: float, language: str) -> None:
    """At 1280x800, in every language, with the text at 100 % and 150 %: no product name
    nor reason under it is cut ("ID – ProVista… after a…"), and none needs scrolling
    sideways."""
    window = scaled_window
    window.set_language(language)
    products = to_products(qtbot, window)
    qtbot.wait(10)
    window.grab().save(f"/tmp/products-1280x800-{language}-{font_scale}.png")  # to look at
    for person in window.wizard.draft.persons:
        products.select_person(person.key)
        qtbot.wait(10)
        assert _cut(products.tree) == [], person.first_name


# --- item 11: the details panel ----------------------------------------------------------

def test_the_details_follow_the_language_and_the_proposal(
        qtbot: QtBot, window: MainWindow) -> None:
    products = to_products(qtbot, window)
    products.tree.setCurrentItem(products.row("ID").item)
    assert "ProVista, lump sum for disability or death" in products.details.text()
    window.set_language("it")
    text = products.details.text()
    assert "ProVista" in text and "lump sum" not in text  # the same product, in Italian
    assert products.tree.current_code() == "ID"
    window.new_action.trigger()  # the next client
    products = to_products(qtbot, window)
    assert products.details.text() == (
        "Selezionare un prodotto per vederne i periodi di carenza e le esclusioni.")
