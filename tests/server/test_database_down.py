"""PostgreSQL down: the server answers 503 with Retry-After, not 500, and the laptop waits
as told and tries again (issue 19, item 6)."""

from __future__ import annotations

import http.client
import json
import os
import urllib.parse

import pytest

from app.server.api import create_app
from app.server.config import ServerConfig
from app.server.testing import ThreadedServer
from app.services.sync.api import HttpTransport, TransportError

# Nothing listens on port 1 of this machine: the database is "down" at once.
DOWN = ServerConfig("postgresql+psycopg://propono@127.0.0.1:1/propono", os.urandom(32))


def test_the_server_answers_503_with_retry_after_when_the_database_is_down() -> None:
    with ThreadedServer(create_app(DOWN)) as server:
        parts = urllib.parse.urlsplit(server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", "/v1/me", headers={
            "Authorization": "Bearer x", "X-Propono-Accreditation": "AG-1"})
        response = connection.getresponse()
        body = json.loads(response.read())
        assert response.status == 503
        assert int(response.getheader("Retry-After") or 0) > 0
        assert "database" in body["detail"] and "Traceback" not in json.dumps(body)


def test_the_laptop_reads_retry_after() -> None:
    with ThreadedServer(create_app(DOWN)) as server:
        transport = HttpTransport(server.url, "AG-1", "x")
        with pytest.raises(TransportError) as failed:
            transport.request("GET", "/v1/me")
        assert failed.value.retry_after is not None and failed.value.retry_after > 0


def test_the_sync_waits_as_the_server_asks_then_goes_on() -> None:
    from typing import Any, cast

    from app.services.sync.client import MAX_RETRY_AFTER, SyncEngine, SyncReport

    waited: list[float] = []
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransportError("GET /v1/me: server error 503",
                                 retry_after=30 if len(calls) == 1 else 3600)
        return "ok"

    engine = SyncEngine(cast(Any, None), cast(Any, None), sleep=waited.append,
                        backoff=lambda attempt: 0.25)
    assert engine._retrying(SyncReport(), flaky) == "ok"
    assert waited == [30, MAX_RETRY_AFTER]  # as asked, and an hour capped to a minute


def test_a_push_while_the_database_is_down_is_a_503_too() -> None:
    """The token is checked before the body (issue 19, item 1): that check meets the
    database first, and answers as the application does."""
    with ThreadedServer(create_app(DOWN)) as server:
        parts = urllib.parse.urlsplit(server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("POST", "/v1/sync/push", body=b'{"changes": []}', headers={
            "Authorization": "Bearer x", "X-Propono-Accreditation": "AG-1",
            "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        assert response.status == 503 and int(response.getheader("Retry-After") or 0) > 0
