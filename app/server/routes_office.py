"""Back-office endpoints: decisions, contact-data edits, releases, bundles, the sync log.

All require the back-office role (403 for agents).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy import select

from app.server import bundles, entities, feed, releases
from app.server import decisions as decision_rules
from app.server.dependencies import Context, Office, logged
from app.server.merge import EditRefused, apply_office_edit
from app.server.models import SyncLog
from app.server.schemas import DecisionIn, OfficeEditIn, ReleaseIn

router = APIRouter(prefix="/v1/office")


@router.post("/proposals/{proposal_id}/decisions", status_code=201)
def record_decision(proposal_id: uuid.UUID, body: DecisionIn, request: Request, ctx: Context,
                    who: Office) -> dict[str, Any]:
    with logged(ctx, who, "decision", request) as (_, counts), ctx.sessions.begin() as session:
        state = entities.load_for_update(session, [proposal_id], ctx.keys).get(proposal_id)
        if state is None or state.entity_type != "proposal":
            raise HTTPException(404, f"no proposal {proposal_id}")
        if not state.sealed:
            raise HTTPException(409, "only a signed proposal can be decided")
        try:
            decision = decision_rules.build(
                proposal_id, state.owner_id, who.id,
                [item.model_dump(mode="json") for item in body.items],
                body.policy_number, body.note, ctx.keys)
        except decision_rules.DecisionError as error:
            raise HTTPException(422, str(error)) from None
        session.add(decision)
        session.flush()
        feed.append(session, [(state.owner_id, feed.DECISION, decision.id)])
        counts.update(proposal=str(proposal_id), outcome=decision.outcome)
        return decision_rules.decision_view(decision, ctx.keys)


@router.patch("/entities/{entity_id}")
def edit_entity(entity_id: uuid.UUID, body: OfficeEditIn, request: Request, ctx: Context,
                who: Office) -> dict[str, Any]:
    """Edit contact data; a field the agent changed since `base_version` is a conflict (409)."""
    with logged(ctx, who, "edit", request) as (_, counts), ctx.sessions.begin() as session:
        state = entities.load_for_update(session, [entity_id], ctx.keys).get(entity_id)
        if state is None:
            raise HTTPException(404, f"no record {entity_id}")
        try:
            conflicts = apply_office_edit(state, body.fields, body.base_version)
        except EditRefused as error:
            raise HTTPException(409, str(error)) from None
        if conflicts:
            counts["conflicts"] = [c.field for c in conflicts]
            raise HTTPException(409, {"message": "changed by the agent since your version",
                                      "version": state.version, "conflicts": [
                                          {"field": c.field, "server_value": c.server_value,
                                           "your_value": c.client_value,
                                           "server_version": c.server_version}
                                          for c in conflicts]})
        entities.save(session, {entity_id: state}, {entity_id}, ctx.keys)
        feed.append(session, [(state.owner_id, feed.ENTITY, entity_id)])
        counts.update(entity=str(entity_id), fields=sorted(body.fields))
        return entities.public_view(entity_id, state)


@router.post("/releases", status_code=201)
def publish_release(body: ReleaseIn, request: Request, ctx: Context,
                    who: Office) -> dict[str, Any]:
    with logged(ctx, who, "publish", request) as (_, counts), ctx.sessions.begin() as session:
        try:
            release = releases.publish(session, body.kind, body.version, body.payload, who.id)
        except releases.InvalidRelease as error:
            raise HTTPException(422, str(error)) from None
        except releases.ReleaseError as error:
            raise HTTPException(409, str(error)) from None
        counts.update(kind=body.kind, version=body.version)
        return {"kind": release.kind, "version": release.version, "sha256": release.sha256}


@router.post("/bundles")
async def import_bundle(request: Request, ctx: Context, who: Office) -> dict[str, Any]:
    """The same import as `propono import-bundle`, for a file uploaded as the request body."""
    data = await request.body()
    try:
        return bundles.import_bundle(ctx.sessions, ctx.keys, data, imported_by=who.id)
    except bundles.BundleRejected as error:
        raise HTTPException(422, str(error)) from None


@router.get("/sync-log")
def sync_log(ctx: Context, who: Office, limit: int = Query(100, ge=1, le=1000),
             accreditation: str | None = None) -> dict[str, Any]:
    from app.server import principals

    with ctx.sessions.begin() as session:
        query = select(SyncLog).order_by(SyncLog.id.desc()).limit(limit)
        if accreditation:
            found = principals.find(session, accreditation)
            if found is None:
                raise HTTPException(404, f"no principal {accreditation}")
            query = query.where(SyncLog.principal_id == found.id)
        return {"entries": [{
            "id": e.id, "principal_id": str(e.principal_id) if e.principal_id else None,
            "kind": e.kind, "started_at": e.started_at.isoformat(),
            "finished_at": e.finished_at.isoformat() if e.finished_at else None,
            "client_time": e.client_time.isoformat() if e.client_time else None,
            "clock_skew_seconds": e.clock_skew_seconds, "remote": e.remote,
            "counts": e.counts, "outcome": e.outcome, "detail": e.detail,
        } for e in session.execute(query).scalars()]}
