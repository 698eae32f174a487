"""What every route depends on: the server context, the authenticated caller, the sync log.

Authentication: `Authorization: Bearer <token>` with `X-Propono-Accreditation: <number>`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.server import principals, synclog
from app.server.crypto import ServerKeys

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
