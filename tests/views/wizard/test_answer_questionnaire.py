from datetime import date

from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.wizard.answer_questionnaire import QuestionnairePage
from tests.views.fakes import chosen, family_draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> QuestionnairePage:
    page = QuestionnairePage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_form_is_generated_per_person_and_yes_opens_a_case(qtbot: QtBot,
                                                           context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    assert page.tabs.count() == 3
    form = page.form_for(draft.persons[0].key)
    surgery = form.widget("surgery")
    assert surgery.text.text() == "Have you had surgery in the last 5 years?"
    assert surgery.cases_box.isHidden() and surgery.cases == []
    surgery.answer(True)
    assert not surgery.cases_box.isHidden()
    assert list(surgery.cases[0].inputs) == ["body_part", "side", "year"]
    surgery.add_case_button.click()
    assert [c.title.text() for c in surgery.cases] == ["Case 1", "Case 2"]
    surgery.cases[0].remove.click()
    assert [c.title.text() for c in surgery.cases] == ["Case 1"]
    surgery.answer(False)
    assert surgery.cases_box.isHidden()


def test_a_field_shown_only_for_some_values(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    surgery = page.form_for(draft.persons[0].key).widget("surgery")
    surgery.answer(True)
    case = surgery.cases[0]
    side = case.inputs["side"]
    assert not case.boxes["side"].isVisibleTo(case)
    body = case.inputs["body_part"].combo
    assert body is not None
    body.setCurrentIndex(body.findData("knee"))  # paired: the side is asked
    assert case.boxes["side"].isVisibleTo(case)
    body.setCurrentIndex(body.findData("stomach"))
    assert not case.boxes["side"].isVisibleTo(case)
    assert side is case.inputs["side"]


def test_missing_answer_blocks_the_step_with_the_message_beside_it(
        qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    for person in draft.persons:
        form = page.form_for(person.key)
        form.widget("treatment").answer(False)
        if person is not draft.persons[1]:
            form.widget("surgery").answer(False)
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems == {f"{draft.persons[1].key}.surgery":
                                  "Please answer this question."}
    else:
        raise AssertionError("Marc's unanswered question must block the step")
    marc = page.form_for(draft.persons[1].key)
    assert page.tabs.currentWidget() is marc
    assert marc.widget("surgery").error.text() == "Please answer this question."
    assert marc.widget("treatment").error.text() == ""
    marc.widget("surgery").answer(True)
    assert marc.widget("surgery").error.text() == ""
    try:
        page.check()
    except PageCheckError as error:  # the case's fields are required too
        assert set(error.problems) == {f"{draft.persons[1].key}.surgery.1.body_part",
                                       f"{draft.persons[1].key}.surgery.1.year"}
    else:
        raise AssertionError("the case must be described")
    case = marc.widget("surgery").cases[0]
    assert case.errors["year"].text() == "Please give this detail."
    body = case.inputs["body_part"].combo
    assert body is not None
    body.setCurrentIndex(body.findData("knee"))
    case.inputs["side"].combo.setCurrentIndex(1)  # type: ignore[union-attr]
    case.inputs["year"].line.setText("2024")  # type: ignore[union-attr]
    page.check()
    page.save(draft)
    assert draft.answers[draft.persons[1].key] == {
        "treatment": {"value": False, "cases": []},
        "surgery": {"value": True,
                    "cases": [{"body_part": "knee", "side": "left", "year": "2024"}]}}


def test_a_child_is_answered_by_the_legal_representative(qtbot: QtBot,
                                                         context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    note = page.form_for(draft.persons[2].key).note
    assert not note.isHidden()
    assert note.text() == ("Léa Rochat is a minor: the legal representative, Anna Rochat, "
                           "answers and signs for them.")
    assert page.form_for(draft.persons[0].key).note.isHidden()


def test_answers_reload_and_a_no_drops_the_cases(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    anna = draft.persons[0].key
    draft.answers[anna] = {"treatment": {"value": True, "cases": [{"diagnosis": "asthma"}]},
                           "surgery": {"value": False, "cases": []}}
    page = _page(qtbot, context, draft)
    form = page.form_for(anna)
    treatment = form.widget("treatment")
    assert treatment.case_input(1, "diagnosis").line.text() == "asthma"  # type: ignore
    treatment.answer(False)
    page.save(draft)
    assert draft.answers[anna] == {"treatment": {"value": False, "cases": []},
                                   "surgery": {"value": False, "cases": []}}


def test_no_questions_when_the_products_need_none(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    draft.start_date = date(2027, 1, 1)
    page = _page(qtbot, context, draft)
    assert page.form_for(draft.persons[0].key).questions == []
    page.check()
