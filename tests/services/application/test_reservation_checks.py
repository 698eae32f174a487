"""A reservation the agent enters by hand, checked as the store will (issue 15, item 12)."""

from __future__ import annotations

from datetime import date

from app.services.application.draft import ReservationDraft
from app.services.application.questionnaire import QuestionnaireAdapter
from tests.views.fakes import chosen, family_draft

TODAY = date(2026, 11, 20)


def test_each_problem_is_named_by_field() -> None:
    draft = chosen(family_draft())
    draft.start_date = date(2027, 1, 1)
    anna, _marc, lea = draft.persons
    adapter = QuestionnaireAdapter(lambda: TODAY)
    assert adapter.check_reservation(draft, ReservationDraft(anna.key, "  ", products=())) == {
        "condition": "A reservation needs the condition it excludes.",
        "products": "A reservation must name at least one product."}
    late = ReservationDraft(anna.key, "asthma", products=("SC",), until=date(2026, 12, 31),
                            origin="agent")
    assert adapter.check_reservation(draft, late) == {
        "until": "A reservation cannot end (31.12.2026) before it starts (01.01.2027)."}
    held = {c.product for c in draft.products[lea.key]}
    assert "GM" not in held
    foreign = ReservationDraft(lea.key, "asthma", products=("GM",), origin="agent")
    assert adapter.check_reservation(draft, foreign) == {
        "products": "Léa Rochat has no GM in this proposal."}
    fine = ReservationDraft(anna.key, "asthma", "lungs", ("SC",), date(2029, 12, 31),
                            origin="agent")
    assert adapter.check_reservation(draft, fine) == {}
