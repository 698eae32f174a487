"""Before any request body is read: who is asking, and how much they send (issue 19, item 1).

Three unauthenticated 95 MB pushes took the server from 121 MB to 1.6 GB before they were
answered 401: FastAPI reads and parses a body before the dependencies that check the token
run. This ASGI middleware answers first: 401 for a request to `/v1/` without a valid token,
413 for a body over its endpoint's limit (by Content-Length at once, or while it streams in),
so an oversized or unauthenticated flood costs the server a header's worth of memory.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from app.server import principals
from app.server.dependencies import ACCREDITATION_HEADER, ServerContext

MiB = 1024 * 1024
RETRY_AFTER_SECONDS = 30  # what a laptop waits before trying again, database down
# The largest body each endpoint takes; anything else: 1 MiB.
LIMITS = {
    "/v1/sync/push": 32 * MiB,  # a batch of changes (signatures as PNG included)
    "/v1/sync/documents": 32 * MiB,  # a signed PDF, base64
    "/v1/office/bundles": 64 * MiB,  # a laptop's offline bundle
    "/v1/office/releases": 16 * MiB,  # catalogue or tariff files
}
DEFAULT_LIMIT = 1 * MiB
WITH_BODY = {"POST", "PUT", "PATCH"}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def limit_for(path: str) -> int:
    return LIMITS.get(path.rstrip("/"), DEFAULT_LIMIT)


class BodyGuard:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]],
                 context: Callable[[], ServerContext]) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WITH_BODY:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = limit_for(path)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if path.startswith("/v1/"):
            try:
                known = await run_in_threadpool(self._known, headers)
            except (OperationalError, SQLAlchemyTimeoutError):  # as the app answers it
                await _answer(scope, receive, send, 503,
                              "the database is unavailable; try again later",
                              {"Retry-After": str(RETRY_AFTER_SECONDS)})
                return
            if not known:
                await _answer(scope, receive, send, 401, "unknown accreditation or wrong token",
                              {"WWW-Authenticate": "Bearer"})
                return
        declared = headers.get("content-length", "")
        if declared.isdigit():  # the server (h11) holds the client to this length
            if int(declared) > limit:
                await _answer(scope, receive, send, 413, _too_large(limit))
                return
            await self.app(scope, receive, send)
            return
        # No length (chunked): read it here, up to the limit, and hand it on whole. Raising
        # from within the application's own read would come back as a 400 from FastAPI.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > limit:
                await _answer(scope, receive, send, 413, _too_large(limit))
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _known(self, headers: dict[str, str]) -> bool:
        authorization = headers.get("authorization", "")
        accreditation = headers.get(ACCREDITATION_HEADER.lower(), "")
        if not authorization.startswith("Bearer ") or not accreditation:
            return False
        with self.context().sessions.begin() as session:
            return principals.authenticate(
                session, accreditation, authorization.removeprefix("Bearer ").strip()) is not None


def _too_large(limit: int) -> str:
    return f"request body too large: at most {limit // MiB} MiB for this endpoint"


async def _answer(scope: Scope, receive: Receive, send: Send, status: int, detail: str,
                  headers: dict[str, str] | None = None) -> None:
    await JSONResponse({"detail": detail}, status_code=status, headers=headers)(
        scope, receive, send)
