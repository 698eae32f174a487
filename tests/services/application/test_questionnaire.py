"""The questionnaire adapter against health_v1 and the underwriting rules (issue 4)."""

from datetime import date
from decimal import Decimal

import pytest

from app.services.application.draft import ProposalDraft, ReservationDraft
from app.services.application.questionnaire import QuestionnaireAdapter
from tests.views.fakes import chosen, family_draft

TODAY = date(2026, 11, 20)
KNEE = {"diagnosis": "meniscus surgery", "body_part": "knee", "side": "left",
        "from": "2024-02", "course": "healed", "to": "2024-06", "treatment": "arthroscopy",
        "doctor": "Dr Rossi, Lausanne", "time_off_work": True, "weeks_off_work": Decimal(6)}
NO = {"value": False, "cases": []}


@pytest.fixture
def adapter() -> QuestionnaireAdapter:
    return QuestionnaireAdapter(lambda: TODAY)


def _all_no(adapter: QuestionnaireAdapter, draft: ProposalDraft) -> None:
    for person in draft.persons:
        draft.answers[person.key] = {q.id: dict(NO) for q in adapter.questions_for(person, draft)}


def test_questions_follow_the_products(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    anna, _marc, lea = draft.persons
    # SC and GM need the full questionnaire; a woman is asked about pregnancy
    assert [q.id for q in adapter.questions_for(anna, draft)] == [
        "current_treatment", "treatment_5y", "hospital_10y", "planned_treatment",
        "mental_health_10y", "disability", "pregnancy"]
    draft.products[lea.key] = [p for p in draft.products[lea.key] if p.product == "DP"]
    assert [q.id for q in adapter.questions_for(lea, draft)] == ["teeth_missing",
                                                                 "dental_planned"]
    condition = adapter.questions_for(anna, draft)[1].case_fields
    assert [f.id for f in condition][:3] == ["diagnosis", "body_part", "side"]
    side = condition[2]
    assert side.visible_if is not None and "knee" in side.visible_if[1]


def test_a_child_is_answered_by_the_representative(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    assert [adapter.answered_by_representative(p, draft) for p in draft.persons] == [
        False, False, True]


def test_missing_answers_and_case_fields_are_named(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    anna = draft.persons[0]
    _all_no(adapter, draft)
    del draft.answers[anna.key]["hospital_10y"]
    assert adapter.check(anna, draft) == {
        "hospital_10y": "Hospital stays and operations in the last 10 years: please answer."}
    draft.answers[anna.key]["hospital_10y"] = dict(NO)
    draft.answers[anna.key]["treatment_5y"] = {"value": True, "cases": [
        {k: v for k, v in KNEE.items() if k != "side"}]}
    assert adapter.check(anna, draft) == {
        "treatment_5y.1.side": "Treatments in the last 5 years, case 1, “Side”: this "
                               "information is missing."}
    assert adapter.check(draft.persons[1], draft) == {}


def test_a_healed_knee_suggests_a_reservation(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    anna = draft.persons[0]
    _all_no(adapter, draft)
    draft.answers[anna.key]["treatment_5y"] = {"value": True, "cases": [dict(KNEE)]}
    found = adapter.suggestions(draft)
    assert [(r.person_key, r.body_part, r.condition, r.products) for r in found] == [
        (anna.key, "genou gauche", "meniscus surgery 2024", ("SC", "GM"))]  # client: fr
    assert adapter.suggestions(draft)[0].key == found[0].key  # same finding, same key
    problems = adapter.reservation_problems(
        ProposalDraft(persons=draft.persons, reservations=list(found)))
    assert list(problems.values()) == [
        "Anna Rochat: the client has not yet accepted or refused the reservation “genou "
        "gauche, meniscus surgery 2024”."]


def test_ongoing_treatment_is_a_referral(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    marc = draft.persons[1]
    _all_no(adapter, draft)
    ongoing = {k: v for k, v in KNEE.items() if k != "to"} | {"course": "ongoing"}
    draft.answers[marc.key]["current_treatment"] = {"value": True, "cases": [ongoing]}
    [referral] = adapter.referrals(draft)
    assert (referral.person_key, referral.products) == (marc.key, ("SC", "GM"))
    assert referral.reasons == ("Treatment under way: the insurer's medical officer judges "
                                "the case, if need be on a medical report.",)
    assert adapter.remarks(draft) == []  # a referral is no "tell the client" remark


def test_reservation_decided_by_client_no_longer_blocks(adapter: QuestionnaireAdapter) -> None:
    draft = chosen(family_draft())
    draft.reservations = [ReservationDraft(draft.persons[0].key, "asthma", "", ("SC",),
                                           status="accepted_by_client")]
    # the consent declaration must state the insurer's time limit (004 art. 8 al. 2)
    assert list(adapter.reservation_problems(draft).values()) == [
        "Anna Rochat: enter the date by which the client must answer the reservation "
        "“asthma”."]
    draft.reservations[0].consent_due = date(2026, 12, 4)
    assert adapter.reservation_problems(draft) == {}
