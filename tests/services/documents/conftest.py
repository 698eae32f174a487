"""Fixtures of the document tests (no database, no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.services.documents.records import ProposalRecord, record_from_json
from tests.services.documents.helpers import example_json


@pytest.fixture(scope="session")
def record() -> ProposalRecord:
    return record_from_json(example_json())


@pytest.fixture
def edited() -> Callable[[Callable[[dict[str, Any]], None]], ProposalRecord]:
    """Build a record from the example JSON after `change(data)` edits it."""

    def build(change: Callable[[dict[str, Any]], None]) -> ProposalRecord:
        data = example_json()
        change(data)
        return record_from_json(data)

    return build
