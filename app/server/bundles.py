"""Importing an agent's offline bundle: verified, decrypted, applied exactly once.

The whole bundle is one transaction with the same per-change idempotency as a push:
importing it twice, or after the same changes came online, applies nothing twice.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from app.server import documents, ingest, synclog
from app.server.crypto import ServerKeys
from app.server.models import BundleImport, Principal
from app.server.schemas import ChangeIn, DocumentIn
from app.services.sync import bundle as bundle_format


class BundleRejected(ValueError):
    pass


def import_bundle(sessions: sessionmaker[Session], keys: ServerKeys, data: bytes,
                  imported_by: uuid.UUID | None = None) -> dict[str, Any]:
    agents: dict[str, Principal] = {}

    def verify_key_for(accreditation: str) -> bytes | None:
        with sessions.begin() as session:
            found = session.execute(select(Principal).where(
                Principal.accreditation == accreditation, Principal.role == "agent",
                Principal.active.is_(True))).scalar_one_or_none()
            if found is None:
                return None
            agents[accreditation] = found
            return found.signing_key

    try:
        bundle = bundle_format.decode(data, server_private_key=keys.bundle_private_key,
                                      verify_key_for=verify_key_for)
    except bundle_format.BundleError as error:
        raise BundleRejected(str(error)) from None
    agent = agents[bundle.accreditation]
    try:
        changes = [ChangeIn.model_validate(c).to_change() for c in bundle.changes]
        docs = [DocumentIn.model_validate(d) for d in bundle.documents]
    except ValidationError as error:
        raise BundleRejected(f"bundle {bundle.bundle_id}: invalid content: {error}") from None
    entry = synclog.start(sessions, imported_by or agent.id, "bundle",
                          synclog.parse_client_time(bundle.created_at), None)
    counts: dict[str, Any] = {"bundle": str(bundle.bundle_id), "agent": agent.accreditation}
    try:
        with sessions.begin() as session:
            first = session.execute(insert(BundleImport).values(
                bundle_id=bundle.bundle_id, agent_id=agent.id,
                sha256=hashlib.sha256(data).hexdigest(),
                counts={"changes": len(changes), "documents": len(docs)},
            ).on_conflict_do_nothing().returning(BundleImport.bundle_id)).first()
            report = ingest.push(session, keys, agent.id, changes, entry)
            counts.update(report.counts)
            for doc in docs:
                status = documents.store(session, keys, agent.id, doc.model_dump(mode="json"),
                                         base64.b64decode(doc.content))
                counts[f"documents_{status}"] = counts.get(f"documents_{status}", 0) + 1
    except documents.DocumentError as error:
        synclog.finish(sessions, entry, counts, "refused", str(error))
        raise BundleRejected(str(error)) from None
    except Exception as error:
        synclog.finish(sessions, entry, counts, "error", repr(error))
        raise
    synclog.finish(sessions, entry, counts)
    return {"bundle_id": str(bundle.bundle_id), "agent": agent.accreditation,
            "already_imported": first is None, "counts": counts, "results": report.results}
