"""Entry points: render a document kind from a record, or write it atomically.

A PDF is built wholly in memory; only a complete document is written, to a
temporary file in the target folder that is then renamed over the target. Bad
input raises `RecordError` before anything touches the disk.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, get_args

from app.i18n import LANGUAGES
from app.services.documents.consent import ConsentRenderer
from app.services.documents.jsoncodec import walk
from app.services.documents.layout import DocumentRenderer
from app.services.documents.offer import OfferOptions, OfferRenderer
from app.services.documents.policy import PolicyRenderer
from app.services.documents.proposal import ProposalRenderer
from app.services.documents.records import LocalText, ProposalRecord, RecordError

DocumentKind = Literal["offer", "proposal", "consent", "policy"]
KINDS: tuple[str, ...] = get_args(DocumentKind)


def missing_texts(record: ProposalRecord, language: str) -> list[str]:
    """Paths of every `LocalText` of the record without a text in `language`."""
    return [
        f"{path}: no {language!r} text"
        for path, value in walk(record)
        if isinstance(value, LocalText) and not getattr(value, language)
    ]


def renderer_for(
    kind: str, record: ProposalRecord, language: str | None = None, *,
    variant: str = "", compare_deductibles: bool = False,
) -> DocumentRenderer:
    lang = language or record.language
    if lang not in LANGUAGES:
        raise RecordError(f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    missing = missing_texts(record, lang)
    if missing:
        raise RecordError(missing)
    if kind == "offer":
        return OfferRenderer(record, lang, OfferOptions(variant, compare_deductibles))
    if kind == "proposal":
        return ProposalRenderer(record, lang)
    if kind == "consent":
        return ConsentRenderer(record, lang)
    if kind == "policy":
        return PolicyRenderer(record, lang)
    raise ValueError(f"unknown document kind {kind!r}; expected one of {', '.join(KINDS)}")


def render_document(
    kind: str, record: ProposalRecord, language: str | None = None, *,
    variant: str = "", compare_deductibles: bool = False,
) -> bytes:
    """The PDF bytes of one document in `language` (default: the record's)."""
    renderer = renderer_for(kind, record, language, variant=variant,
                            compare_deductibles=compare_deductibles)
    return renderer.render()


def write_atomically(data: bytes, out: Path) -> Path:
    """Write to a temporary sibling, then rename: readers never see half a file."""
    if not out.parent.is_dir():
        raise RecordError(f"{out.parent}: no such folder")
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
    return out


def write_document(
    kind: str, record: ProposalRecord, out: Path, language: str | None = None, *,
    variant: str = "", compare_deductibles: bool = False,
) -> Path:
    pdf = render_document(kind, record, language, variant=variant,
                          compare_deductibles=compare_deductibles)
    return write_atomically(pdf, out)
