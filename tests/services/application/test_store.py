"""The store adapter on a real, temporary database (issue 3)."""

from datetime import timedelta
from pathlib import Path

import pytest

from app.services import agents
from app.services.application.agent import StoreAuth
from app.services.application.draft import PersonDraft
from app.services.application.households import StoreChecks, StorePlaces
from app.services.application.ports import PasswordChangeError
from app.services.application.proposals import StoreProposals
from app.services.proposals import households
from app.services.proposals import records as store_proposals
from app.services.store.database import Store
from tests.services.application.conftest import NOW, PASSWORD, TODAY
from tests.views.fakes import chosen, family_draft


def test_an_incomplete_new_client_is_kept_in_a_recovery_file(
        proposals: StoreProposals, store: Store, tmp_path: Path) -> None:
    draft = proposals.new_draft()
    draft.persons[0].first_name = "Zoé"
    draft.step = "household"
    proposals.save_draft(draft)  # no last name, birth date...: the store refuses it
    assert households.list_households(store) == []
    assert (tmp_path / "drafts" / f"{draft.id}.json").exists()
    rows = proposals.search("")
    assert [(r.client, r.status) for r in rows] == [("Zoé", "unsaved")]
    again = proposals.load_draft(rows[0].proposal_id)
    assert again.persons[0].first_name == "Zoé" and not again.stored


def test_a_complete_household_reaches_the_store_and_reopens_where_it_was(
        proposals: StoreProposals, store: Store, tmp_path: Path) -> None:
    draft = chosen(family_draft())
    first_id = draft.id
    proposals.save_draft(draft)  # recovery would be written if refused
    proposals.save_draft(draft)
    assert draft.stored and draft.id != first_id
    assert not list((tmp_path / "drafts").glob("*.json"))
    record = store_proposals.get_proposal(store, draft.id)
    # LAMAL + 2 products per person, three persons
    assert sorted(i.product_code for i in record.items) == sorted(
        ["LAMAL", "SC", "GM"] * 2 + ["LAMAL", "SC", "DP"])
    draft.step = "products"
    draft.frequency = "quarterly"
    proposals.save_draft(draft)
    again = proposals.load_draft(draft.id)
    assert (again.step, again.frequency) == ("products", "quarterly")
    assert [p.full_name for p in again.persons] == ["Anna Rochat", "Marc Rochat", "Léa Rochat"]
    anna = again.persons[0]
    assert again.basic[anna.key].insurer == "CMVEO"
    assert [(c.product, c.level) for c in again.products[anna.key]] == [("SC", "2"),
                                                                       ("GM", None)]
    rows = proposals.search("roch")
    assert [(r.client, r.status) for r in rows] == [("Anna Rochat", "draft")]


def test_an_invalid_edit_does_not_reach_the_store(proposals: StoreProposals,
                                                  store: Store) -> None:
    draft = chosen(family_draft())
    proposals.save_draft(draft)
    draft.persons[0].ahv_number = "756.1234.5678.90"
    proposals.save_draft(draft)
    household = households.get_household(store, draft.household_id or "")
    assert household.policyholder.ahv_number == "7561234567897"  # the last valid one
    assert proposals.load_draft(draft.id).persons[0].ahv_number == "756.1234.5678.90"


def test_checks_are_the_stores_own(store: Store) -> None:
    checks = StoreChecks(lambda: TODAY)
    assert checks.check_field("ahv_number", "756.1234.5678.90") == (
        "The AHV number's check digit is wrong.")
    assert checks.check_field("ahv_number", "756.1234.5678.97") is None
    assert checks.check_field("phone", "079 123 45 67") is None
    assert checks.check_field("birth_date", "01.01.2030") is not None
    problems = checks.check_person(PersonDraft(first_name="Anna"), TODAY)
    assert {"last_name", "sex", "birth_date", "postal_code"} <= set(problems)


def test_places_and_premium_regions() -> None:
    places = StorePlaces()
    assert {(p.municipality, p.canton) for p in places.lookup("1003")} == {("Lausanne", "VD")}
    assert places.premium_region("1003", "VD", "Lausanne").region == 1  # VD region 1
    geneva = places.premium_region("1205", "GE", "Genève")
    assert (geneva.region, geneva.candidates) == (1, (1,))


def test_login_attempts_and_lock(store: Store) -> None:
    clock = [NOW]
    auth = StoreAuth(store, lambda: clock[0])
    assert auth.agent_name() == "Claire Demierre"
    attempts = [auth.log_in("wrong password") for _ in range(4)]
    assert [a.attempts_left for a in attempts] == [4, 3, 2, 1]
    locked = auth.log_in("wrong password")  # the fifth: a one-minute lock (store rule)
    assert (locked.ok, locked.retry_in_seconds) == (False, 60)
    assert auth.log_in(PASSWORD).retry_in_seconds == 60  # still locked
    clock[0] = NOW + timedelta(minutes=1, seconds=1)
    assert auth.log_in(PASSWORD).ok
    assert store.is_unlocked
    auth.lock()
    assert not store.is_unlocked


def test_a_household_without_proposal_can_start_one(proposals: StoreProposals,
                                                    store: Store) -> None:
    draft = chosen(family_draft())
    proposals.save_draft(draft)
    household_id = draft.household_id
    assert household_id
    fresh = proposals.new_draft(household_id)
    assert [p.full_name for p in fresh.persons] == ["Anna Rochat", "Marc Rochat",
                                                    "Léa Rochat"]
    assert fresh.household_id == household_id and not fresh.stored
    assert agents.get_profile(store).name == "Claire Demierre"


def test_changing_the_password_keeps_the_data_readable(store: Store,
                                                        proposals: StoreProposals) -> None:
    draft = chosen(family_draft())
    proposals.save_draft(draft)
    auth = StoreAuth(store, lambda: NOW)
    with pytest.raises(PasswordChangeError) as short:
        auth.change_password(PASSWORD, "seven77")  # seed 000 art. 5: 8 characters at least
    assert short.value.problems == {"new": "The password needs at least 8 characters."}
    with pytest.raises(PasswordChangeError) as wrong:
        auth.change_password("not my password", "battery staple")
    assert wrong.value.problems == {
        "current": "Wrong password: 4 attempts left before a waiting delay."}  # 5 allowed
    assert not wrong.value.locked_out
    auth.change_password(PASSWORD, "battery staple")
    auth.lock()
    assert not auth.log_in(PASSWORD).ok
    assert auth.log_in("battery staple").ok
    # the same data key, re-wrapped: the encrypted records read as before
    assert proposals.load_draft(draft.id).persons[0].ahv_number == "756.1234.5678.97"


def test_wrong_current_passwords_lock_like_the_login(store: Store) -> None:
    auth = StoreAuth(store, lambda: NOW)
    for _attempt in range(4):
        with pytest.raises(PasswordChangeError) as error:
            auth.change_password("not my password", "battery staple")
        assert not error.value.locked_out
    with pytest.raises(PasswordChangeError) as fifth:
        auth.change_password("not my password", "battery staple")
    assert fifth.value.locked_out
    assert fifth.value.problems == {"current": "Too many wrong attempts: the session is locked."}
