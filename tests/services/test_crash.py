"""A writer killed by SIGKILL at random moments loses nothing it reported committed."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.store import journal
from app.services.store.schema import open_store
from tests.services.conftest import TODAY, family

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 25


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_write_keeps_every_committed_proposal(tmp_path: Path) -> None:
    path = tmp_path / "propono.sqlite"
    store = open_store(path)
    hh.create_household(store, family(), today=TODAY)
    store.close()

    rng = random.Random(20260615)
    reported: list[str] = []
    for _ in range(ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.services.crash_writer", str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read() if writer.stderr else ""
        time.sleep(rng.uniform(0.0, 0.25))  # kill anywhere in the commit loop
        os.kill(writer.pid, signal.SIGKILL)
        out, err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, err
        reported += [line for line in out.splitlines() if line.strip()]

    assert len(reported) > ROUNDS  # the writer did commit between kills

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()

    store = open_store(path)
    try:
        stored = {s.id: s for s in pr.list_proposals(store, limit=100_000)}
        missing = [pid for pid in reported if pid not in stored]
        assert missing == []
        for pid in reported:
            assert stored[pid].item_count == 12
            assert stored[pid].version == 3  # both autosaves committed before the print
        # Every stored proposal (even one killed after commit, before its print) is
        # complete and journalled: the record and its journal row commit together.
        inserted = {e.entity_id for e in journal.pending(store, limit=1_000_000)
                    if e.entity == "proposal" and e.operation == "insert"}
        assert inserted == set(stored)
        for summary in stored.values():
            assert summary.item_count == 12
    finally:
        store.close()
