from pathlib import Path

from PySide6.QtCore import QSettings

from app.views.preferences import DEFAULT_LOCK_MINUTES, Preferences, SettingsPreferences


def test_round_trip_through_the_ini_file(tmp_path: Path) -> None:
    store = SettingsPreferences(tmp_path / "propono.ini")
    store.save(Preferences("it", 25, "/data/propono"))
    assert SettingsPreferences(tmp_path / "propono.ini").load() == Preferences(
        "it", 25, "/data/propono")


def test_bad_values_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "propono.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("interface/language", "rm")
    settings.setValue("session/lock_minutes", "ten")
    settings.sync()
    loaded = SettingsPreferences(path).load()
    assert loaded.language == "en"
    assert loaded.lock_minutes == DEFAULT_LOCK_MINUTES == 10
    settings.setValue("session/lock_minutes", "100000")
    settings.sync()
    assert SettingsPreferences(path).load().lock_minutes == 120
