"""Generated documents (offers, signed proposals) received from agents: sealed, immutable."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.server.crypto import ServerKeys
from app.server.models import Document


class DocumentError(ValueError):
    pass


def store(session: Session, keys: ServerKeys, agent_id: uuid.UUID, meta: dict[str, Any],
          content: bytes) -> str:
    """Store once; returns "stored" or "duplicate". A different file under a known id is refused."""
    document_id = uuid.UUID(str(meta["id"]))
    digest = hashlib.sha256(content).hexdigest()
    if digest != meta["sha256"]:
        raise DocumentError(f"document {document_id}: SHA-256 does not match its content")
    found = session.get(Document, document_id)
    if found is not None:
        if found.agent_id != agent_id or found.sha256 != digest:
            raise DocumentError(f"document {document_id}: already received with other content")
        return "duplicate"
    session.add(Document(
        id=document_id, agent_id=agent_id,
        proposal_id=uuid.UUID(str(meta["proposal_id"])) if meta.get("proposal_id") else None,
        kind=str(meta.get("kind", "document")), language=str(meta.get("language", "")),
        filename=str(meta.get("filename", f"{document_id}.pdf")), sha256=digest,
        content=keys.seal(content, f"document:{document_id}".encode())))
    session.flush()
    return "stored"


def read(document: Document, keys: ServerKeys) -> bytes:
    return keys.open(document.content, f"document:{document.id}".encode())
