"""The agent's session: log in, change the password, lock (seed 000 art. 4-5)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

from app.i18n import _, ngettext
from app.services import agents
from app.services.application.ports import (
    LoginAttempt,
    PasswordChangeError,
)
from app.services.store.database import Store
from app.services.validation import ValidationError


class StoreAuth:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def agent_name(self) -> str:
        return agents.get_profile(self.store).name

    def log_in(self, password: str) -> LoginAttempt:
        try:
            agents.login(self.store, password, clock=self.clock)
        except agents.WrongPassword as error:
            return LoginAttempt(False, attempts_left=error.attempts_left)
        except agents.LoginLocked as error:
            wait = (error.until - self.clock()).total_seconds()
            return LoginAttempt(False, retry_in_seconds=max(1, math.ceil(wait)), attempts_left=0)
        return LoginAttempt(True)

    def change_password(self, current: str, new: str) -> None:
        try:
            agents.change_password(self.store, current, new)
        except ValidationError as error:
            raise PasswordChangeError({"new": error.message}) from error
        except agents.WrongPassword as error:
            raise PasswordChangeError({"current": ngettext(
                "Wrong password: %d attempt left before a waiting delay.",
                "Wrong password: %d attempts left before a waiting delay.",
                error.attempts_left) % error.attempts_left}) from error
        except agents.LoginLocked as error:
            raise PasswordChangeError({"current": _(
                "Too many wrong attempts: the session is locked.")}, locked_out=True) from error

    def lock(self) -> None:
        agents.logout(self.store)
