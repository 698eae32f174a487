"""Issue 15, item 13: the health questionnaire at the kitchen table.

The family of issue 15 (two adults born 1984 and 1987, children born 2016 and 2021,
Lausanne 1004) through the real widgets and services: questions worded for whoever is
asked, asked only when they apply (pregnancy: women from 12 to 55, see health_v1.toml),
and "No to all remaining questions" per person, confirmed, keeping every answer given.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.wizard.answer_questionnaire import QuestionnairePage
from app.views.wizard.choose_basic_insurance import BasicInsurancePage
from app.views.wizard.edit_household import HouseholdPage
from app.views.wizard.pick_products import ProductsPage
from tests.views.meeting_helpers import (
    choose,
    new_proposal_window,
    real_context,
    type_text,
)

FAMILY = (("Sophie", "F", "12.03.1984", None), ("Marc", "M", "02.08.1987", "spouse"),
          ("Noah", "M", "21.06.2016", "child"), ("Mia", "F", "09.01.2021", "child"))


@pytest.fixture
def context(store: Store, tmp_path: Path) -> AppContext:
    return real_context(store, tmp_path)


_type = type_text


_choose = choose


def to_questionnaire(qtbot: QtBot, window: MainWindow) -> QuestionnairePage:
    """Persons, basic insurance, and HC 1 and SC 1 for the adults, DP 0 and SC 1 for the
    children; the wizard on the questionnaire step."""
    wizard = window.wizard
    household = wizard.current_page
    assert isinstance(household, HouseholdPage)
    for first, sex, birth, role in FAMILY:
        if role:
            household.add_person(role)
        form = household.form
        _type(qtbot, form.line("first_name"), first)
        _type(qtbot, form.line("last_name"), "Rochat")
        _choose(form.combo("sex"), sex)
        _type(qtbot, form.line("birth_date"), birth)
        _type(qtbot, form.line("street"), "Avenue de la Gare 12")
        _type(qtbot, form.line("postal_code"), "1004")
    assert wizard.next(), wizard.problem.text()
    basic = wizard.current_page
    assert isinstance(basic, BasicInsurancePage)
    for person in wizard.draft.persons:
        form = basic.form_for(person.key)
        _choose(form.insurer, "CMVEO")
        _choose(form.current_insurer, "EGK")
    assert wizard.next(), wizard.problem.text()
    products = wizard.current_page
    assert isinstance(products, ProductsPage)
    _type(qtbot, products.start, "01.01.2027")
    sophie, marc, noah, mia = wizard.draft.persons
    for person, items in ((sophie, (("HC", "1"), ("SC", "1"))), (marc, (("HC", "1"), ("SC", "1"))),
                          (noah, (("DP", "0"), ("SC", "1"))), (mia, (("DP", "0"), ("SC", "1")))):
        products.select_person(person.key)
        for code, level in items:
            products.set_choice(code, True, level=level)
    assert wizard.next(), wizard.problem.text()
    page = wizard.current_page
    assert isinstance(page, QuestionnairePage)
    return page


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    return new_proposal_window(qtbot, context, 860)


def answer_dialog(accept: bool, seen: list[str]) -> None:
    """Click a button of the confirmation box as soon as it opens; keep its text."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        seen.append(box.text())
        button = box.button(QMessageBox.StandardButton.Yes if accept
                            else QMessageBox.StandardButton.Cancel)
        assert button is not None
        button.click()
    QTimer.singleShot(0, click)


def test_questions_fit_the_person(qtbot: QtBot, window: MainWindow) -> None:
    """"has she applied… does she have" was asked about Marc and Noah, and the pregnancy
    question of a girl of 5; the questions are worded neutrally and pregnancy is asked of
    women of child-bearing age only (12 to 55, health_v1.toml)."""
    page = to_questionnaire(qtbot, window)
    sophie, marc, noah, mia = window.wizard.draft.persons
    asked = {p.first_name: [w.question.id for w in page.form_for(p.key).questions]
             for p in (sophie, marc, noah, mia)}
    assert "pregnancy" in asked["Sophie"]  # 42
    for name in ("Marc", "Noah", "Mia"):  # a man, a boy of 10, a girl of 5
        assert "pregnancy" not in asked[name], name
    for person in (marc, noah):
        text = page.form_for(person.key).widget("disability").text.text()
        assert text == ("Does the person to be insured receive, or have they applied for, a "
                        "disability pension or allowance (AI/IV, accident insurance), or do "
                        "they have a congenital condition or physical disability?")


def test_no_to_all_remaining_questions_keeps_the_answers_given(
        qtbot: QtBot, window: MainWindow) -> None:
    page = to_questionnaire(qtbot, window)
    sophie, marc, noah, mia = window.wizard.draft.persons
    form = page.form_for(sophie.key)
    hospital = form.widget("hospital_10y")
    hospital.answer(True)  # a yes with its case still to describe
    form.widget("current_treatment").answer(False)
    seen: list[str] = []
    answer_dialog(False, seen)  # the agent changes their mind: nothing happens
    form.no_to_all_button.click()
    assert [w.question.id for w in form.questions if w.input.value() is None] == [
        "treatment_5y", "planned_treatment", "mental_health_10y", "disability", "pregnancy"]
    answer_dialog(True, seen)
    form.no_to_all_button.click()
    assert seen[0] == seen[1] == (
        "Answer “No” for Sophie Rochat to the 5 questions not answered yet? Do so only if "
        "the client heard each of them and answers no. The answers already given are kept.")
    values = {w.question.id: w.input.value() for w in form.questions}
    assert values == {"current_treatment": False, "treatment_5y": False,
                      "hospital_10y": True, "planned_treatment": False,
                      "mental_health_10y": False, "disability": False, "pregnancy": False}
    assert len(hospital.cases) == 1  # the yes and its case are untouched
    assert not form.no_to_all_button.isEnabled()  # nothing left to answer
    # the same checks as ever: the yes still needs its case described
    assert not window.wizard.next()
    assert page.tabs.currentWidget() is form
    assert hospital.cases[0].errors["diagnosis"].text()
    hospital.answer(False)
    # the others: one click and a confirmation each (was about 35 clicks for the family)
    for person in (marc, noah, mia):
        page.tabs.setCurrentWidget(page.form_for(person.key))
        answer_dialog(True, seen)
        page.form_for(person.key).no_to_all_button.click()
    assert "Mia Rochat" in seen[-1] and "9 questions" not in seen[-1]
    assert window.wizard.next(), window.wizard.problem.text()
    answers = window.wizard.draft.answers
    assert answers[sophie.key]["hospital_10y"] == {"value": False, "cases": []}
    assert set(answers[mia.key]) == {"current_treatment", "treatment_5y", "hospital_10y",
                                     "planned_treatment", "mental_health_10y", "disability",
                                     "teeth_missing", "dental_planned"}
