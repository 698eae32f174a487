"""`propono sync`, `export-bundle`, `import-bundle`, `server-admin` from the command line."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.cli import main
from app.server.config import ServerConfig
from tests.server.helpers import sql
from tests.services.sync_helpers import (
    assert_same_data,
    laptop,
    pending,
    signed_proposal,
)
from tests.sync_fixtures import Enrol, RunningServer


@pytest.fixture
def key_file(tmp_path: Path, server_config: ServerConfig) -> Path:
    path = tmp_path / "server.key"
    path.write_text(base64.urlsafe_b64encode(server_config.master_key).decode())
    return path


def test_offline_bundle_is_imported_exactly_once(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol, key_file: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    account = enrol("AG-1001")
    database = tmp_path / "anna" / "propono.sqlite"
    anna = laptop(database.parent, "AG-1001")
    anna.close()
    monkeypatch.setenv("PROPONO_PASSWORD", "correct horse")
    monkeypatch.setenv("PROPONO_DATA_DIR", str(tmp_path / "data"))
    # Once online: the laptop registers its signing key and learns the server's key.
    assert main(["sync", "--database", str(database), "--server", sync_server.url,
                 f"--token={account.token}"]) == 0
    # Then days without network.
    anna = laptop_again(database)
    signed_proposal(anna, documents=database.parent)
    waiting = pending(anna)
    anna.close()
    output = tmp_path / "anna.propono-bundle"
    capsys.readouterr()
    assert main(["export-bundle", "--database", str(database), str(output)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert (exported["changes"], exported["documents"]) == (waiting, 1)
    assert b"Crohn" not in output.read_bytes()

    url = sync_server.config.database_url
    assert main(["import-bundle", "--database-url", url, "--key-file", str(key_file),
                 str(output)]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["already_imported"] is False and first["counts"]["applied"] == waiting
    anna = laptop_again(database)
    assert_same_data(anna, sync_server.config, "AG-1001")
    [(documents,)] = sql(sync_server.config, "SELECT count(*) FROM documents")
    assert documents == 1
    # The same bundle again: nothing applied twice.
    assert main(["import-bundle", "--database-url", url, "--key-file", str(key_file),
                 str(output)]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["already_imported"] is True and second["counts"]["duplicate"] == waiting
    # Back online: the laptop's changes were still pending; the server answers "have it".
    assert pending(anna) == waiting
    anna.close()
    assert main(["sync", "--database", str(database)]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[0])
    # ... plus the move to "submitted" of the proposal the insurer now holds.
    assert summary["pushed"] == waiting + 1 and summary["duplicates"] == waiting
    anna = laptop_again(database)
    assert pending(anna) == 0
    assert_same_data(anna, sync_server.config, "AG-1001")
    anna.close()
    [(rows,)] = sql(sync_server.config, "SELECT count(*) FROM applied_changes")
    [(bundles,)] = sql(sync_server.config,
                       "SELECT count(*) FROM sync_log WHERE kind = 'bundle' AND outcome = 'ok'")
    assert (bundles, rows) == (2, waiting + 1)  # two imports, each change applied once


def laptop_again(database: Path) -> object:
    from app.services import agents
    from app.services.store.schema import open_store

    store = open_store(database)
    agents.login(store, "correct horse")
    return store


def test_a_tampered_bundle_is_refused_with_a_reason(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol, key_file: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    account = enrol("AG-1001")
    database = tmp_path / "propono.sqlite"
    laptop(tmp_path, "AG-1001").close()
    monkeypatch.setenv("PROPONO_PASSWORD", "correct horse")
    assert main(["sync", "--database", str(database), "--server", sync_server.url,
                 f"--token={account.token}"]) == 0
    anna = laptop_again(database)
    signed_proposal(anna)
    anna.close()  # type: ignore[attr-defined]
    output = tmp_path / "b.propono-bundle"
    assert main(["export-bundle", "--database", str(database), str(output)]) == 0
    document = json.loads(output.read_bytes())
    document["accreditation"] = "AG-2002"
    output.write_text(json.dumps(document))
    capsys.readouterr()
    assert main(["import-bundle", "--database-url", sync_server.config.database_url,
                 "--key-file", str(key_file), str(output)]) == 1
    assert "AG-2002: unknown" in capsys.readouterr().err
    [(rows,)] = sql(sync_server.config, "SELECT count(*) FROM applied_changes")
    assert rows == 0


def test_export_before_any_online_sync_says_why(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    laptop(tmp_path, "AG-1001").close()
    monkeypatch.setenv("PROPONO_PASSWORD", "correct horse")
    assert main(["export-bundle", "--database", str(tmp_path / "propono.sqlite"),
                 str(tmp_path / "x.propono-bundle")]) == 1
    assert "sync online once" in capsys.readouterr().err
    assert not (tmp_path / "x.propono-bundle").exists()


def test_wrong_password_and_missing_server_are_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    laptop(tmp_path, "AG-1001").close()
    database = str(tmp_path / "propono.sqlite")
    monkeypatch.setenv("PROPONO_PASSWORD", "wrong horse")
    assert main(["sync", "--database", database]) == 2
    monkeypatch.setenv("PROPONO_PASSWORD", "correct horse")
    assert main(["sync", "--database", database]) == 2
    assert "--server URL --token TOKEN" in capsys.readouterr().err
    assert main(["sync", "--database", database, "--server", "http://127.0.0.1:9"]) == 2


def test_server_admin_enrols_agents_with_hashed_tokens(
        server_config: ServerConfig, key_file: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server-admin", "new-key"]) == 0
    assert len(base64.urlsafe_b64decode(capsys.readouterr().out.strip() + "=")) == 32
    common = ["--database-url", server_config.database_url, "--key-file", str(key_file)]
    assert main(["server-admin", "add-agent", *common, "--accreditation", "AG-7",
                 "--name", "Zoé Favre"]) == 0
    token = json.loads(capsys.readouterr().out)["token"]
    [(stored,)] = sql(server_config, "SELECT token_hash FROM principals")
    assert token not in stored and len(stored) == 64
    assert main(["server-admin", "add-agent", *common, "--accreditation", "AG-7"]) == 1
    assert "already enrolled" in capsys.readouterr().err
    assert main(["server-admin", "rotate-token", *common, "--accreditation", "AG-7"]) == 0
    assert json.loads(capsys.readouterr().out)["token"] != token


def test_server_commands_name_missing_settings(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("PROPONO_SERVER_DATABASE_URL", raising=False)
    monkeypatch.delenv("PROPONO_SERVER_KEY", raising=False)
    assert main(["serve"]) == 2
    assert "PROPONO_SERVER_DATABASE_URL" in capsys.readouterr().err
    monkeypatch.setenv("PROPONO_SERVER_DATABASE_URL", "mysql://x")
    assert main(["import-bundle", "nothing.propono-bundle"]) == 2
    assert "postgresql://" in capsys.readouterr().err
