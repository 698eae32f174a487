"""Households: create, read, update, validation, optimistic locking, search."""

from dataclasses import replace
from datetime import date

import pytest

from app.services.proposals import households as hh
from app.services.proposals.households import HouseholdData
from app.services.proposals.records import ItemData, ProposalData, create_proposal
from app.services.store.database import NotFound, StaleRecord, Store
from app.services.validation import ValidationErrors
from tests.services.conftest import TODAY, family, person


def test_create_and_read_back(store: Store) -> None:
    created = hh.create_household(store, family(), today=TODAY)
    read = hh.get_household(store, created.id)
    assert read == created
    zoe = read.policyholder
    assert (zoe.first_name, zoe.ahv_number, zoe.phone, zoe.iban) == (
        "Zoé", "7561234567897", "+41791234567", "CH9300762011623852957",
    )
    # Canton from the postal code, region 1 for Lausanne (SR 832.106 annex 1).
    assert (zoe.canton, zoe.premium_region, zoe.premium_region_needs_choice) == ("VD", 1, False)
    assert [p.role for p in read.persons] == ["policyholder", "spouse", "child"]
    assert read.version == 1 and len({p.id for p in read.persons}) == 3
    assert len(read.id) == 36 and read.created_at.tzinfo is not None


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(store: Store) -> None:
    data = family()
    data.persons[0] = person(ahv_number="756.1234.5678.98", email="zoe@", birth_date=date(2027, 1, 1))
    data.persons[2] = person(role="child", postal_code="1099", iban="CH00")
    with pytest.raises(ValidationErrors) as error:
        hh.create_household(store, data, today=TODAY)
    assert set(error.value.fields) >= {
        "persons[0].ahv_number",
        "persons[0].email",
        "persons[0].birth_date",
        "persons[2].postal_code",
        "persons[2].iban",
    }
    assert hh.list_households(store) == []


def test_check_person_names_the_fields_a_save_would_refuse() -> None:
    assert hh.check_person(person(), TODAY) == []
    # 756.1234.5678.98: the check digit of 756123456789 is 7 (see conftest), not 8.
    errors = hh.check_person(person(ahv_number="756.1234.5678.98", canton="GE"), TODAY)
    assert sorted(e.field for e in errors) == ["ahv_number", "canton"]  # no "persons[i]."


def test_exactly_one_policyholder(store: Store) -> None:
    data = family()
    data.persons[1].role = "policyholder"
    with pytest.raises(ValidationErrors) as error:
        hh.create_household(store, data, today=TODAY)
    assert error.value.fields == ("persons",)


def test_canton_must_match_the_postal_code(store: Store) -> None:
    data = HouseholdData("X", "fr", [person(canton="GE")])
    with pytest.raises(ValidationErrors) as error:
        hh.create_household(store, data, today=TODAY)
    assert error.value.fields == ("persons[0].canton",)


def test_region_left_to_the_agent_then_picked(store: Store) -> None:
    grindelwald = person(postal_code="3818", locality="Grindelwald", language="de")
    record = hh.create_household(store, HouseholdData("Meier", "de", [grindelwald]), today=TODAY)
    assert record.policyholder.premium_region is None
    assert record.policyholder.premium_region_needs_choice
    data = record.to_data()
    data.persons[0].premium_region = 3
    updated = hh.update_household(store, record.id, data, record.version, today=TODAY)
    assert updated.policyholder.premium_region == 3
    data.persons[0].premium_region = 4  # Bern has three regions
    with pytest.raises(ValidationErrors) as error:
        hh.update_household(store, record.id, data, None, today=TODAY)
    assert error.value.fields == ("persons[0].premium_region",)


def test_update_changes_adds_and_removes_persons(store: Store) -> None:
    record = hh.create_household(store, family(), today=TODAY)
    data = record.to_data()
    data.persons[1].street = "Rue de Bourg 1"
    del data.persons[2]
    data.persons.append(person(first_name="Noé", role="child", birth_date=date(2024, 2, 2),
                               ahv_number="", phone="", email="", iban=""))
    updated = hh.update_household(store, record.id, data, record.version, today=TODAY)
    assert [p.first_name for p in updated.persons] == ["Zoé", "Jérôme", "Noé"]
    assert updated.persons[0].version == 1  # unchanged person, no write
    assert updated.persons[1].version == 2 and updated.persons[1].street == "Rue de Bourg 1"
    assert updated.persons[1].id == record.persons[1].id


def test_stale_version_is_refused(store: Store) -> None:
    record = hh.create_household(store, family(), today=TODAY)
    data = record.to_data()
    data.name = "Famille Rochat-Favre"
    hh.update_household(store, record.id, data, record.version, today=TODAY)
    with pytest.raises(StaleRecord):
        hh.update_household(store, record.id, data, record.version, today=TODAY)
    # and per person
    fresh = hh.get_household(store, record.id)
    data = fresh.to_data()
    data.persons[0].version = 99
    with pytest.raises(StaleRecord):
        hh.update_household(store, record.id, data, fresh.version, today=TODAY)


