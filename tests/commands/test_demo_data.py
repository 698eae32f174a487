"""`propono demo-data` and the first-start demo database."""

from pathlib import Path

import pytest

from app.cli import main
from app.models import ProposalStatus
from app.services import agents
from app.services.demo import data as demo
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.store.schema import open_store


def test_demo_data_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["demo-data", "--database", str(path)]) == 0
    assert "demo-agent-2026" in capsys.readouterr().out
    store = open_store(path)
    try:
        agents.login(store, demo.DEMO_PASSWORD)  # the password the README gives
        households = hh.list_households(store)
        assert len(households) == 36
        assert {h.language for h in households} == {"fr", "de", "it"}
        persons = [p for h in households for p in h.persons]
        assert any(p.role == "child" for p in persons)
        assert any(p.birth_date.year < 1960 for p in persons)  # seniors
        assert {p.canton for p in persons} >= {"VD", "GE", "ZH", "BE", "TI", "VS"}
        assert all(p.premium_region is not None for p in persons)
        for status in (ProposalStatus.DRAFT, ProposalStatus.READY, ProposalStatus.SIGNED):
            assert pr.list_proposals(store, status)
        assert hh.search_by_name(store, "zoe") or hh.search_by_name(store, "lea")
    finally:
        store.close()
    # Never overwrites an existing database.
    assert main(["demo-data", "--database", str(path)]) == 1


def test_first_start_creates_the_demo_database_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROPONO_DATA_DIR", str(tmp_path))
    path = demo.ensure_demo_database()
    assert path == tmp_path / "propono.sqlite" and path.exists()
    size = path.stat().st_size
    assert demo.ensure_demo_database() == path
    assert path.stat().st_size == size


def test_demo_households_are_valid_and_deterministic() -> None:
    first = demo.demo_households(12)
    assert first == demo.demo_households(12)
    assert len({h.name for h in first}) > 6
