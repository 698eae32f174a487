"""Agent profile, login throttling with an injected clock, inactivity lock."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.models import Agent
from app.services import agents
from app.services.agents import InactivityLock, LoginLocked, ProfileData, WrongPassword
from app.services.store.database import Store
from app.services.validation import ValidationErrors
from tests.services.conftest import FAST_KDF, PASSWORD


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_first_start_creates_the_profile(store: Store) -> None:
    assert agents.needs_profile(store)
    record = agents.create_profile(
        store, ProfileData("Claire Demierre", "AG-123", ["fr", "de"], PASSWORD), kdf=FAST_KDF
    )
    assert not agents.needs_profile(store)
    assert agents.get_profile(store) == record
    assert record.languages == ("fr", "de")
    assert store.is_unlocked and store.actor_id == record.id
    with store.reading() as session:
        row = session.scalar(select(Agent))
        assert row is not None
        assert row.password_hash.startswith("$argon2id$")  # slow salted hash only
        assert PASSWORD.encode() not in row.password_hash.encode() + row.wrapped_data_key


def test_profile_is_validated(store: Store) -> None:
    with pytest.raises(ValidationErrors) as error:
        agents.create_profile(store, ProfileData("", "", [], "1234567"), kdf=FAST_KDF)
    assert set(error.value.fields) == {"name", "accreditation_number", "languages", "password"}
    assert agents.needs_profile(store)


def test_second_profile_needs_a_logged_in_agent(store: Store, agent: agents.AgentRecord) -> None:
    store.lock()
    with pytest.raises(PermissionError):
        agents.create_profile(store, ProfileData("B", "AG-2", ["it"], "another-pass"), kdf=FAST_KDF)


def test_login_unlocks_and_logout_locks(store: Store, agent: agents.AgentRecord) -> None:
    agents.logout(store)
    assert not store.is_unlocked and store.actor_id is None
    record = agents.login(store, PASSWORD)
    assert record.id == agent.id and record.last_login_at is not None
    assert store.is_unlocked


def test_five_wrong_passwords_lock_for_a_growing_delay(store: Store, agent: agents.AgentRecord) -> None:
    store.lock()
    clock = Clock()
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPassword) as wrong:
            agents.login(store, "not the password", clock=clock)
        assert wrong.value.attempts_left == left
    with pytest.raises(LoginLocked) as locked:
        agents.login(store, "not the password", clock=clock)
    assert locked.value.until == clock.now + timedelta(minutes=1)
    # Even the right password waits for the end of the lock.
    clock.now += timedelta(seconds=59)
    with pytest.raises(LoginLocked):
        agents.login(store, PASSWORD, clock=clock)
    assert not store.is_unlocked
    # The next 5 failures lock for twice as long.
    clock.now += timedelta(seconds=1)
    for _ in range(4):
        with pytest.raises(WrongPassword):
            agents.login(store, "still wrong", clock=clock)
    with pytest.raises(LoginLocked) as locked:
        agents.login(store, "still wrong", clock=clock)
    assert locked.value.until == clock.now + timedelta(minutes=2)
    # A success after the lock resets the counters.
    clock.now += timedelta(minutes=2)
    agents.login(store, PASSWORD, clock=clock)
    store.lock()
    with pytest.raises(WrongPassword) as wrong:
        agents.login(store, "wrong again", clock=clock)
    assert wrong.value.attempts_left == 4


def test_lock_survives_a_restart(store: Store, agent: agents.AgentRecord) -> None:
    store.lock()
    clock = Clock()
    for _ in range(4):
        with pytest.raises(WrongPassword):
            agents.login(store, "nope nope", clock=clock)
    reopened = Store(store.path)
    with pytest.raises(LoginLocked):
        agents.login(reopened, "nope nope", clock=clock)
    reopened.close()


def test_lock_delay_doubles_up_to_an_hour() -> None:
    assert [agents.lock_delay(n).total_seconds() / 60 for n in range(8)] == [
        1, 2, 4, 8, 16, 32, 60, 60,
    ]


def test_change_password_rewraps_the_key(store: Store, agent: agents.AgentRecord) -> None:
    agents.change_password(store, PASSWORD, "a new passphrase")
    store.lock()
    with pytest.raises(WrongPassword):
        agents.login(store, PASSWORD)
    agents.login(store, "a new passphrase")
    assert store.is_unlocked


def test_inactivity_lock_with_an_injected_clock() -> None:
    seconds = [0.0]
    lock = InactivityLock(clock=lambda: seconds[0])
    assert lock.timeout == timedelta(minutes=10)  # the default
    seconds[0] = 599
    assert not lock.is_locked() and lock.remaining() == timedelta(seconds=1)
    lock.touch()
    seconds[0] = 599 + 599
    assert not lock.is_locked()
    seconds[0] = 599 + 600
    assert lock.is_locked()
    lock.touch()  # activity after the lock does not reopen it
    assert lock.is_locked()
    lock.unlock()
    assert not lock.is_locked()


def test_inactivity_timeout_is_configurable() -> None:
    seconds = [0.0]
    lock = InactivityLock(timedelta(minutes=2), clock=lambda: seconds[0])
    seconds[0] = 120
    assert lock.is_locked()
    with pytest.raises(ValueError):
        InactivityLock(timedelta(0))