def test_person_covered_by_a_proposal_cannot_be_removed(store: Store) -> None:
    record = hh.create_household(store, family(), today=TODAY)
    create_proposal(store, record.id, ProposalData(items=[ItemData(record.persons[2].id, "LAMAL")]))
    data = record.to_data()
    del data.persons[2]
    with pytest.raises(ValidationErrors) as error:
        hh.update_household(store, record.id, data, record.version, today=TODAY)
    assert error.value.fields == ("persons",)
    assert len(hh.get_household(store, record.id).persons) == 3


def test_unknown_household(store: Store) -> None:
    with pytest.raises(NotFound):
        hh.get_household(store, "00000000-0000-0000-0000-000000000000")


@pytest.fixture
def searchable(store: Store) -> Store:
    hh.create_household(store, family(), today=TODAY)
    hh.create_household(
        store,
        HouseholdData("Familie Müller", "de", [
            person(first_name="Jürg", last_name="Müller", sex="M", ahv_number="756.9217.0769.85",
                   postal_code="8001", locality="Zürich", language="de"),
            person(first_name="Zoe", last_name="Müller", role="child", ahv_number="",
                   birth_date=date(2015, 4, 4), postal_code="8001", locality="Zürich",
                   language="de", phone="", email="", iban=""),
        ]),
        today=TODAY,
    )
    return store


def test_name_search_ignores_accents_and_case(searchable: Store) -> None:
    hits = hh.search_by_name(searchable, "zoe")
    assert sorted((h.first_name, h.last_name) for h in hits) == [("Zoe", "Müller"), ("Zoé", "Rochat")]
    assert [h.first_name for h in hh.search_by_name(searchable, "ZOÉ roch")] == ["Zoé"]
    assert [h.last_name for h in hh.search_by_name(searchable, "mul jur")] == ["Müller"]
    assert hh.search_by_name(searchable, "jer")[0].household_name == "Famille Rochat"
    assert hh.search_by_name(searchable, "xyz") == []
    assert hh.search_by_name(searchable, '"*') == []


def test_search_by_ahv_prefix_and_postal_code(searchable: Store) -> None:
    # 756.9217.0769.85: 7+15+6+27+2+3+7+0+7+18+9+24 = 125 -> check digit (10 - 5) % 10 = 5.
    assert [h.first_name for h in hh.search_persons(searchable, "756.9217")] == ["Jürg"]
    assert [h.first_name for h in hh.search_persons(searchable, "7561234567897")] == ["Zoé"]
    assert {h.locality for h in hh.search_persons(searchable, "8001")} == {"Zürich"}
    assert len(hh.search_persons(searchable, "10")) == 3  # 1003 Lausanne
    assert hh.search_persons(searchable, "9") == []


def test_search_follows_renames(searchable: Store) -> None:
    record = next(r for r in hh.list_households(searchable) if r.name == "Famille Rochat")
    data = record.to_data()
    data.persons[0] = replace(data.persons[0], first_name="Chloé")
    hh.update_household(searchable, record.id, data, record.version, today=TODAY)
    assert [h.last_name for h in hh.search_by_name(searchable, "zoe")] == ["Müller"]
    assert [h.first_name for h in hh.search_by_name(searchable, "chloe")] == ["Chloé"]



# -- the clients list (issue 15, item 17) ----------------------------------------------------


def _listed(store: Store, query: str = "", status: str | None = None) -> list[list[str]]:
    return [[m.first_name for m in line.members]
            for line in hh.list_clients(store, query, status)]


def test_the_clients_list_finds_places_as_well_as_names(searchable: Store) -> None:
    """"Lausanne" found nobody: the locality, the municipality and the postal code are
    searched like names (accents and case ignored), every word the start of one of them,
    whichever member of the household it belongs to; each line lists every member."""
    rochat, muller = ["Zoé", "Jérôme", "Léa"], ["Jürg", "Zoe"]
    assert _listed(searchable, "Lausanne") == [rochat]
    assert _listed(searchable, "zurich") == [muller]
    assert _listed(searchable, "zoe zur") == [muller]
    assert _listed(searchable, "jerome lea") == [rochat]  # two members of one household
    assert _listed(searchable, "Müller 8001") == [muller]
    assert _listed(searchable, "rochat zurich") == []
    assert _listed(searchable, "10") == [rochat]  # 1003 Lausanne
    assert _listed(searchable, "8001") == [muller]
    assert _listed(searchable, "756.9217") == [muller]  # Jürg's AHV number
    assert _listed(searchable, '"*') == []
    assert sorted(map(sorted, _listed(searchable, "zoe"))) == sorted([sorted(muller),
                                                                       sorted(rochat)])


