from datetime import date

from pytestqt.qtbot import QtBot

from app.views.context import AppContext
from app.views.draft import ProposalDraft
from app.views.forms import PageCheckError
from app.views.wizard.answer_questionnaire import QuestionnairePage
from tests.views.fakes import chosen, family_draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> QuestionnairePage:
    page = QuestionnairePage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_form_is_generated_per_person_with_follow_ups_on_yes(qtbot: QtBot,
                                                             context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    assert page.tabs.count() == 3
    form = page.form_for(draft.persons[0].key)
    surgery = form.widget("surgery")
    assert surgery.text.text() == "Have you had surgery in the last 5 years?"
    assert surgery.follow_box.isHidden()
    surgery.answer(True)
    assert not surgery.follow_box.isHidden()
    assert [w.question.id for w in surgery.follow_ups] == ["surgery.body_part", "surgery.year"]
    surgery.answer(False)
    assert surgery.follow_box.isHidden()


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
    except PageCheckError as error:  # the follow-ups of a "yes" are required too
        assert set(error.problems) == {f"{draft.persons[1].key}.surgery.body_part",
                                       f"{draft.persons[1].key}.surgery.year"}
    else:
        raise AssertionError("the follow-ups must be answered")
    marc.widget("surgery.body_part").line.setText("left knee")  # type: ignore[union-attr]
    marc.widget("surgery.year").line.setText("2024")  # type: ignore[union-attr]
    page.check()
    page.save(draft)
    assert draft.answers[draft.persons[1].key] == {
        "treatment": False, "surgery": True, "surgery.body_part": "left knee",
        "surgery.year": "2024"}


def test_a_child_is_answered_by_the_legal_representative(qtbot: QtBot,
                                                         context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    note = page.form_for(draft.persons[2].key).note
    assert not note.isHidden()
    assert note.text() == ("Léa Rochat is a minor: the legal representative, Anna Rochat, "
                           "answers and signs for them.")
    assert page.form_for(draft.persons[0].key).note.isHidden()


def test_answers_of_a_hidden_branch_are_not_kept_and_reload(qtbot: QtBot,
                                                            context: AppContext) -> None:
    draft = chosen(family_draft())
    anna = draft.persons[0].key
    draft.answers[anna] = {"treatment": True, "treatment.diagnosis": "asthma",
                           "surgery": False}
    page = _page(qtbot, context, draft)
    form = page.form_for(anna)
    assert form.widget("treatment.diagnosis").line.text() == "asthma"  # type: ignore[union-attr]
    form.widget("treatment").answer(False)
    page.save(draft)
    assert draft.answers[anna] == {"treatment": False, "surgery": False}


def test_no_questions_when_the_products_need_none(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    draft.start_date = date(2027, 1, 1)
    page = _page(qtbot, context, draft)
    assert page.form_for(draft.persons[0].key).questions == []
    page.check()
