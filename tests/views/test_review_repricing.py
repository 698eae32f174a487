"""Repriced offers: per person and product, the premium before, after, and the difference."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from app.views.language import switch_language
from app.views.review_repricing import ReviewRepricingDialog, signed_chf
from tests.views.fakes import FakeRepricings, repriced_offer


def _dialog(qtbot: QtBot, repricings: FakeRepricings) -> ReviewRepricingDialog:
    dialog = ReviewRepricingDialog(repricings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_each_line_shows_old_new_and_difference_in_chf(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, FakeRepricings([repriced_offer()]))
    # 1234.50 - 1180.25 = +54.25; 25.40 - 30.00 = -4.60; 12.00 - nothing = +12.00;
    # total 54.25 - 4.60 + 12.00 = +61.65
    assert dialog.rows() == [
        ["Anna Rochat", "Tariff 2027.1 (was 2026.1)", "", "Total", "CHF +61.65"],
        ["Anna Rochat", "Basic insurance", "CHF 1'180.25", "CHF 1'234.50", "CHF +54.25"],
        ["Léa Rochat", "DP Dental", "CHF 30.00", "CHF 25.40", "CHF -4.60"],
        ["Léa Rochat", "SC Hospital", "–", "CHF 12.00", "CHF +12.00"],
    ]
    headers = [dialog.tree.headerItem().text(c) for c in range(5)]
    assert headers == ["Client or person", "Product", "Before", "After", "Difference"]


def test_reviewed_acknowledges_the_offer_and_removes_it(qtbot: QtBot) -> None:
    repricings = FakeRepricings([repriced_offer()])
    dialog = _dialog(qtbot, repricings)
    with qtbot.waitSignal(dialog.changed, timeout=2000):
        dialog.reviewed_button("rp-1").click()
    assert repricings.acknowledged == ["rp-1"]
    assert dialog.listed == [] and dialog.rows() == []
    assert dialog.empty.isVisible() and dialog.empty.text() == "No repriced offer to review."


def test_an_offer_gone_meanwhile_is_said_so(qtbot: QtBot) -> None:
    repricings = FakeRepricings([repriced_offer()])
    dialog = _dialog(qtbot, repricings)
    repricings.offers = []  # acknowledged elsewhere (the command line) meanwhile
    dialog.reviewed_button("rp-1").click()
    assert dialog.message.isVisible()
    assert dialog.message.text() == "This repriced offer is no longer there."
    assert dialog.listed == []


def test_signed_differences() -> None:
    assert signed_chf(Decimal("1234.5")) == "CHF +1'234.50"
    assert signed_chf(Decimal("-0.05")) == "CHF -0.05"
    assert signed_chf(Decimal("0")) == "CHF 0.00"


def test_texts_follow_the_interface_language(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, FakeRepricings([repriced_offer()]))
    switch_language("de")
    assert dialog.rows()[0][1:4] == ["Tarif 2027.1 (bisher 2026.1)", "", "Total"]
    assert dialog.reviewed_button("rp-1").text() == "Geprüft"
    switch_language("it")
    assert dialog.tree.headerItem().text(4) == "Differenza"
