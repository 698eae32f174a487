"""`propono sync` and `demo-data` answer bad input with a message, not a traceback, and save
nothing half-checked (issue 19, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.services.store.schema import open_store
from app.services.sync import settings as sync_settings
from tests.services.sync_helpers import laptop


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "anna" / "propono.sqlite"
    laptop(path.parent, "AG-1001").close()
    monkeypatch.setenv("PROPONO_PASSWORD", "correct horse")
    return path


def _saved_url(database: Path) -> str | None:
    store = open_store(database)
    try:
        with store.reading() as session:
            return sync_settings.get(session, sync_settings.SERVER_URL)
    finally:
        store.close()


@pytest.mark.parametrize(("server", "named"), [
    ("notaurl", "notaurl"),
    ("http://sync.insurer.example", "https"),
    ("ftp://sync.example", "ftp://sync.example"),
])
def test_a_bad_server_address_is_named_and_not_saved(
        database: Path, server: str, named: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "--database", str(database), "--server", server,
                 "--token", "abc"]) == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert _saved_url(database) is None  # nothing saved: the next sync is not stuck on it


def test_a_token_starting_with_a_dash_can_come_from_the_environment(
        database: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PROPONO_SYNC_TOKEN", "-starts-with-a-dash")
    # no server at that port: the sync fails, but the settings were accepted and saved
    main(["sync", "--database", str(database), "--server", "http://127.0.0.1:9"])
    assert _saved_url(database) == "http://127.0.0.1:9"
    assert "--server and --token go together" not in capsys.readouterr().err


def test_a_token_from_a_file(database: Path, tmp_path: Path) -> None:
    token = tmp_path / "token.txt"
    token.write_text("-abc123\n")
    main(["sync", "--database", str(database), "--server", "http://127.0.0.1:9",
          "--token-file", str(token)])
    assert _saved_url(database) == "http://127.0.0.1:9"


@pytest.mark.parametrize("size", ["0", "-3"])
def test_a_batch_size_below_one_is_refused(database: Path, size: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["sync", "--database", str(database), "--batch-size", size])
    assert stopped.value.code == 2
    assert "--batch-size" in capsys.readouterr().err


@pytest.mark.parametrize("count", ["-5", "0"])
def test_demo_data_needs_at_least_one_household(tmp_path: Path, count: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["demo-data", "--database", str(tmp_path / "demo.sqlite"), "--households", count])
    assert stopped.value.code == 2
    assert "--households" in capsys.readouterr().err
