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
    path.mkdir(parents=True, exist_ok=True)
    return path
