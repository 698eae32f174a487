"""What an agent's laptop calls: push, pull, conflicts, documents, releases, reads.

An agent reads only their own records (403 otherwise); the back office reads all.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.server import documents as documents_store
from app.server import entities, feed, ingest, releases
from app.server.decisions import decision_view
from app.server.dependencies import Authenticated, Caller, Context, ServerContext, logged
from app.server.merge import EditRefused, EntityState, resolve_for_agent
from app.server.models import Conflict, Decision, Entity, Principal
from app.server.schemas import DocumentIn, PushIn, ResolveIn, SigningKeyIn

router = APIRouter(prefix="/v1")


def _now() -> str:
    return datetime.now(UTC).isoformat()


@router.get("/me")
def me(ctx: Context, who: Authenticated) -> dict[str, Any]:
    public = ctx.keys.bundle_private_key.public_key().public_bytes_raw()
    return {"accreditation": who.accreditation, "name": who.name, "role": who.role,
            "server_time": _now(), "bundle_public_key": base64.b64encode(public).decode()}


@router.put("/me/signing-key")
def register_signing_key(body: SigningKeyIn, ctx: Context, who: Authenticated) -> dict[str, str]:
    """The laptop's Ed25519 public key, which verifies its offline bundles."""
    try:
        raw = base64.b64decode(body.public_key, validate=True)
    except binascii.Error:
        raise HTTPException(422, "public_key: not base64") from None
    if len(raw) != 32:
        raise HTTPException(422, "public_key: an Ed25519 public key has 32 bytes")
    with ctx.sessions.begin() as session:
        session.execute(update(Principal).where(Principal.id == who.id).values(signing_key=raw))
    return {"status": "registered"}


@router.post("/sync/push")
def push(body: PushIn, request: Request, ctx: Context, who: Authenticated) -> JSONResponse:
    if who.is_office:
        raise HTTPException(403, "only agents push journalled changes")
    with logged(ctx, who, "push", request) as (entry, counts):
        with ctx.sessions.begin() as session:
            report = ingest.push(session, ctx.keys, who.id,
                                 [c.to_change() for c in body.changes], entry)
        counts.update(report.counts, received=len(body.changes))
    return JSONResponse({"results": report.results, "server_time": _now()})


@router.get("/sync/pull")
def pull(request: Request, ctx: Context, who: Authenticated,
         cursor: int = Query(0, ge=0), limit: int = Query(500, ge=1, le=2000)) -> JSONResponse:
    with logged(ctx, who, "pull", request) as (_, counts):
        with ctx.sessions.begin() as session:
            events, new_cursor, more = feed.pull(session, ctx.keys, who.id, cursor, limit)
        counts.update(events=len(events), cursor=new_cursor)
    return JSONResponse({"events": events, "cursor": new_cursor, "more": more,
                         "server_time": _now()})


def _conflict_view(conflict: Conflict) -> dict[str, Any]:
    return {"id": conflict.id, "entity_id": str(conflict.entity_id), "field": conflict.field,
            "change_id": str(conflict.change_id), "base_version": conflict.base_version,
            "server_version": conflict.server_version, "server_value": conflict.server_value,
            "client_value": conflict.client_value, "status": conflict.status}


@router.get("/sync/conflicts")
def open_conflicts(ctx: Context, who: Authenticated) -> dict[str, Any]:
    with ctx.sessions.begin() as session:
        rows = session.execute(select(Conflict).where(
            Conflict.agent_id == who.id, Conflict.status == "open")
            .order_by(Conflict.id)).scalars()
        return {"conflicts": [_conflict_view(row) for row in rows]}


@router.post("/sync/conflicts/{conflict_id}/resolve")
def resolve(conflict_id: int, body: ResolveIn, request: Request, ctx: Context,
            who: Authenticated) -> dict[str, Any]:
    with logged(ctx, who, "resolve", request) as (_, counts), ctx.sessions.begin() as session:
        conflict = session.get(Conflict, conflict_id, with_for_update=True)
        if conflict is None:
            raise HTTPException(404, f"no conflict {conflict_id}")
        if conflict.agent_id != who.id:
            raise HTTPException(403, "this conflict belongs to another agent")
        if conflict.status != "open":
            raise HTTPException(409, f"conflict already settled ({conflict.status})")
        state = entities.load_for_update(session, [conflict.entity_id], ctx.keys)[
            conflict.entity_id]
        if body.keep == "mine":
            meta = state.meta.get(conflict.field)
            if meta is None or meta.version != conflict.server_version:
                raise HTTPException(409, "the field changed again on the server: sync first")
            try:
                resolve_for_agent(state, conflict.field, conflict.client_value)
            except EditRefused as error:
                raise HTTPException(409, str(error)) from None
            entities.save(session, {conflict.entity_id: state}, {conflict.entity_id}, ctx.keys)
        conflict.status = body.keep
        conflict.resolved_at = datetime.now(UTC)
        counts.update(conflict=conflict_id, keep=body.keep)
        return {"id": conflict_id, "status": conflict.status,
                "entity_id": str(conflict.entity_id), "field": conflict.field,
                "value": state.fields.get(conflict.field), "version": state.version}


