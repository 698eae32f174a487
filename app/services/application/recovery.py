"""Drafts the store cannot take yet (a household still incomplete), kept on disk.

A new client's household reaches the store only once it passes the store's validation;
until then, and whenever an edit leaves a field invalid, the wizard's draft is written
here (atomically: a temporary file, then a rename), so a crash or a killed process loses
at most the field being typed. Health answers, reservations and signatures are sensitive
data and never written here: they go to the store only, encrypted.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.services.application.draft import (
    BasicInsuranceChoice,
    PersonDraft,
    ProductChoice,
    ProposalDraft,
)

FORMAT = 1


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return value


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def to_json(draft: ProposalDraft) -> str:
    data = asdict(draft)
    for sensitive in ("answers", "reservations", "signatures", "signed_pdf", "declarations"):
        data.pop(sensitive, None)
    return json.dumps({"format": FORMAT, "draft": _plain(data)}, ensure_ascii=False, indent=1)


def from_json(text: str) -> ProposalDraft:
    payload = json.loads(text)
    if payload.get("format") != FORMAT:
        raise ValueError(f"unknown draft format {payload.get('format')!r}")
    data = _typed(payload["draft"])
    draft = ProposalDraft(**_known(ProposalDraft, {
        k: v for k, v in data.items() if k not in ("persons", "basic", "products")}))
    draft.persons = [PersonDraft(**_known(PersonDraft, p)) for p in data.get("persons", [])]
    draft.basic = {key: BasicInsuranceChoice(**_known(BasicInsuranceChoice, c))
                   for key, c in data.get("basic", {}).items()}
    draft.products = {key: [ProductChoice(**_known(ProductChoice, c)) for c in choices]
                      for key, choices in data.get("products", {}).items()}
    return draft


class RecoveryFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, draft_id: str) -> Path:
        return self.folder / f"{draft_id}.json"

    def write(self, draft: ProposalDraft) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(draft.id)
        partial = path.with_suffix(".part")
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(to_json(draft))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)

    def read(self, draft_id: str) -> ProposalDraft | None:
        path = self._path(draft_id)
        if not path.exists():
            return None
        try:
            return from_json(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):
            return None  # a damaged file is ignored rather than blocking the proposal

    def remove(self, draft_id: str) -> None:
        self._path(draft_id).unlink(missing_ok=True)

    def all(self) -> list[tuple[ProposalDraft, datetime]]:
        """Every recoverable draft with the time it was written, newest first."""
        found = []
        for path in self.folder.glob("*.json") if self.folder.exists() else ():
            draft = self.read(path.stem)
            if draft is not None:
                written = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
                found.append((draft, written))
        return sorted(found, key=lambda pair: pair[1], reverse=True)
