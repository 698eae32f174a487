"""Issue 15, item 8: the basic insurance step shows each person's monthly premium beside
every model and deductible offered, from the premium engine over the shipped tariff.

The family of the kitchen-table meeting (Lausanne 1004: canton VD, premium region 1). The
amounts are the rows of resources/tariffs/lamal_illustrative.csv read by hand (the newest
tariff year, 2025, prices 2027; basic insurance premiums are monthly amounts without any
surcharge, resources/tariffs/payment.toml [surcharge.lamal], 001 art. 7.2):

    2025,SWICA,VD,1,adult,300,standard,with,standard,540.80
    2025,SWICA,VD,1,adult,2500,standard,with,standard,417.60
    2025,SWICA,VD,1,adult,2500,telmed,with,telmed,367.50
    2025,SWICA,VD,1,adult,2500,telmed,without,telmed,343.60
    2025,SWICA,VD,1,child,0,standard,with,standard,129.80
    2025,SWICA,VD,1,child,600,standard,with,standard,96.20
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.wizard.basic_insurance_form import BasicInsuranceForm
from app.views.wizard.choose_basic_insurance import BasicInsurancePage
from app.views.wizard.edit_household import HouseholdPage
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


def to_basic(qtbot: QtBot, window: MainWindow) -> BasicInsurancePage:
    household = window.wizard.current_page
    assert isinstance(household, HouseholdPage)
    fill_family(qtbot, household)
    assert window.wizard.next()
    basic = window.wizard.current_page
    assert isinstance(basic, BasicInsurancePage)
    return basic


def option_text(combo: QComboBox, data: str) -> str:
    index = combo.findData(data)
    assert index >= 0, f"{combo.objectName()}: no {data!r}"
    return combo.itemText(index)


def swica(basic: BasicInsurancePage, key: str) -> BasicInsuranceForm:
    form = basic.form_for(key)
    choose(form.insurer, "SWICA")
    choose(form.current_insurer, "EGK")
    return form


def test_each_deductible_and_model_shows_the_persons_monthly_premium(
        qtbot: QtBot, window: MainWindow) -> None:
    basic = to_basic(qtbot, window)
    sophie, _thomas, noah, _mia = window.wizard.draft.persons
    form = swica(basic, sophie.key)
    assert "CHF 540.80" in option_text(form.deductible, "300")
    assert "CHF 540.80" in form.premium.text()  # the premium of what is chosen
    choose(form.model, "telmed")
    choose(form.deductible, "2500")
    assert "CHF 367.50" in option_text(form.deductible, "2500")
    assert "CHF 367.50" in option_text(form.model, "telmed")  # at the deductible chosen
    assert "CHF 417.60" in option_text(form.model, "standard")
    assert "CHF 367.50" in form.premium.text()
    form.accident.setChecked(False)  # covered by an employer under the LAA
    assert "CHF 343.60" in option_text(form.deductible, "2500")
    assert "CHF 343.60" in form.premium.text()
    assert form.deductible.currentData() == "2500"  # the choice itself is unchanged

    child = swica(basic, noah.key)
    assert "CHF 129.80" in option_text(child.deductible, "0")
    assert "CHF 96.20" in option_text(child.deductible, "600")


def test_the_premiums_read_in_the_agents_language(qtbot: QtBot, window: MainWindow) -> None:
    basic = to_basic(qtbot, window)
    sophie = window.wizard.draft.persons[0]
    form = swica(basic, sophie.key)
    window.set_language("it")
    assert "CHF 540.80" in option_text(form.deductible, "300")
    assert "al mese" in option_text(form.deductible, "300")
    assert "CHF 540.80" in form.premium.text() and "al mese" in form.premium.text()