@router.post("/sync/documents")
def upload_document(body: DocumentIn, request: Request, ctx: Context,
                    who: Authenticated) -> dict[str, str]:
    try:
        content = base64.b64decode(body.content, validate=True)
    except binascii.Error:
        raise HTTPException(422, "content: not base64") from None
    with logged(ctx, who, "document", request) as (_, counts), ctx.sessions.begin() as session:
        ingest.lock_agent(session, who.id)
        try:
            status = documents_store.store(session, ctx.keys, who.id,
                                           body.model_dump(mode="json"), content)
        except documents_store.DocumentError as error:
            raise HTTPException(409, str(error)) from None
        counts[status] = 1
    return {"id": str(body.id), "status": status}


@router.get("/releases")
def latest_releases(request: Request, ctx: Context, who: Authenticated,
                    catalogue: str | None = None, tariff: str | None = None) -> JSONResponse:
    with logged(ctx, who, "releases", request) as (_, counts), ctx.sessions.begin() as session:
        found = releases.newer_than(session, {"catalogue": catalogue, "tariff": tariff})
        counts["releases"] = [f"{r['kind']} {r['version']}" for r in found]
    return JSONResponse({"releases": found, "server_time": _now()})


# Reads -------------------------------------------------------------------------------

def readable(session: Session, ctx: ServerContext, who: Caller, entity_id: uuid.UUID,
             entity_type: str | None = None) -> EntityState:
    state = entities.load(session, entity_id, ctx.keys)
    if state is None or (entity_type is not None and state.entity_type != entity_type):
        raise HTTPException(404, f"no {entity_type or 'record'} {entity_id}")
    if not who.is_office and state.owner_id != who.id:
        raise HTTPException(403, "this record belongs to another agent")
    return state


def _children(session: Session, ctx: ServerContext, parent_id: uuid.UUID,
              entity_type: str | None = None) -> list[dict[str, Any]]:
    query = select(Entity).where(Entity.parent_id == parent_id)
    if entity_type is not None:
        query = query.where(Entity.entity_type == entity_type)
    rows = session.execute(query.order_by(Entity.entity_type, Entity.id)).scalars()
    return [entities.public_view(row.id, entities.to_state(row, ctx.keys)) for row in rows]


@router.get("/entities/{entity_id}")
def read_entity(entity_id: uuid.UUID, ctx: Context, who: Authenticated) -> dict[str, Any]:
    with ctx.sessions.begin() as session:
        return entities.public_view(entity_id, readable(session, ctx, who, entity_id))


@router.get("/households/{household_id}")
def read_household(household_id: uuid.UUID, ctx: Context, who: Authenticated) -> dict[str, Any]:
    with ctx.sessions.begin() as session:
        state = readable(session, ctx, who, household_id, "household")
        return entities.public_view(household_id, state) | {
            "members": _children(session, ctx, household_id, "person"),
            "proposals": _children(session, ctx, household_id, "proposal")}


@router.get("/proposals/{proposal_id}")
def read_proposal(proposal_id: uuid.UUID, ctx: Context, who: Authenticated) -> dict[str, Any]:
    with ctx.sessions.begin() as session:
        state = readable(session, ctx, who, proposal_id, "proposal")
        decisions = session.execute(select(Decision).where(Decision.proposal_id == proposal_id)
                                    .order_by(Decision.decided_at)).scalars()
        return entities.public_view(proposal_id, state) | {
            "items": _children(session, ctx, proposal_id),
            "decisions": [decision_view(d, ctx.keys) for d in decisions]}


@router.get("/proposals")
def list_proposals(ctx: Context, who: Authenticated) -> dict[str, Any]:
    with ctx.sessions.begin() as session:
        query = select(Entity.id, Entity.version, Entity.data, Entity.owner_id,
                       Entity.sealed_seq).where(Entity.entity_type == "proposal")
        if not who.is_office:
            query = query.where(Entity.owner_id == who.id)
        return {"proposals": [
            {"id": str(row.id), "version": row.version, "status": row.data.get("status"),
             "owner_id": str(row.owner_id), "sealed": row.sealed_seq is not None}
            for row in session.execute(query.order_by(Entity.id))]}
