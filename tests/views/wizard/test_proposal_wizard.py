from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.services.application.draft import STEPS, PersonDraft, ProposalDraft
from app.views.context import AppContext
from app.views.wizard.proposal_wizard import ProposalWizard
from tests.views.fakes import FakeProposals, chosen, family_draft


def _wizard(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> ProposalWizard:
    wizard = ProposalWizard(context)
    qtbot.addWidget(wizard)
    wizard.resize(1100, 800)
    wizard.show()
    wizard.open(draft)
    return wizard


def test_the_step_list_shows_every_step_in_order(qtbot: QtBot, context: AppContext) -> None:
    wizard = _wizard(qtbot, context, family_draft())
    assert [p.step for p in wizard.pages] == list(STEPS)
    assert [wizard.steps.item(i).text() for i in range(wizard.steps.count())] == [
        "1. Persons", "2. Basic insurance", "3. Products", "4. Health questionnaires",
        "5. Reservations", "6. Summary", "7. Signatures", "8. Print",
        "9. Follow-up"]


def test_next_is_refused_on_an_incomplete_step(qtbot: QtBot, context: AppContext) -> None:
    wizard = _wizard(qtbot, context, ProposalDraft(persons=[PersonDraft()]))
    assert not wizard.next()
    assert wizard.current_page.step == "household"
    assert wizard.problem.text() == ("This step is not complete: see the messages beside "
                                     "the fields.")
    assert wizard.steps.item(0).text() == "! 1. Persons"
    household = wizard.current_page
    assert household.form.fields["first_name"].message == "Required."


def test_free_back_and_forth_and_jumps_stop_at_the_first_incomplete_step(
        qtbot: QtBot, context: AppContext) -> None:
    wizard = _wizard(qtbot, context, chosen(family_draft()))
    # Everything up to the questionnaire is complete: jump straight to the summary...
    assert not wizard.go_to_step("summary")
    # ...stops at the questionnaire, whose answers are missing.
    assert wizard.current_page.step == "questionnaire"
    assert wizard.steps.item(0).text() == "✓ 1. Persons"
    assert wizard.steps.item(3).text() == "! 4. Health questionnaires"
    assert wizard.back()
    assert wizard.current_page.step == "products"
    wizard.steps.setCurrentRow(0)  # a click in the list
    assert wizard.current_page.step == "household"


def test_shortcuts_move_between_steps_and_save(qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    wizard = _wizard(qtbot, context, chosen(family_draft()))
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    qtbot.keyClick(wizard, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_page.step == "basic"
    qtbot.keyClick(wizard, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_page.step == "household"
    saves = proposals.saves
    qtbot.keyClick(wizard, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert proposals.saves == saves + 1


def test_autosave_after_an_edit_and_reopening_shows_the_draft_where_it_was(
        qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(chosen(family_draft()))
    wizard = _wizard(qtbot, context, proposals.load_draft(draft.id))
    assert wizard.next()
    assert wizard.next()
    page = wizard.current_page
    assert page.step == "products"
    with qtbot.waitSignal(wizard.saved, timeout=3000):
        page.set_choice("GM", False)  # type: ignore[attr-defined]
    stored = proposals.load_draft(draft.id)
    anna = stored.persons[0]
    assert [c.product for c in stored.products[anna.key]] == ["SC"]
    assert stored.step == "products"
    again = _wizard(qtbot, context, stored)
    assert again.current_page.step == "products"
