"""Schema migrations run by the application itself, with a backup first.

`open_store(path)` is what the application calls on start: it creates a new
database at the latest revision, or upgrades an older one after copying it to
`<name>.backup-<revision>-<UTC time>.sqlite` beside it (SQLite's online backup,
so the copy includes what is still in the WAL). Migrations run in one
transaction with foreign keys off (SQLite's table rebuilds would otherwise
cascade deletes), then `PRAGMA foreign_key_check` must come back empty.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import app.models.migrations as migrations_package
from app.services.store.database import Store, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(migrations_package.__file__).resolve().parent


class SchemaError(Exception):
    """The file is not a Propono database, or a migration left it inconsistent."""


def _config() -> Config:
    # Alembic is imported only when a database must be upgraded: not on a normal start.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(path: Path) -> str | None:
    if not path.exists():
        return None
    connection = sqlite3.connect(path)
    try:
        tables = {
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    finally:
        connection.close()
    if revision is None and tables:
        raise SchemaError(f"{path} holds tables but no Propono schema revision")
    return revision


def backup(path: Path, label: str) -> Path:
    """A consistent copy of the database (WAL included) beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.stem}.backup-{label}-{stamp}{path.suffix or '.sqlite'}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def upgrade(path: Path, revision: str = "head", *, make_backup: bool = True) -> Path | None:
    """Bring the database at `path` to `revision`; returns the backup made, if any."""
    path = Path(path)
    current = current_revision(path)
    target = migrations_package.HEAD if revision == "head" else revision
    if current == target:
        return None
    from alembic import command

    saved = backup(path, current) if (make_backup and current is not None) else None
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise SchemaError(f"migration to {revision} broke foreign keys: {problems[:5]}")
    finally:
        engine.dispose()
    return saved


def open_store(path: Path | str, *, synchronous: str = "FULL") -> Store:
    """Open (create or upgrade) the database the application works on."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    upgrade(path)
    return Store(path, synchronous=synchronous)


def _revision(message: str) -> None:  # pragma: no cover - developer tool
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dev.sqlite"
        upgrade(path)
        engine = make_engine(path, foreign_keys=False)
        with engine.begin() as connection:
            config = _config()
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _revision(sys.argv[2])
    else:
        print('usage: python -m app.services.store.schema revision "message"')
