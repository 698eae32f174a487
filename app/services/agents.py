"""The agent's profile, login with throttling, and the inactivity lock.

- First start: `needs_profile()` is true until `create_profile()` stores the agent
  (name, accreditation number, languages, password of 8+ characters, seed 000 art. 5).
- The password is never stored: only an argon2id hash (argon2-cffi `PasswordHasher`,
  refreshed when the costs rise) and the data key wrapped by AES-GCM under a key of a
  second argon2id derivation with its own salt (crypto.py). Login runs that derivation
  only: the GCM tag fails for any other password, so one slow step both checks the
  password and unlocks the data.
- 5 wrong passwords in a row lock the login for a delay that doubles with each
  lockout (1, 2, 4 ... up to 60 minutes); the counters live in the database, so
  restarting the application does not reset them.
- `InactivityLock` is a plain object the window polls; when it reports locked the
  window calls `store.lock()` and asks for the password again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.i18n import _
from app.models import Agent
from app.models.base import utcnow
from app.services import validation
from app.services.store import audit, crypto
from app.services.store.database import NotFound, Store
from app.services.validation import ValidationError, ValidationErrors

MAX_ATTEMPTS = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=60)
DEFAULT_INACTIVITY = timedelta(minutes=10)

Clock = Callable[[], datetime]


class WrongPassword(Exception):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong password, {attempts_left} attempt(s) left before a lock")
        self.attempts_left = attempts_left


class LoginLocked(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"login locked until {until.isoformat()}")
        self.until = until


@dataclass
class ProfileData:
    name: str
    accreditation_number: str
    languages: list[str]
    password: str


@dataclass(frozen=True)
class AgentRecord:
    id: str
    version: int
    name: str
    accreditation_number: str
    languages: tuple[str, ...]
    last_login_at: datetime | None


def _record(row: Agent) -> AgentRecord:
    return AgentRecord(
        id=row.id,
        version=row.version,
        name=row.name,
        accreditation_number=row.accreditation_number,
        languages=tuple(row.languages),
        last_login_at=row.last_login_at,
    )


def lock_delay(lockouts: int) -> timedelta:
    """The delay of the n-th lockout in a row (0-based): 1, 2, 4 ... 60 minutes."""
    return min(FIRST_LOCK * (2 ** min(lockouts, 16)), LONGEST_LOCK)


def needs_profile(store: Store) -> bool:
    with store.reading() as session:
        return session.scalar(select(func.count(Agent.id))) == 0


def get_profile(store: Store) -> AgentRecord:
    with store.reading() as session:
        row = session.scalar(select(Agent).order_by(Agent.created_at).limit(1))
        if row is None:
            raise NotFound("no agent profile yet")
        return _record(row)


def check_profile(data: ProfileData) -> None:
    """Raise ValidationErrors naming every wrong field; writes nothing."""
    errors: list[ValidationError] = []
    for name, check in (
        ("name", validation.required),
        ("accreditation_number", validation.required),
        ("password", validation.password),
    ):
        try:
            check(getattr(data, name), name)
        except ValidationError as error:
            errors.append(error)
    if not data.languages:
        errors.append(ValidationError("languages", _("Choose at least one language.")))
    for language in data.languages:
        try:
            validation.language(language, "languages")
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationErrors(errors)


def create_profile(
    store: Store, data: ProfileData, *, kdf: crypto.KdfParams | None = None
) -> AgentRecord:
    """Store the agent of this laptop and log them in.

    The first profile creates the database's data key; a later one (a second
    agent sharing the laptop) needs a logged-in store and wraps the same key.
    """
    check_profile(data)
    kdf = kdf or crypto.KdfParams()
    vault = store.vault if store.is_unlocked else None
    with store.reading() as session:
        has_agents = bool(session.scalar(select(func.count(Agent.id))))
    if has_agents and vault is None:
        raise PermissionError("log in as an existing agent to add another profile")
    vault = vault or crypto.Vault.new()
    salt = crypto.new_salt()
    agent = Agent(
        name=data.name.strip(),
        accreditation_number=data.accreditation_number.strip(),
        languages=list(data.languages),
        password_hash=kdf.password_hasher().hash(data.password),
        kdf_salt=salt,
        kdf_params=kdf.to_json(),
        wrapped_data_key=vault.wrap(crypto.derive_key(data.password, salt, kdf)),
        failed_attempts=0,
        lockouts=0,
    )
    with store.unit_of_work() as session:
        session.add(agent)
        session.flush()
        audit.write(session.connection(), agent.id, "create_profile", "agent", agent.id)
        record = _record(agent)
    store.unlock(record.id, vault)
    return record


def login(
    store: Store, password: str, *, agent_id: str | None = None, clock: Clock = utcnow
) -> AgentRecord:
    """Check the password, unlock the data key; raises WrongPassword or LoginLocked."""
    now = clock()
    with store.reading() as session:
        query = select(Agent) if agent_id is None else select(Agent).where(Agent.id == agent_id)
        row = session.scalar(query.order_by(Agent.created_at).limit(1))
        if row is None:
            raise NotFound("no agent profile yet")
        agent_id = row.id
        locked_until, password_hash = row.locked_until, row.password_hash
        kdf = crypto.KdfParams.from_json(row.kdf_params)
        salt, wrapped = row.kdf_salt, row.wrapped_data_key
    if locked_until is not None and now < locked_until:
        raise LoginLocked(locked_until)
    hasher = kdf.password_hasher()
    try:
        # The data key is wrapped (AES-GCM) under the password's argon2id key: only the right
        # password unwraps it, so one slow derivation checks the password and unlocks the
        # data (a second one, for the stored hash, cost a quarter of the start-up).
        data_key = crypto.unwrap_key(wrapped, crypto.derive_key(password, salt, kdf))
        ok = True
    except crypto.DecryptionError:
        data_key, ok = b"", False
    with store.unit_of_work() as session:
        agent = session.get(Agent, agent_id)
        assert agent is not None
        connection = session.connection()
        if not ok:
            agent.failed_attempts += 1
            left = MAX_ATTEMPTS - agent.failed_attempts
            audit.write(connection, agent_id, "login_failed", "agent", agent_id, at=now)
            if left <= 0:
                until = now + lock_delay(agent.lockouts)
                agent.locked_until = until
                agent.lockouts += 1
                agent.failed_attempts = 0
                audit.write(
                    connection, agent_id, "login_locked", "agent", agent_id,
                    detail={"until": until.isoformat()}, at=now,
                )
                session.flush()
                error: Exception = LoginLocked(until)
            else:
                session.flush()
                error = WrongPassword(left)
        else:
            agent.failed_attempts = 0
            agent.lockouts = 0
            agent.locked_until = None
            agent.last_login_at = now
            if hasher.check_needs_rehash(password_hash):
                agent.password_hash = hasher.hash(password)
            audit.write(connection, agent_id, "login", "agent", agent_id, at=now)
            session.flush()
            record = _record(agent)
    if not ok:
        raise error
    store.unlock(record.id, crypto.Vault(data_key))
    return record


def change_password(store: Store, old_password: str, new_password: str) -> None:
    """Re-wrap the data key under the new password (no row is re-encrypted)."""
    validation.password(new_password, "new_password")
    record = login(store, old_password, agent_id=store.actor_id)
    vault = store.vault
    with store.unit_of_work() as session:
        agent = session.get(Agent, record.id)
        assert agent is not None
        kdf = crypto.KdfParams.from_json(agent.kdf_params)
        salt = crypto.new_salt()
        agent.password_hash = kdf.password_hasher().hash(new_password)
        agent.kdf_salt = salt
        agent.wrapped_data_key = vault.wrap(crypto.derive_key(new_password, salt, kdf))
        audit.write(session.connection(), agent.id, "change_password", "agent", agent.id)


def logout(store: Store) -> None:
    store.lock()


class InactivityLock:
    """Locks after `timeout` without activity; the window calls `touch()` on input.

    The clock is injectable (seconds, monotonic by default) so tests need no sleep.
    """

    def __init__(
        self, timeout: timedelta = DEFAULT_INACTIVITY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if timeout <= timedelta(0):
            raise ValueError("the inactivity timeout must be positive")
        self.timeout = timeout
        self._clock = clock
        self._last = clock()
        self._locked = False

    def touch(self) -> None:
        """Record activity; ignored once locked (only `unlock()` reopens)."""
        if not self.is_locked():
            self._last = self._clock()

    def remaining(self) -> timedelta:
        left = self.timeout.total_seconds() - (self._clock() - self._last)
        return timedelta(seconds=max(0.0, left))

    def is_locked(self) -> bool:
        if not self._locked and self.remaining() == timedelta(0):
            self._locked = True
        return self._locked

    def lock(self) -> None:
        self._locked = True

    def unlock(self) -> None:
        """After a successful login."""
        self._locked = False
        self._last = self._clock()
