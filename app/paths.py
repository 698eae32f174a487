"""Where Propono finds its shipped resources and keeps the agent's data."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
TRANSLATIONS = ROOT / "translations"


def data_dir() -> Path:
    """The folder with the agent's database and documents.

    PROPONO_DATA_DIR overrides the platform default (tests, portable installs).
    """
    override = os.environ.get("PROPONO_DATA_DIR")
    path = Path(override) if override else Path(user_data_dir("Propono", "Propono"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep_files_private() -> None:
    """Everything Propono creates from now on (the database and its journal files,
    documents, bundles, recovery files, logs) is readable by the agent's account alone:
    0600 files, 0700 folders (issue 19, item 9). POSIX only; Windows keeps the per-user
    ACLs of the profile folder."""
    if os.name == "posix":
        os.umask(0o077)
