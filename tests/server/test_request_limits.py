"""The server answers before reading a body it will not take (issue 19, item 1): a request
without a valid token, or larger than its endpoint allows. Loopback only, bounded."""

from __future__ import annotations

import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from tests.sync_fixtures import Enrol, RunningServer

HUGE = 95 * 1024 * 1024  # announced, never sent


def _raw(url: str, head: str, body: bytes = b"", timeout: float = 10) -> tuple[int, float]:
    """Send the request line and headers (and `body`), read the status; seconds taken."""
    parts = urllib.parse.urlsplit(url)
    began = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + body)
        answer = sock.recv(4096).decode("latin-1")
    return int(answer.split(" ", 2)[1]), time.monotonic() - began


def _head(path: str, length: int | None, token: str = "", accreditation: str = "",
          chunked: bool = False) -> str:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    if token:
        lines += [f"Authorization: Bearer {token}", f"X-Propono-Accreditation: {accreditation}"]
    return "\r\n".join(lines) + "\r\n\r\n"


def test_unauthenticated_floods_are_answered_before_their_body(
        sync_server: RunningServer) -> None:
    # Three at once, each announcing 95 MB and sending none of it: answered 401 at once,
    # so the server never holds their bodies.
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _i: _raw(sync_server.url, _head("/v1/sync/push", HUGE)),
                                range(3)))
    assert [status for status, _s in answers] == [401, 401, 401]
    assert max(seconds for _st, seconds in answers) < 5


def test_an_oversized_push_is_refused_by_its_length(sync_server: RunningServer,
                                                    enrol: Enrol) -> None:
    account = enrol("AG-1001")
    status, seconds = _raw(sync_server.url, _head("/v1/sync/push", HUGE, account.token,
                                                  account.accreditation))
    assert status == 413 and seconds < 5


def test_a_chunked_body_is_counted_as_it_comes(sync_server: RunningServer,
                                               enrol: Enrol) -> None:
    account = enrol("AG-1001")
    chunk = b"x" * (1024 * 1024)
    body = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for _ in range(3))
    # /v1/me/signing-key takes 1 MiB at most: three are refused while they stream in
    head = _head("/v1/me/signing-key", None, account.token, account.accreditation,
                 chunked=True).replace("POST", "PUT", 1)
    status, _seconds = _raw(sync_server.url, head, body + b"0\r\n\r\n")
    assert status == 413


def test_a_normal_push_still_goes_through(sync_server: RunningServer, enrol: Enrol) -> None:
    import uuid

    from tests.server.helpers import change

    api = sync_server.api(enrol("AG-1001"))
    [result] = api.push([change("person", uuid.uuid4(), 1, {"first_name": "Zoé"})])
    assert result["status"] == "applied"