def test_the_municipality_is_searched_apart_from_the_locality(store: Store) -> None:
    # Mollie-Margot is a locality of the municipality of Savigny (VD): either name finds it.
    hh.create_household(store, HouseholdData("Famille Favre", "fr", [
        person(first_name="Luc", last_name="Favre", postal_code="1073", locality="Mollie-Margot",
               municipality="Savigny")]), today=TODAY)
    assert _listed(store, "mollie") == [["Luc"]]
    assert _listed(store, "savigny") == [["Luc"]]


def test_one_line_per_proposal_the_most_recent_first(searchable: Store) -> None:
    from app.services.proposals import records as pr

    rochat = next(r for r in hh.list_households(searchable) if r.name == "Famille Rochat")
    first = pr.create_proposal(searchable, rochat.id)
    second = pr.create_proposal(searchable, rochat.id)
    lines = hh.list_clients(searchable, "rochat")
    assert [(line.proposal_id, line.status) for line in lines] == [
        (second.id, "draft"), (first.id, "draft")]
    assert lines[0].policyholder.first_name == "Zoé"
    assert lines[0].policyholder.ahv_number == "7561234567897"
    # the household without a proposal has its own line, unless a status is asked for
    assert [line.proposal_id for line in hh.list_clients(searchable, "zoe")] == [
        second.id, first.id, None]
    assert [line.proposal_id for line in hh.list_clients(searchable, "zoe", "draft")] == [
        second.id, first.id]
    assert hh.list_clients(searchable, "zoe", "signed") == []
    # without a search: everything, the most recent first, at most `limit`
    assert [line.proposal_id for line in hh.list_clients(searchable)] == [
        second.id, first.id, None]
    assert len(hh.list_clients(searchable, limit=2)) == 2
    assert [line.proposal_id for line in hh.list_clients(searchable, status="draft")] == [
        second.id, first.id]


def test_the_clients_index_follows_changes(searchable: Store) -> None:
    record = next(r for r in hh.list_households(searchable) if r.name == "Famille Rochat")
    data = record.to_data()
    data.persons = data.persons[:2]  # Léa leaves the household
    data.persons[1] = replace(data.persons[1], postal_code="1950", locality="Sion",
                              municipality="Sion", canton="VS")  # and Jérôme moves to Sion
    hh.update_household(searchable, record.id, data, record.version, today=TODAY)
    assert _listed(searchable, "lea") == []
    assert _listed(searchable, "sion") == [["Zoé", "Jérôme"]]
    assert _listed(searchable, "lausanne") == [["Zoé", "Jérôme"]]  # Zoé still lives there


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_both_ways_of_listing_many_matches_agree(store: Store, limit: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """When many households match, the list reads backwards in time instead of sorting them
    all: the same lines, in the same order, at every limit."""
    from app.services.proposals import records as pr

    made = []
    for index, first in enumerate(["Anna", "Bea", "Carla", "Dora", "Eva", "Fabienne"]):
        record = hh.create_household(store, HouseholdData(f"Famille {first}", "fr", [
            person(first_name=first, last_name="Rochat", ahv_number="")]), today=TODAY)
        made.append(record)
        if index % 2:  # every other household has proposals, changed later
            pr.create_proposal(store, record.id)
    pr.create_proposal(store, made[1].id)  # the newest line of all
    hh.create_household(store, HouseholdData("Famille Meier", "de", [
        person(first_name="Anna", last_name="Meier", ahv_number="")]), today=TODAY)

    def listed(dense: float) -> list[tuple[str, str | None]]:
        monkeypatch.setattr(hh, "_DENSE", dense)
        return [(line.household_id, line.proposal_id)
                for line in hh.list_clients(store, "rochat", limit=limit)]

    sorted_all, walked = listed(1e9), listed(0.0)
    assert walked == sorted_all
    assert len(walked) == min(limit, 7)  # 4 proposals of 3 households, 3 without one
    assert walked[0][1] is not None and walked[0][0] == made[1].id


@pytest.mark.parametrize("bad", ["Zo\x00é", "Zoé\x07", "\ud800x"], ids=["nul", "bell", "surrogate"])
def test_a_control_character_is_refused_at_entry(bad: str) -> None:
    """Issue 19, item 2: a first name with NUL was accepted on the laptop and blocked its
    sync at the server."""
    from datetime import date as day

    from app.services.proposals.households import PersonData, check_person

    person = PersonData(first_name=bad, last_name="Rochat", sex="F",
                        birth_date=day(1984, 3, 12), postal_code="1004", canton="VD")
    fields = {error.field for error in check_person(person, day(2026, 11, 20))}
    assert "first_name" in fields
