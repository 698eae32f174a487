"""Files that hold health data are the agent's alone (issue 19, item 9): the database, its
journal files, documents, bundles and logs were created 0644 in a 0755 folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_propono_creates_its_files_for_the_agent_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "propono.sqlite"
    env = dict(os.environ, PROPONO_DATA_DIR=str(data), PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", "import os; os.umask(0o022); "
                          "from app.cli import main; "
                          f"raise SystemExit(main(['demo-data', '--database', {str(database)!r}, "
                          "'--households', '2']))"],
                         env=env, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    created = [p for p in data.rglob("*")]
    assert database in created
    for path in created:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(tmp_path)} is {oct(mode)}"
