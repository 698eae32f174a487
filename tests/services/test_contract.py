"""Contract dates: waiting periods, binding and revocation, minimum term and notice."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.catalogue import Catalogue, load_catalogue
from app.services.catalogue.contract import (
    cover_end,
    key_dates,
    minimum_term_end,
    notice_deadline_for,
    transfer,
    waiting_periods,
)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def covered(cat: Catalogue, code: str, level: str | None, start: date) -> dict[str, date]:
    return {w.benefit: w.covered_from for w in waiting_periods(cat, code, level, start_date=start)}


# -- waiting periods -------------------------------------------------------------------

def test_issue_example_dental_plus_level_2(cat: Catalogue) -> None:
    # 003 DP: 3 months for dental treatment, 12 for prosthetics, from the start date.
    periods = waiting_periods(cat, "DP", level="2", start_date=date(2027, 2, 1))
    assert [(w.benefit, w.months, w.covered_from) for w in periods] == [
        ("dental", 3, date(2027, 5, 1)),
        ("dental_prosthetics", 12, date(2028, 2, 1)),
    ]
    assert all(w.source.startswith("003 §DP") for w in periods)


@pytest.mark.parametrize(("start", "dental", "prosthetics"), [
    (date(2026, 11, 30), date(2027, 2, 28), date(2027, 11, 30)),  # 30.11 + 3 months, common year
    (date(2027, 11, 30), date(2028, 2, 29), date(2028, 11, 30)),  # leap year
    (date(2027, 1, 31), date(2027, 4, 30), date(2028, 1, 31)),  # 31 January + 3 -> 30 April
    (date(2028, 2, 29), date(2028, 5, 29), date(2029, 2, 28)),  # leap day + 12 -> 28 Feb
    (date(2027, 12, 31), date(2028, 3, 31), date(2028, 12, 31)),
])
def test_month_ends(cat: Catalogue, start: date, dental: date, prosthetics: date) -> None:
    assert covered(cat, "DP", "1", start) == {"dental": dental, "dental_prosthetics": prosthetics}


def test_maternity_waiting_period_of_the_hospital_products(cat: Catalogue) -> None:
    for code in ("GI", "GL", "GM", "GP", "GO", "HC"):
        assert covered(cat, code, None, date(2027, 3, 1)) == {
            "maternity_hospital": date(2028, 3, 1)}, code
    assert waiting_periods(cat, "GO", "1", start_date=date(2027, 3, 1))[0].waived_if is not None
    assert covered(cat, "GX", None, date(2027, 3, 1)) == {}  # maternity excluded instead
    assert covered(cat, "KP", None, date(2027, 1, 31)) == {"all": date(2027, 4, 30)}
    assert covered(cat, "LS", None, date(2027, 1, 1)) == {"aesthetic_disputes": date(2027, 4, 1)}


def test_waiting_periods_that_depend_on_the_level(cat: Catalogue) -> None:
    start = date(2027, 6, 1)
    assert covered(cat, "LJ", "strada", start) == {"contract_disputes": date(2027, 9, 1)}
    assert covered(cat, "LJ", "duo", start) == {
        "contract_disputes": date(2027, 9, 1), "property_disputes": date(2027, 9, 1),
        "personal_law_advice": date(2027, 9, 1)}
    with pytest.raises(ValueError, match="LJ"):
        waiting_periods(cat, "LJ", start_date=start)
    with pytest.raises(LookupError):
        waiting_periods(cat, "LJ", "trio", start_date=start)
    assert waiting_periods(cat, "LAMAL", start_date=start) == ()


# -- key dates ----------------------------------------------------------------------------

def test_issue_example_gm_with_health_questions(cat: Catalogue) -> None:
    k = key_dates(cat, "GM", start_date=date(2027, 3, 1), signed_on=date(2026, 11, 21),
                  medical_questions=True)
    assert k.binding_until == date(2026, 12, 19)  # 4 weeks (LCA art. 1)
    # 14 days (LCA art. 2a): Saturday 05.12, moved to Monday (CO art. 78, SR 173.110.3)
    assert k.revocation_until == date(2026, 12, 7)
    assert k.first_period_end == date(2027, 12, 31)
    assert k.minimum_term_end == date(2029, 12, 31)  # 2027 (from 1 March), 2028, 2029
    assert k.notice_deadline == date(2029, 9, 30)  # 3 months before 31.12.2029
    assert (k.minimum_term_years, k.notice_months) == (3, 3)


def test_binding_without_health_questions_is_14_days(cat: Catalogue) -> None:
    k = key_dates(cat, "GM", date(2027, 3, 1), date(2026, 11, 21), medical_questions=False)
    assert k.binding_until == date(2026, 12, 5)  # 14 days, as counted
    assert k.revocation_until == date(2026, 12, 7)  # Saturday 05.12 -> Monday


def test_a_questionnaire_alone_does_not_lengthen_the_binding(cat: Catalogue) -> None:
    # issue 17, item 4: four weeks only when a medical examination or report is required
    signed = date(2026, 11, 21)
    gm = key_dates(cat, "GM", date(2027, 1, 1), signed)  # a health questionnaire
    assert not gm.medical_questions and gm.binding_until == date(2026, 12, 5)
    lj = key_dates(cat, "LJ", date(2027, 1, 1), signed)  # no questionnaire
    assert not lj.medical_questions and lj.binding_until == date(2026, 12, 5)


@pytest.mark.parametrize(("signed", "days14", "weeks4"), [
    (date(2028, 2, 15), date(2028, 2, 29), date(2028, 3, 14)),  # leap year
    (date(2027, 2, 15), date(2027, 3, 1), date(2027, 3, 15)),
    # over the year end; the revocation's Sunday 03.01 moves to Monday 04.01
    (date(2026, 12, 20), date(2027, 1, 4), date(2027, 1, 17)),
    (date(2028, 2, 1), date(2028, 2, 15), date(2028, 2, 29)),
])
def test_binding_and_revocation_counting(cat: Catalogue, signed: date, days14: date,
                                         weeks4: date) -> None:
    k = key_dates(cat, "HC", date(2028, 6, 1), signed, medical_questions=True)
    assert (k.revocation_until, k.binding_until) == (days14, weeks4)
    assert weeks4.weekday() == signed.weekday()  # CO art. 77: same weekday


@pytest.mark.parametrize(("code", "start", "term_end", "notice"), [
    ("GM", date(2027, 1, 1), date(2029, 12, 31), date(2029, 9, 30)),
    ("GM", date(2026, 12, 31), date(2028, 12, 31), date(2028, 9, 30)),  # first period: 1 day
    ("GO", date(2027, 3, 1), date(2029, 12, 31), date(2029, 11, 30)),  # 1 month's notice
    # 1 year of contract (003 "Durée minimale"), then to the end of that calendar year
    ("MU", date(2027, 3, 1), date(2028, 12, 31), date(2028, 9, 30)),
    ("LS", date(2027, 12, 31), date(2028, 12, 31), date(2028, 9, 30)),
    ("KP", date(2028, 2, 29), date(2030, 12, 31), date(2030, 9, 30)),
])
def test_minimum_term_and_notice(cat: Catalogue, code: str, start: date, term_end: date,
                                 notice: date) -> None:
    k = key_dates(cat, code, start, start - timedelta(days=30))
    assert (k.minimum_term_end, k.notice_deadline) == (term_end, notice)


def test_daily_allowance_term_is_in_the_policy(cat: Catalogue) -> None:
    k = key_dates(cat, "PI", date(2027, 3, 1), date(2027, 1, 10))
    assert k.expiry_in_policy and k.minimum_term_years is None
    assert k.minimum_term_end is None and k.notice_deadline is None
    assert k.first_period_end == date(2027, 12, 31)
    k = key_dates(cat, "PI", date(2027, 3, 1), date(2027, 1, 10), policy_expiry=date(2028, 12, 31))
    assert (k.minimum_term_end, k.notice_deadline) == (date(2028, 12, 31), date(2028, 9, 30))
    with pytest.raises(ValueError, match="31 December"):
        key_dates(cat, "PI", date(2027, 3, 1), date(2027, 1, 10), policy_expiry=date(2028, 6, 30))
    with pytest.raises(ValueError, match="31 December"):
        key_dates(cat, "PI", date(2027, 3, 1), date(2027, 1, 10), policy_expiry=date(2026, 12, 31))
    with pytest.raises(ValueError, match="not stated in the policy"):
        key_dates(cat, "GM", date(2027, 3, 1), date(2027, 1, 10), policy_expiry=date(2029, 12, 31))


def test_basic_insurance_has_no_lca_key_dates(cat: Catalogue) -> None:
    with pytest.raises(ValueError, match="LAMAL"):
        key_dates(cat, "LAMAL", date(2027, 1, 1), date(2026, 11, 1))


def test_notice_deadline_helper() -> None:
    assert notice_deadline_for(date(2029, 12, 31), 3) == date(2029, 9, 30)
    assert notice_deadline_for(date(2029, 12, 31), 1) == date(2029, 11, 30)
    assert notice_deadline_for(date(2028, 3, 31), 1) == date(2028, 2, 29)  # month end, leap
    assert notice_deadline_for(date(2027, 6, 30), 3) == date(2027, 3, 31)
    with pytest.raises(ValueError):
        minimum_term_end(date(2027, 1, 1), 0)


@given(start=st.dates(date(2024, 1, 1), date(2060, 12, 31)),
       code=st.sampled_from(["GM", "GO", "MU", "LS", "HC", "DP", "KP", "LJ"]),
       lag=st.integers(0, 120), medical=st.booleans())
def test_key_dates_properties(start: date, code: str, lag: int, medical: bool) -> None:
    cat = load_catalogue()
    product = cat.product(code)
    signed = start - timedelta(days=lag)
    k = key_dates(cat, code, start, signed, medical)
    assert (k.binding_until - signed).days == (28 if medical else 14)
    # 14 days, moved past a weekend or public holiday (at most a long weekend: 4 days)
    assert 14 <= (k.revocation_until - signed).days <= 18
    assert k.revocation_until.weekday() < 5
    assert k.first_period_end == date(start.year, 12, 31)
    years = product.minimum_term_years or 0
    if code in ("MU", "LS"):  # years of contract: a start on 1 January completes its first
        years -= (start.month, start.day) == (1, 1)
    else:  # insurance periods, the first ending on 31 December of the start year
        years -= 1
    assert k.minimum_term_end == date(start.year + years, 12, 31)
    assert k.minimum_term_end is not None and k.notice_deadline is not None
    # The notice must arrive the day before the notice period starts.
    period_start = k.notice_deadline + timedelta(days=1)
    assert (k.minimum_term_end.year - period_start.year) * 12 + (
        12 - period_start.month + 1) == k.notice_months
    assert period_start.day == 1


# -- cover end and transfers ------------------------------------------------------------

def test_kidsprotect_ends_with_the_year_of_the_17th_birthday(cat: Catalogue) -> None:
    assert cover_end(cat, "KP", date(2010, 5, 5)) == date(2027, 12, 31)
    assert cover_end(cat, "KP", date(2010, 12, 31)) == date(2027, 12, 31)
    assert cover_end(cat, "KP", date(2008, 2, 29)) == date(2025, 12, 31)
    assert cover_end(cat, "GM", date(2010, 5, 5)) is None


def test_automatic_transfers_at_18(cat: Catalogue) -> None:
    # 1 January of the year after the one in which the insured reached 18.
    rule, on = transfer(cat, "DP", "0", date(2009, 7, 1)) or (None, None)
    assert rule is not None and (rule.to_product, rule.to_level, on) == ("DP", "1",
                                                                         date(2028, 1, 1))
    rule, on = transfer(cat, "AB", "eco", date(2009, 12, 31)) or (None, None)
    assert rule is not None and (rule.to_product, on) == ("AJ", date(2028, 1, 1))
    rule, on = transfer(cat, "AB", "standard", date(2009, 1, 1)) or (None, None)
    assert rule is not None and rule.to_product == "ID"
    assert transfer(cat, "DP", "1", date(2009, 7, 1)) is None
