"""Which documents were generated for a proposal: file, kind, language, SHA-256."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.models import Document, Proposal
from app.services.store.database import NotFound, Store
from app.services.validation import ValidationError


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    proposal_id: str
    kind: str
    language: str
    path: str
    sha256: str
    created_at: datetime


def _record(row: Document) -> DocumentRecord:
    return DocumentRecord(row.id, row.proposal_id, row.kind, row.language, row.path, row.sha256, row.created_at)


def add_document(
    store: Store, proposal_id: str, kind: str, language: str, path: str, sha256: str
) -> DocumentRecord:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValidationError("sha256", "a SHA-256 is 64 lower-case hex digits")
    with store.unit_of_work() as session:
        if session.get(Proposal, proposal_id) is None:
            raise NotFound(f"proposal {proposal_id}")
        row = Document(proposal_id=proposal_id, kind=kind, language=language, path=path, sha256=sha256)
        session.add(row)
        session.flush()
        return _record(row)


def documents_of(store: Store, proposal_id: str) -> list[DocumentRecord]:
    with store.reading() as session:
        rows = session.scalars(
            select(Document).where(Document.proposal_id == proposal_id).order_by(Document.created_at)
        )
        return [_record(row) for row in rows]
