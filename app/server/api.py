"""The FastAPI application: the sync routes and the back office's over one server context.

Authentication and the sync log around each request: `dependencies`.
The server itself speaks plain HTTP; in production it listens on loopback behind a TLS
terminating reverse proxy, or is given a certificate (`propono serve --certfile`).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from app import __version__
from app.server import routes_office, routes_sync
from app.server.config import ServerConfig
from app.server.crypto import ServerKeys
from app.server.db import make_engine, make_sessionmaker
from app.server.dependencies import ServerContext
from app.server.guard import RETRY_AFTER_SECONDS, BodyGuard
from app.server.merge import reachable


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

    @app.exception_handler(OperationalError)
    @app.exception_handler(SQLAlchemyTimeoutError)
    async def database_unavailable(_request: Request, _error: Exception) -> JSONResponse:
        # The database down or overloaded is no fault of the laptop's request: a 503 it
        # retries after the delay, not a 500 (issue 19, item 6). Nothing of the error leaks.
        return JSONResponse(
            {"detail": "the database is unavailable; try again later"}, status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    app.state.ctx = ServerContext(engine, make_sessionmaker(engine), ServerKeys(config.master_key))
    app.add_middleware(BodyGuard, context=lambda: app.state.ctx)  # token and size first

    reachable()  # the lifecycle's rules, loaded at start rather than in the first push
    app.include_router(routes_sync.router)
    app.include_router(routes_office.router)
    return app
