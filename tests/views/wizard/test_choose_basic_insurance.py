from datetime import date
from decimal import Decimal

from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.wizard.choose_basic_insurance import BasicInsurancePage
from tests.views.fakes import chosen, family_draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> BasicInsurancePage:
    page = BasicInsurancePage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_deductibles_follow_the_person(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    adult = page.form_for(draft.persons[0].key).deductible
    child = page.form_for(draft.persons[2].key).deductible
    assert [adult.itemText(i).split(" · ")[0] for i in range(adult.count())] == [
        "CHF 300.00", "CHF 500.00", "CHF 1'000.00", "CHF 1'500.00", "CHF 2'000.00",
        "CHF 2'500.00"]  # each with the person's premium after it (issue 15, item 8)
    assert child.itemText(0).startswith("CHF 0.00 · ") and child.count() == 7
    current = page.form_for(draft.persons[0].key).current_deductible
    assert current.count() == 6  # the current cover has the person's own options


def test_earliest_start_and_notice_deadline_are_shown_before_signing(
        qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    form = page.form_for(draft.persons[0].key)
    text = form.dates.text()
    assert "Earliest start: 01.01.2027" in text
    assert "Notice to the current insurer by: 30.11.2026" in text
    assert "Ordinary deductible: 3 months&#x27; notice." in text
    page.save(draft)
    assert draft.basic[draft.persons[0].key].start_date == date(2027, 1, 1)


def test_the_rules_refusal_is_shown_and_blocks(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    form = page.form_for(draft.persons[1].key)
    form.current_insurer.setCurrentIndex(form.current_insurer.findData("CMVEO"))
    assert form.dates.text() == "previous_insurer: same as the new insurer"
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems == {f"{draft.persons[1].key}.reason":
                                  "previous_insurer: same as the new insurer"}
    else:
        raise AssertionError("the rules' refusal must block the step")
    assert form.fields["reason"].message == "previous_insurer: same as the new insurer"


def test_missing_insurer_is_shown_beside_the_field(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    form = page.form_for(draft.persons[0].key)
    form.insurer.setCurrentIndex(-1)
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems[f"{draft.persons[0].key}.insurer"] == "Choose the insurer."
    else:
        raise AssertionError("a missing insurer must block the step")
    assert form.fields["insurer"].message == "Choose the insurer."


def test_birth_or_arrival_asks_for_the_event_date(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    form = page.form_for(draft.persons[2].key)
    assert form.fields["event_date"].isHidden()
    assert not form.fields["current_insurer"].isHidden()
    form.reason.setCurrentIndex(form.reason.findData("birth"))
    assert not form.fields["event_date"].isHidden()
    assert form.fields["current_insurer"].isHidden()
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems == {f"{draft.persons[2].key}.event_date":
                                  "Enter the date of the birth or of the arrival."}
    else:
        raise AssertionError("the event date is needed")
    form.event_date.setText("14.07.2018")
    form.event_date.editingFinished.emit()
    assert "Earliest start: 14.07.2018" in form.dates.text()
    page.check()


def test_save_and_copy_to_everyone(qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    first = page.form_for(draft.persons[0].key)
    first.insurer.setCurrentIndex(first.insurer.findData("SWICA"))
    first.model.setCurrentIndex(first.model.findData("hmo"))
    first.accident.setChecked(False)
    page.tabs.setCurrentWidget(first)
    page.copy_button.click()
    page.save(draft)
    assert {(c.insurer, c.model) for c in draft.basic.values()} == {("SWICA", "hmo")}
    assert draft.basic[draft.persons[0].key].accident_cover is False
    assert draft.basic[draft.persons[2].key].deductible == Decimal(0)  # the child's own
