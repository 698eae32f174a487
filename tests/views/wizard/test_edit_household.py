from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from pytestqt.qtbot import QtBot

from app.services.application.draft import PersonDraft, ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.wizard.edit_household import HouseholdPage
from tests.views.fakes import chosen, family_draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> HouseholdPage:
    page = HouseholdPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_postal_code_fills_municipality_and_canton(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, ProposalDraft(persons=[PersonDraft()]))
    postal = page.form.line("postal_code")
    qtbot.keyClicks(postal, "3011")
    assert page.form.combo("municipality").currentText() == "Bern"
    assert page.form.combo("canton").currentText() == "BE"
    postal.clear()
    qtbot.keyClicks(postal, "6900")  # two municipalities share it: the agent picks
    municipality = page.form.combo("municipality")
    assert [municipality.itemText(i) for i in range(municipality.count())] == [
        "Lugano", "Massagno"]
    assert page.form.combo("canton").currentText() == "TI"
    postal.clear()
    qtbot.keyClicks(postal, "9999")
    assert page.form.fields["postal_code"].message == (
        "No municipality is known for this postal code.")


def test_postal_code_refuses_letters_as_typed(qtbot: QtBot, context: AppContext) -> None:
    page = _page(qtbot, context, ProposalDraft(persons=[PersonDraft()]))
    postal = page.form.line("postal_code")
    qtbot.keyClicks(postal, "10a03")
    assert postal.text() == "1003"


def test_invalid_ahv_number_is_shown_beside_the_field_and_blocks(qtbot: QtBot,
                                                                 context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    ahv = page.form.line("ahv_number")
    ahv.clear()
    qtbot.keyClicks(ahv, "756.1234.5678.90")  # check digit should be 7
    validator = ahv.validator()
    assert validator.validate(ahv.text(), 0)[0] == QValidator.State.Intermediate
    assert not ahv.hasAcceptableInput()
    ahv.editingFinished.emit()
    assert page.form.fields["ahv_number"].message == (
        "AHV number: the check digit does not match.")
    page.save(draft)
    try:
        page.check()
    except PageCheckError as error:
        assert error.problems == {"ahv_number": "AHV number: the check digit does not match."}
    else:
        raise AssertionError("an invalid AHV number must block the step")
    assert page.person_list.item(0).text().startswith("! ")
    ahv.clear()
    qtbot.keyClicks(ahv, "756.1234.5678.97")
    assert ahv.hasAcceptableInput()
    page.check()  # no error now


def test_members_are_added_with_the_household_address(qtbot: QtBot,
                                                      context: AppContext) -> None:
    draft = family_draft()
    draft.persons = draft.persons[:1]
    page = _page(qtbot, context, draft)
    child = page.add_person("child")
    assert page.person_list.count() == 2
    assert (child.last_name, child.postal_code, child.municipality, child.canton) == (
        "Rochat", "1003", "Lausanne", "VD")
    qtbot.keyClicks(page.form.line("first_name"), "Noah")
    qtbot.keyClicks(page.form.line("birth_date"), "03.04.2021")
    page.form.combo("sex").setCurrentIndex(page.form.combo("sex").findData("M"))
    page.save(draft)
    assert [(p.first_name, p.role, p.birth_date) for p in draft.persons] == [
        ("Anna", "policyholder", date(1986, 5, 1)), ("Noah", "child", date(2021, 4, 3))]
    assert page.person_list.item(1).text() == "Noah Rochat — Child"


def test_the_policyholder_cannot_be_removed_and_removal_drops_choices(
        qtbot: QtBot, context: AppContext) -> None:
    draft = chosen(family_draft())
    page = _page(qtbot, context, draft)
    page.select_person(0)
    assert not page.remove_person.isEnabled()
    page.select_person(2)
    lea = draft.persons[2].key
    qtbot.mouseClick(page.remove_person, Qt.MouseButton.LeftButton)
    page.save(draft)
    assert [p.first_name for p in draft.persons] == ["Anna", "Marc"]
    assert lea not in draft.products and lea not in draft.basic


def test_selecting_another_person_keeps_what_was_typed(qtbot: QtBot,
                                                       context: AppContext) -> None:
    draft = family_draft()
    page = _page(qtbot, context, draft)
    page.select_person(1)
    qtbot.keyClicks(page.form.line("phone"), "+41791234567")
    page.select_person(0)
    page.select_person(1)
    assert page.form.line("phone").text() == "+41791234567"
    page.save(draft)
    assert draft.persons[1].phone == "+41791234567"


def test_missing_fields_of_another_person_are_shown(qtbot: QtBot, context: AppContext) -> None:
    draft = family_draft()
    draft.persons[2].birth_date = None
    page = _page(qtbot, context, draft)
    try:
        page.check()
    except PageCheckError:
        pass
    else:
        raise AssertionError("a missing birth date must block the step")
    assert page.person_list.currentRow() == 2
    assert page.form.fields["birth_date"].message == "Birth date: required, as dd.mm.yyyy."
    assert page.household_error.text() == "Please correct the fields of Léa Rochat."
