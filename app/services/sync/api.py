"""The laptop's side of the sync protocol: an HTTP transport and typed calls.

No dependency beyond the standard library: one kept-alive `http.client` connection,
HTTPS with certificate verification for a real server. Failures split in two: a
`TransportError` (no answer, dropped connection, server error 5xx) is worth retrying
with the same request, because every push is idempotent; a `ServerRefused` (4xx) is
an answer and retrying it changes nothing.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import ssl
import urllib.parse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

ACCREDITATION_HEADER = "X-Propono-Accreditation"
CLIENT_TIME_HEADER = "X-Propono-Client-Time"


class TransportError(Exception):
    """No usable answer (network down, connection dropped, server error): retry later,
    after `retry_after` seconds when the server said so (503 with Retry-After)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerRefused(Exception):
    """The server answered no (4xx): authentication, permission, conflict, bad request."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"server refused ({status}): {detail}")
        self.status = status
        self.detail = detail


class Transport(Protocol):
    def request(self, method: str, path: str, body: Any = None,
                query: dict[str, Any] | None = None) -> Any: ...


def _seconds(header: str | None) -> float | None:
    """A Retry-After given in seconds (the server's form); anything else is ignored."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """This machine: localhost, 127.0.0.0/8 or ::1 (a name is not resolved: only these)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpTransport:
    def __init__(self, base_url: str, accreditation: str, token: str, timeout: float = 30.0,
                 clock: Callable[[], datetime] | None = None,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"server URL: expected https://host[:port], got {base_url!r}")
        if parsed.scheme == "http" and not is_loopback(parsed.hostname):
            # a push carries health answers, signatures and the token (issue 19, item 8)
            raise ValueError(f"server URL: {base_url!r} is plain http; the insurer's server is "
                             "reached over https only (http is for a server on this machine)")
        self.https = parsed.scheme == "https"
        self.host = parsed.hostname
        self.port = parsed.port or (443 if self.https else 80)
        self.prefix = parsed.path.rstrip("/")
        self.timeout = timeout
        self.ssl_context = ssl_context or (ssl.create_default_context() if self.https else None)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.headers = {"Authorization": f"Bearer {token}", ACCREDITATION_HEADER: accreditation,
                        "Accept": "application/json"}
        self._connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.https:
                self._connection = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.timeout, context=self.ssl_context)
            else:
                self._connection = http.client.HTTPConnection(self.host, self.port,
                                                              timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method: str, path: str, body: Any = None,
                query: dict[str, Any] | None = None) -> Any:
        url = self.prefix + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        headers = dict(self.headers)
        headers[CLIENT_TIME_HEADER] = self.clock().isoformat()
        payload = None
        if body is not None:
            payload = json.dumps(body, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection = self._connect()
            connection.request(method, url, body=payload, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise TransportError(f"{method} {path}: {error!r}") from error
        if response.status >= 500:
            self.close()
            raise TransportError(f"{method} {path}: server error {response.status}",
                                 _seconds(response.getheader("Retry-After")))
        try:
            decoded = json.loads(data) if data else None
        except ValueError:
            raise TransportError(f"{method} {path}: answer is not JSON") from None
        if response.status >= 400:
            detail = decoded.get("detail") if isinstance(decoded, dict) else decoded
            raise ServerRefused(response.status, detail)
        return decoded


class SyncApi:
    """The calls of the sync protocol (see app/server/routes_sync.py for the server side)."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def me(self) -> dict[str, Any]:
        return dict(self.transport.request("GET", "/v1/me"))

    def register_signing_key(self, public_key_b64: str) -> None:
        self.transport.request("PUT", "/v1/me/signing-key", {"public_key": public_key_b64})

    def push(self, changes: list[dict[str, Any]],
             batch_id: str | None = None) -> list[dict[str, Any]]:
        answer = self.transport.request("POST", "/v1/sync/push",
                                        {"batch_id": batch_id, "changes": changes})
        return list(answer["results"])

    def pull(self, cursor: int, limit: int = 500) -> dict[str, Any]:
        return dict(self.transport.request("GET", "/v1/sync/pull",
                                           query={"cursor": cursor, "limit": limit}))

    def conflicts(self) -> list[dict[str, Any]]:
        return list(self.transport.request("GET", "/v1/sync/conflicts")["conflicts"])

    def resolve(self, conflict_id: int, keep: str) -> dict[str, Any]:
        return dict(self.transport.request("POST", f"/v1/sync/conflicts/{conflict_id}/resolve",
                                           {"keep": keep}))

    def upload_document(self, document: dict[str, Any]) -> str:
        return str(self.transport.request("POST", "/v1/sync/documents", document)["status"])

    def releases(self, catalogue: str | None, tariff: str | None) -> list[dict[str, Any]]:
        answer = self.transport.request("GET", "/v1/releases",
                                        query={"catalogue": catalogue, "tariff": tariff})
        return list(answer["releases"])
