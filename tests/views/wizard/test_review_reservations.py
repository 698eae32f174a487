from pytestqt.qtbot import QtBot

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError
from app.views.wizard.review_reservations import ReservationsPage
from tests.views.fakes import chosen, family_draft


def _answered() -> ProposalDraft:
    draft = chosen(family_draft())
    no = {"value": False, "cases": []}
    for person in draft.persons:
        draft.answers[person.key] = {"treatment": no, "surgery": no}
    anna = draft.persons[0].key
    draft.answers[anna] = {"treatment": no, "surgery": {"value": True, "cases": [
        {"body_part": "knee", "side": "left", "year": "2024"}]}}
    return draft


def _page(qtbot: QtBot, context: AppContext, draft: ProposalDraft) -> ReservationsPage:
    page = ReservationsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(draft)
    return page


def test_suggested_reservation_needs_the_clients_consent(qtbot: QtBot,
                                                         context: AppContext) -> None:
    draft = _answered()
    page = _page(qtbot, context, draft)
    assert page.table.rowCount() == 1
    assert page.table.item(0, 0).text() == "Anna Rochat"
    assert page.table.item(0, 3).text() == "SC, GM"
    assert page.table.item(0, 7).text() == "suggested by Propono"
    try:
        page.check()
    except PageCheckError as error:
        assert list(error.problems.values()) == ["Consent missing: surgery 2024"]
    else:
        raise AssertionError("a reservation without consent must block the step")
    page.set_status(0, "accepted_by_client")
    page.set_answer_by(0, "04.12.2026")
    page.check()
    page.save(draft)
    assert [(r.status, r.body_part) for r in draft.reservations] == [
        ("accepted_by_client", "left knee")]


def test_the_agent_edits_the_wording_and_it_survives_reloading(qtbot: QtBot,
                                                               context: AppContext) -> None:
    draft = _answered()
    page = _page(qtbot, context, draft)
    condition = page.table.cellWidget(0, 1)
    condition.setText("meniscus surgery 2024")  # type: ignore[attr-defined]
    page.set_status(0, "consent_requested")
    page.save(draft)
    page.load(draft)
    assert page.table.cellWidget(0, 1).text() == "meniscus surgery 2024"  # type: ignore
    assert page.reservations[0].status == "consent_requested"


def test_a_suggestion_disappears_when_the_answer_changes(qtbot: QtBot,
                                                         context: AppContext) -> None:
    draft = _answered()
    page = _page(qtbot, context, draft)
    assert page.table.rowCount() == 1
    draft.answers[draft.persons[0].key]["surgery"] = {"value": False, "cases": []}
    page.load(draft)
    assert page.reservations == []
    assert not page.empty.isHidden()
    page.check()


def test_referral_remark_is_shown(qtbot: QtBot, context: AppContext) -> None:
    draft = _answered()
    draft.answers[draft.persons[1].key]["treatment"] = {"value": True, "cases": []}
    page = _page(qtbot, context, draft)
    # one statement beside Anna's suggested reservation (issue 15, item 12)
    assert page.remarks.text() == ("Marc Rochat: SC and GM go to the insurer's medical "
                                   "officer, who decides. Ongoing treatment.")
    assert page.empty.isHidden()


def test_a_referral_alone_says_no_reservation_is_suggested(qtbot: QtBot,
                                                           context: AppContext) -> None:
    draft = _answered()
    draft.answers[draft.persons[0].key]["surgery"] = {"value": False, "cases": []}
    draft.answers[draft.persons[1].key]["treatment"] = {"value": True, "cases": []}
    page = _page(qtbot, context, draft)
    assert page.remarks.text() == ("No reservation is suggested.\nMarc Rochat: SC and GM go "
                                   "to the insurer's medical officer, who decides. Ongoing "
                                   "treatment.")
    assert page.empty.isHidden()
