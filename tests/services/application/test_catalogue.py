"""The catalogue adapter against the shipped catalogue (seed 003)."""

from datetime import date

import pytest

from app.services.application.catalogue import CatalogueAdapter
from app.services.application.draft import BasicInsuranceChoice, PersonDraft, ProposalDraft
from app.services.catalogue import load_catalogue


@pytest.fixture
def adapter() -> CatalogueAdapter:
    return CatalogueAdapter(load_catalogue(), lambda: date(2026, 11, 20))


def _draft(birth: date, insurer: str = "") -> tuple[ProposalDraft, PersonDraft]:
    person = PersonDraft(first_name="Anna", last_name="Rochat", birth_date=birth)
    draft = ProposalDraft(persons=[person], start_date=date(2027, 1, 1))
    draft.basic[person.key] = BasicInsuranceChoice(insurer=insurer)
    return draft, person


def test_families_in_catalogue_order_with_levels(adapter: CatalogueAdapter) -> None:
    families = adapter.families()
    assert [f.code for f in families] == [
        "global", "outpatient", "hospital", "travel", "dental", "accident",
        "daily_allowance", "legal_protection", "capital"]
    dental = next(f for f in families if f.code == "dental")
    assert [p.code for p in dental.products] == ["DP"]
    assert [o.code for o in dental.products[0].levels] == ["0", "1", "2", "3"]


def test_gm_up_to_55_completed_years(adapter: CatalogueAdapter) -> None:
    # 003 GM: "adhésion possible jusqu'à l'âge de 55 ans révolus"
    # The age counts on the day of the request, the meeting (003 "Conditions d'admission":
    # "âge au moment de la demande"), here 20.11.2026, not on the start 01.01.2027.
    draft, person = _draft(date(1970, 11, 20))  # 56 on 20.11.2026
    verdict = adapter.eligibility("GM", None, person, draft)
    assert not verdict.eligible
    assert verdict.reasons == (
        "GM Global semi-private: entry is possible up to age 55 (completed years); the "
        "person is 56 on 20.11.2026. GI Global classic admits this age.",)
    draft, person = _draft(date(1970, 11, 21))  # still 55 on 20.11.2026, 56 at the start
    assert adapter.eligibility("GM", None, person, draft).eligible


def test_ge_needs_basic_insurance_at_cmveo(adapter: CatalogueAdapter) -> None:
    # 003 GE: for persons with basic insurance at CMVEO
    draft, person = _draft(date(1986, 5, 1), insurer="EGK")
    verdict = adapter.eligibility("GE", "1", person, draft)
    assert not verdict.eligible and "CMVEO" in verdict.reasons[0]
    draft, person = _draft(date(1986, 5, 1), insurer="CMVEO")
    assert adapter.eligibility("GE", "1", person, draft).eligible


def test_no_birth_date_no_verdict(adapter: CatalogueAdapter) -> None:
    draft, person = _draft(date(1986, 5, 1))
    person.birth_date = None
    assert adapter.eligibility("SC", "1", person, draft).reasons == (
        "Enter the birth date first.",)


def test_waiting_periods_of_dp(adapter: CatalogueAdapter) -> None:
    # 003 DP: 3 months for dental treatment, 12 for prosthetics, from the start
    periods = adapter.waiting_periods("DP", "2", date(2027, 2, 1))
    assert [(p.months, p.covered_from) for p in periods] == [
        (3, date(2027, 5, 1)), (12, date(2028, 2, 1))]
    assert not periods[0].benefit.endswith(".")


def test_level_comparison_and_deductibles(adapter: CatalogueAdapter) -> None:
    rows = dict(adapter.level_features("DP"))
    assert rows["Entry age"] == {"0": "from 0 to 18", "1": "up to 60", "2": "up to 60",
                                 "3": "up to 60"}
    assert "15'000" in rows["Benefits and limits"]["3"]
    # 003 SC: deductible CHF 0 or 50
    assert [str(d) for d in adapter.deductibles("SC", "1")] == ["0", "50"]


def test_key_dates_of_a_proposal(adapter: CatalogueAdapter) -> None:
    draft, person = _draft(date(1986, 5, 1))
    from app.services.application.draft import ProductChoice

    draft.products[person.key] = [ProductChoice("SC", "1")]
    dates = {k.label: k.day for k in adapter.key_dates(draft, date(2026, 11, 21))}
    # no referral to the medical officer: bound 14 days (003 "Proposition d'assurance", LCA
    # art. 1: four weeks only when a medical examination is required; issue 17, item 4);
    # revocation 14 days (LCA art. 2a), Saturday 05.12 moved to Monday 07.12 (CO art. 78,
    # SR 173.110.3); 3 insurance periods from 1.1.2027, 3 months' notice
    assert dates == {
        "The client is bound by the proposal until": date(2026, 12, 5),
        "Revocation possible until": date(2026, 12, 7),
        "SC: minimum term until": date(2029, 12, 31),
        "SC: notice must reach the insurer by": date(2029, 9, 30),
        # 004 art. 9 al. 3: a lower cover after the minimum term, with a month's notice
        "SC: a lower cover from (asked by 30.11.2029)": date(2030, 1, 1),
    }


def test_a_referral_binds_the_client_four_weeks() -> None:
    from app.services.application.draft import ProductChoice

    adapter = CatalogueAdapter(load_catalogue(), lambda: date(2026, 11, 20),
                               medical_report=lambda _draft: True)
    draft, person = _draft(date(1986, 5, 1))
    draft.products[person.key] = [ProductChoice("SC", "1")]
    dates = {k.label: k.day for k in adapter.key_dates(draft, date(2026, 11, 21))}
    assert dates["The client is bound by the proposal until"] == date(2026, 12, 19)
