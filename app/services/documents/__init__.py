"""Documents (issue 5): offers, proposals, reservation consents and policies as PDF.

Rendered only from a frozen `ProposalRecord` (records.py, docs/exchange-format.md),
in the client's language. `render_document(kind, record, lang)` returns the bytes;
`write_document(...)` writes them atomically.
"""

from app.services.documents.records import (
    ProposalRecord,
    RecordError,
    canonical_json,
    content_sha256,
    load_record,
    record_from_json,
    record_to_json,
)
from app.services.documents.render import KINDS, render_document, write_document

__all__ = [
    "KINDS", "ProposalRecord", "RecordError", "canonical_json", "content_sha256",
    "load_record", "record_from_json", "record_to_json", "render_document", "write_document",
]
