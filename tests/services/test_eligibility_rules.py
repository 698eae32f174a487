"""Entry ages as seeds 003 and 004 state them (issue 17, items 8 and 13)."""

from datetime import date

import pytest

from app.services.catalogue import Catalogue, load_catalogue
from app.services.catalogue.eligibility import AGE_ABOVE_MAX, AGE_BELOW_MIN, check_eligibility


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


# 003 "Conditions d'admission": "âge au moment de la demande". GM: "adhésion possible
# jusqu'à l'âge de 55 ans révolus" (003 §GM).
@pytest.mark.parametrize(("requested_on", "eligible", "age"), [
    (date(2026, 10, 15), True, 55),  # the case: 55 when signing in October
    (date(2026, 11, 14), True, 55),  # the day before the 56th birthday
    (date(2026, 11, 15), False, 56),  # the birthday itself
])
def test_entry_age_is_counted_on_the_request_date(cat: Catalogue, requested_on: date,
                                                  eligible: bool, age: int) -> None:
    verdict = check_eligibility(cat, "GM", birth_date=date(1970, 11, 15),
                                start_date=date(2027, 1, 1), requested_on=requested_on)
    assert (verdict.eligible, verdict.age) == (eligible, age)
    assert eligible or verdict.codes == (AGE_ABOVE_MAX,)


def test_the_rule_is_in_the_data_with_its_source(cat: Catalogue) -> None:
    rule = next(r for r in cat.general_rules if r.key == "entry_age_at_request")
    assert "003 §Conditions d'admission" in rule.source


# 004 CP ActiVita art. 3: "jusqu'au jour de ses 60 ans"; 003 §AJ: "jusqu'à l'âge de 60 ans
# révolus". The stricter rule: admission ends the day before the 60th birthday.
@pytest.mark.parametrize(("requested_on", "eligible"), [
    (date(2027, 2, 28), True),  # 59, the day before
    (date(2027, 3, 1), False),  # the 60th birthday
    (date(2027, 3, 2), False),
])
def test_activita_until_the_day_of_the_60th_birthday(cat: Catalogue, requested_on: date,
                                                     eligible: bool) -> None:
    verdict = check_eligibility(cat, "AJ", birth_date=date(1967, 3, 1),
                                start_date=date(2027, 4, 1), requested_on=requested_on)
    assert verdict.eligible is eligible
    assert eligible or verdict.codes == (AGE_ABOVE_MAX,)


def test_activita_is_from_18_and_points_a_child_to_acrobat(cat: Catalogue) -> None:
    # 003 §AJ "L'assurance accident dès 18 ans"; §AB "pour les 0-18 ans Acrobat".
    verdict = check_eligibility(cat, "AJ", birth_date=date(2015, 6, 1),
                                start_date=date(2027, 1, 1), requested_on=date(2026, 11, 1),
                                lang="en")
    assert verdict.codes == (AGE_BELOW_MIN,)
    assert "AB" in verdict.reasons[0].message and "Acrobat" in verdict.reasons[0].message
    assert check_eligibility(cat, "AB", birth_date=date(2015, 6, 1),
                             start_date=date(2027, 1, 1), requested_on=date(2026, 11, 1)).eligible
    adult = check_eligibility(cat, "AJ", birth_date=date(2008, 10, 1),
                              start_date=date(2027, 1, 1), requested_on=date(2026, 11, 1))
    assert adult.eligible  # 18 on the request date
