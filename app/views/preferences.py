"""The agent's interface preferences: language, inactivity lock, data folder.

Kept apart from the database (the data folder cannot live inside itself): an INI file
in the user's configuration folder, or memory in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QLocale, QSettings

from app.i18n import LANGUAGES

DEFAULT_LOCK_MINUTES = 10  # issue 3: the session locks after 10 minutes by default
MAX_LOCK_MINUTES = 120


def system_language() -> str:
    code = QLocale.system().name()[:2]
    return code if code in LANGUAGES else "en"


@dataclass(frozen=True)
class Preferences:
    language: str = "en"
    lock_minutes: int = DEFAULT_LOCK_MINUTES  # 1 to MAX_LOCK_MINUTES: the session always locks
    data_folder: str = ""  # empty: the platform's user data folder

    def with_(self, **changes: object) -> Preferences:
        return replace(self, **changes)  # type: ignore[arg-type]


class PreferencesStore(Protocol):
    def load(self) -> Preferences: ...

    def save(self, preferences: Preferences) -> None: ...

    def screen_state(self, key: str) -> dict[str, str]:
        """Where a screen was for a record (a proposal's wizard step...), not business data."""
        ...

    def set_screen_state(self, key: str, state: dict[str, str]) -> None: ...


class MemoryPreferences:
    def __init__(self, preferences: Preferences | None = None) -> None:
        self._preferences = preferences or Preferences()
        self._states: dict[str, dict[str, str]] = {}

    def load(self) -> Preferences:
        return self._preferences

    def save(self, preferences: Preferences) -> None:
        self._preferences = preferences

    def screen_state(self, key: str) -> dict[str, str]:
        return dict(self._states.get(key, {}))

    def set_screen_state(self, key: str, state: dict[str, str]) -> None:
        self._states[key] = dict(state)


class SettingsPreferences:
    """Preferences in an INI file (QSettings), read with defaults for anything missing."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                       "Propono", "Propono")
        else:
            self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def load(self) -> Preferences:
        s = self._settings
        language = str(s.value("interface/language", system_language()))
        if language not in LANGUAGES:
            language = "en"
        try:
            minutes = int(str(s.value("session/lock_minutes", DEFAULT_LOCK_MINUTES)))
        except ValueError:
            minutes = DEFAULT_LOCK_MINUTES
        minutes = max(1, min(MAX_LOCK_MINUTES, minutes))  # always locks (issue 19, item 9)
        folder = str(s.value("storage/data_folder", ""))
        return Preferences(language=language, lock_minutes=minutes, data_folder=folder)

    def save(self, preferences: Preferences) -> None:
        s = self._settings
        s.setValue("interface/language", preferences.language)
        s.setValue("session/lock_minutes", preferences.lock_minutes)
        s.setValue("storage/data_folder", preferences.data_folder)
        s.sync()

    def screen_state(self, key: str) -> dict[str, str]:
        s = self._settings
        s.beginGroup(f"screens/{key}")
        try:
            return {name: str(s.value(name)) for name in s.childKeys()}
        finally:
            s.endGroup()

    def set_screen_state(self, key: str, state: dict[str, str]) -> None:
        s = self._settings
        s.beginGroup(f"screens/{key}")
        for name, value in state.items():
            s.setValue(name, value)
        s.endGroup()
