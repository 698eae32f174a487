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


def test_the_session_always_locks(tmp_path: Path) -> None:
    """Issue 19, item 9: the inactivity lock could be set to 0 (never). It stays between 1
    and MAX_LOCK_MINUTES, in the file and in the dialog."""
    from app.views.preferences import MAX_LOCK_MINUTES

    path = tmp_path / "propono.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    for stored in ("0", "-5"):
        settings.setValue("session/lock_minutes", stored)
        settings.sync()
        assert SettingsPreferences(path).load().lock_minutes == 1
    assert MAX_LOCK_MINUTES <= 120


def test_the_dialog_offers_no_never(qtbot: object) -> None:
    from app.views.edit_preferences import PreferencesDialog
    from app.views.preferences import Preferences

    dialog = PreferencesDialog(Preferences())
    assert dialog.lock.minimum() == 1
