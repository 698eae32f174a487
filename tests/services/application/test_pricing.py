"""The pricing adapter against the shipped illustrative tariffs (issue 9)."""

from datetime import date
from decimal import Decimal

import pytest

from app.services.application.pricing import PricingAdapter
from app.services.catalogue import load_catalogue
from app.services.pricing.engine import load_tariffs, quote
from app.services.pricing.model import HouseholdInput, ItemInput, PersonInput
from tests.views.fakes import chosen, family_draft


@pytest.fixture(scope="module")
def adapter() -> PricingAdapter:
    return PricingAdapter(load_catalogue(), load_tariffs(), lambda: date(2026, 11, 20))


def test_the_draft_is_priced_line_by_line(adapter: PricingAdapter) -> None:
    draft = chosen(family_draft())
    for person in draft.persons:
        person.premium_region = 1
    q = adapter.quote(draft, "monthly")
    # LAMAL + SC + GM for the adults, LAMAL + SC + DP for the child
    assert [(line.person_key == draft.persons[i // 3].key, line.product)
            for i, line in enumerate(q.lines)] == [
        (True, "LAMAL"), (True, "SC"), (True, "GM"),
        (True, "LAMAL"), (True, "SC"), (True, "GM"),
        (True, "LAMAL"), (True, "SC"), (True, "DP")]
    assert q.total == sum(line.net for line in q.lines)
    # the shipped tariff is illustrative and of 2025, the premium year 2027 (issue 17, 14)
    assert q.notes == ("Illustrative tariff: these are not the insurer's real premiums.",
                       "No tariff for 2027 yet: these are the premiums of 2025; the "
                       "insurer's 2027 premiums may differ.")
    assert q.lines[0].label == "Basic insurance – CMVEO, Standard"


def test_same_figures_as_the_engine(adapter: PricingAdapter) -> None:
    draft = chosen(family_draft())
    anna = draft.persons[0]
    engine = quote(load_catalogue(), load_tariffs(), HouseholdInput((PersonInput(
        anna.key, "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 1, "policyholder"),)),
        [ItemInput(anna.key, "SC", "2", Decimal(0), start_date=date(2027, 1, 1))], 2027,
        "monthly")
    single = family_draft()
    single.persons = single.persons[:1]
    single.products[anna.key] = []
    price = adapter.price_of(single, single.persons[0].key, "SC", "2", Decimal(0))
    assert price == engine.lines[0].net


def test_a_person_without_birth_date_is_named_not_priced(adapter: PricingAdapter) -> None:
    draft = chosen(family_draft())
    draft.persons[1].birth_date = None
    q = adapter.quote(draft, "annual")
    assert all(line.person_key != draft.persons[1].key for line in q.lines)
    assert "Marc Rochat: enter birth date, sex and canton to see the premiums." in q.notes
    assert adapter.price_of(draft, draft.persons[1].key, "SC", "1", Decimal(0)) is None
