"""The basic-insurance adapter against the insurers' rules files (issue 8, seeds 001/002)."""

from datetime import date
from decimal import Decimal

import pytest

from app.services.application.basic_insurance import BasicInsuranceAdapter
from app.services.application.draft import BasicInsuranceChoice, PersonDraft
from app.services.catalogue import load_catalogue


@pytest.fixture
def adapter() -> BasicInsuranceAdapter:
    return BasicInsuranceAdapter(load_catalogue())


def test_lists(adapter: BasicInsuranceAdapter) -> None:
    assert [o.code for o in adapter.insurers()] == ["CMVEO", "EGK", "SWICA"]
    assert [o.code for o in adapter.models()] == ["standard", "family_doctor", "hmo", "telmed"]
    # a child while premium year - birth year <= 18 (LAMal art. 61 al. 3)
    assert adapter.deductibles(date(2008, 12, 31), date(2026, 1, 1))[0] == Decimal(0)
    assert adapter.deductibles(date(2007, 12, 31), date(2026, 1, 1))[0] == Decimal(300)


def test_change_of_insurer_gives_start_and_notice_deadline(
        adapter: BasicInsuranceAdapter) -> None:
    # Leaving SWICA with the ordinary deductible and the standard model, notice sent on
    # 10.2.2027: end 30.6.2027, notice by 31.3.2027 (issue 8; 002 art. 16)
    choice = BasicInsuranceChoice(insurer="EGK", deductible=Decimal(300), current_insurer="SWICA",
                                  current_deductible=Decimal(300), current_model="standard")
    person = PersonDraft(birth_date=date(1986, 5, 1), canton="VD")
    dates = adapter.dates(choice, person, date(2027, 2, 10))
    assert dates.switch_end == date(2027, 6, 30)
    assert dates.notice_deadline == date(2027, 3, 31)
    assert dates.start_date == date(2027, 7, 1)
    assert not dates.late
    assert dates.explanations


def test_arrival_within_three_months_starts_on_arrival(adapter: BasicInsuranceAdapter) -> None:
    # EGK, arrival 10.1.2027, proposal received 1.3.2027: retroactive (001 art. 3.1)
    choice = BasicInsuranceChoice(insurer="EGK", deductible=Decimal(300), reason="arrival",
                                  event_date=date(2027, 1, 10))
    dates = adapter.dates(choice, PersonDraft(birth_date=date(1990, 1, 1)), date(2027, 3, 1))
    assert (dates.start_date, dates.late, dates.notice_deadline) == (
        date(2027, 1, 10), False, None)


def test_same_insurer_is_refused_with_a_message(adapter: BasicInsuranceAdapter) -> None:
    choice = BasicInsuranceChoice(insurer="EGK", deductible=Decimal(300), current_insurer="EGK")
    with pytest.raises(ValueError, match="previous_insurer"):
        adapter.dates(choice, PersonDraft(birth_date=date(1990, 1, 1)), date(2027, 3, 1))
