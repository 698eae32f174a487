"""The FastAPI application: context, authentication and the sync log around each request.

Authentication: `Authorization: Bearer <token>` with `X-Propono-Accreditation: <number>`.
The server itself speaks plain HTTP; in production it listens on loopback behind a TLS
terminating reverse proxy, or is given a certificate (`propono serve --certfile`).
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import __version__
from app.server import principals, synclog
from app.server.config import ServerConfig
from app.server.crypto import ServerKeys
from app.server.db import make_engine, make_sessionmaker

ACCREDITATION_HEADER = "X-Propono-Accreditation"
CLIENT_TIME_HEADER = "X-Propono-Client-Time"


@dataclass
class ServerContext:
    engine: Engine
    sessions: sessionmaker[Session]
    keys: ServerKeys


@dataclass(frozen=True)
class Caller:
    id: uuid.UUID
    accreditation: str
    name: str
    role: str

    @property
    def is_office(self) -> bool:
        return self.role == "backoffice"


def context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


Context = Annotated[ServerContext, Depends(context)]


def caller(ctx: Context,
           authorization: Annotated[str | None, Header()] = None,
           accreditation: Annotated[str | None, Header(alias=ACCREDITATION_HEADER)] = None,
           ) -> Caller:
    challenge = {"WWW-Authenticate": "Bearer"}
    if not authorization or not authorization.startswith("Bearer ") or not accreditation:
        raise HTTPException(401, "bearer token and accreditation header required",
                            headers=challenge)
    with ctx.sessions.begin() as session:
        found = principals.authenticate(session, accreditation,
                                        authorization.removeprefix("Bearer ").strip())
        if found is None:
            raise HTTPException(401, "unknown accreditation or wrong token", headers=challenge)
        return Caller(found.id, found.accreditation, found.name, found.role)


Authenticated = Annotated[Caller, Depends(caller)]


def office(who: Authenticated) -> Caller:
    if not who.is_office:
        raise HTTPException(403, "back-office role required")
    return who


Office = Annotated[Caller, Depends(office)]


@contextmanager
def logged(ctx: ServerContext, who: Caller, kind: str,
           request: Request) -> Iterator[tuple[int, dict[str, Any]]]:
    """Open a sync-log entry; yields (entry id, counts to fill in)."""
    client_time = synclog.parse_client_time(request.headers.get(CLIENT_TIME_HEADER))
    remote = request.client.host if request.client else None
    entry = synclog.start(ctx.sessions, who.id, kind, client_time, remote)
    counts: dict[str, Any] = {}
    try:
        yield entry, counts
    except HTTPException as error:
        synclog.finish(ctx.sessions, entry, counts, "refused", str(error.detail))
        raise
    except Exception as error:
        synclog.finish(ctx.sessions, entry, counts, "error", repr(error))
        raise
    synclog.finish(ctx.sessions, entry, counts)


def freeze_startup_heap() -> None:
    """Exempt what the server holds from start to end from the cyclic garbage collector.

    A push of 1,000 changes allocates enough (entity states, rows, JSON) to set off
    several full collections, and each walked every object of the running server
    (FastAPI, pydantic, SQLAlchemy, the modules): about a second of the server's CPU in
    the benchmark's push (docs/benchmarks.md, Sync). Frozen objects are the long-lived ones anyway;
    what a request creates is still collected as before.
    """
    gc.collect()
    gc.freeze()


def create_app(config: ServerConfig, pool_size: int = 5, *,
               freeze_heap: bool = False) -> FastAPI:
    """The sync server. `freeze_heap` (what `propono serve` asks for): once started, its
    heap is frozen (`freeze_startup_heap`); tests that run a server inside pytest's
    process leave it off."""
    engine = make_engine(config.database_url, pool_size=pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if freeze_heap:
            freeze_startup_heap()
        yield
        engine.dispose()

    app = FastAPI(title="Propono sync", version=__version__, lifespan=lifespan)
    app.state.ctx = ServerContext(engine, make_sessionmaker(engine), ServerKeys(config.master_key))

    from app.server import routes_office, routes_sync
    from app.server.merge import reachable

    reachable()  # the lifecycle's rules, loaded at start rather than in the first push
    app.include_router(routes_sync.router)
    app.include_router(routes_office.router)
    return app
