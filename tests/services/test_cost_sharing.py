"""Cost sharing: federal figures (LAMal art. 64, OAMal art. 93, 103, 104) as the insurers
restate them (001 art. 9, 002 art. 20 and glossary)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import use_language
from app.services.lamal.cost_sharing import cost_sharing, deductible_options, is_ordinary_deductible


def test_adult_with_the_ordinary_deductible() -> None:
    c = cost_sharing("adult", Decimal("300"))
    assert (c.deductible, c.copayment_rate, c.copayment_cap) == (
        Decimal("300"), Decimal("0.10"), Decimal("700"))
    assert c.annual_maximum == Decimal("1000")  # 300 + 700, hospital contribution apart
    assert (c.hospital_contribution_per_day, c.hospital_contribution_exempt) == (Decimal("15"), False)
    assert c.maternity_exempt and c.family_children_maximum is None
    assert c.copayment_rate_original_medicines == Decimal("0.40")  # KLV art. 38a


def test_adult_with_the_highest_optional_deductible() -> None:
    assert cost_sharing("adult", Decimal("2500")).annual_maximum == Decimal("3200")  # 2500 + 700


def test_child_pays_half_the_copayment_and_no_hospital_contribution() -> None:
    c = cost_sharing("child", Decimal("0"))
    assert (c.copayment_cap, c.annual_maximum, c.hospital_contribution_exempt) == (
        Decimal("350"), Decimal("350"), True)


@pytest.mark.parametrize(
    ("deductible", "family"),
    [(Decimal("0"), Decimal("700")),  # 2 x 350: one adult's maximum co-payment
     (Decimal("600"), Decimal("1900"))],  # 2 x (600 + 350), OAMal art. 93 al. 3
)
def test_children_of_one_family_pay_together_at_most(deductible: Decimal, family: Decimal) -> None:
    assert cost_sharing("child", deductible, children_in_family=3).family_children_maximum == family
    assert cost_sharing("child", deductible, children_in_family=1).family_children_maximum is None


def test_young_adult_in_education_is_exempt_from_the_hospital_contribution() -> None:
    assert cost_sharing("young_adult", Decimal("300"), in_education=True).hospital_contribution_exempt
    assert not cost_sharing("young_adult", Decimal("300")).hospital_contribution_exempt
    assert not cost_sharing("adult", Decimal("300"), in_education=True).hospital_contribution_exempt


def test_citations_name_the_insurer_article() -> None:
    assert cost_sharing("adult", Decimal("300"), insurer="EGK").citation.startswith("001 art. 9;")
    assert cost_sharing("adult", Decimal("300"), insurer="SWICA").citation.startswith("002 art. 20")
    assert cost_sharing("adult", Decimal("300")).citation == "LAMal art. 64; OAMal art. 93, 103, 104"
    with pytest.raises(LookupError):
        cost_sharing("adult", Decimal("300"), insurer="XYZ")


def test_explanations_print_whole_francs_with_a_dash() -> None:
    with use_language("fr"):
        texts = cost_sharing("adult", Decimal("2500")).explanations
    assert texts[0] == "Franchise : CHF 2'500.\u2013 par année."
    assert texts[1] == "Quote-part : 10 % des coûts dépassant la franchise, au plus CHF 700.\u2013 par année."


@pytest.mark.parametrize(
    ("age_group", "deductible", "error"),
    [("adult", Decimal("100"), ValueError), ("child", Decimal("1000"), ValueError),
     ("adult", 300, TypeError), ("senior", Decimal("300"), ValueError)],
)
def test_bad_input(age_group: str, deductible: Decimal, error: type[Exception]) -> None:
    with pytest.raises(error):
        cost_sharing(age_group, deductible)


def test_children_in_family_must_be_a_whole_number_from_one() -> None:
    with pytest.raises(ValueError, match="children_in_family"):
        cost_sharing("child", Decimal("0"), children_in_family=0)


def test_deductible_options_and_the_ordinary_one() -> None:
    assert deductible_options("adult") == tuple(Decimal(x) for x in
                                                ("300", "500", "1000", "1500", "2000", "2500"))
    assert deductible_options("child") == tuple(Decimal(x) for x in
                                                ("0", "100", "200", "300", "400", "500", "600"))
    assert is_ordinary_deductible(Decimal("0"), "child")
    assert not is_ordinary_deductible(Decimal("300"), "child")
    assert is_ordinary_deductible(Decimal("300.00"), "young_adult")


@given(st.sampled_from(["child", "young_adult", "adult"]), st.data())
def test_annual_maximum_is_deductible_plus_cap(age_group: str, data: st.DataObject) -> None:
    deductible = data.draw(st.sampled_from(deductible_options(age_group)))
    c = cost_sharing(age_group, deductible)
    assert c.annual_maximum == deductible + c.copayment_cap
    assert c.copayment_cap == (Decimal("350") if age_group == "child" else Decimal("700"))
