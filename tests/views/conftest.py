from collections.abc import Iterator

import pytest

from app.views.context import AppContext
from tests.views.fakes import make_context


@pytest.fixture(autouse=True)
def english_interface() -> Iterator[None]:
    """Each test starts and ends in English, whatever it switched to."""
    from app.views.language import switch_language

    switch_language("en")
    yield
    switch_language("en")


@pytest.fixture
def context() -> AppContext:
    return make_context()
