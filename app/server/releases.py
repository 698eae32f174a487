"""Catalogue and tariff releases for the laptops: the latest of each kind, if newer.

Versions are labels chosen by the insurer ("2026.2"); "newer" means published later.
A laptop whose label the server does not know (shipped with the app) gets the latest.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.models import Release
from app.services.sync.release_check import check_release

KINDS = ("catalogue", "tariff")


class ReleaseError(ValueError):
    pass



class InvalidRelease(ReleaseError):
    """The release fails the checks of import-tariff / check-catalogue."""


def digest(payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def publish(session: Session, kind: str, version: str, payload: dict[str, Any],
            published_by: uuid.UUID) -> Release:
    if kind not in KINDS:
        raise ReleaseError(f"kind: expected one of {KINDS}, got {kind!r}")
    if session.execute(select(Release.id).where(Release.kind == kind,
                                                Release.version == version)).first():
        raise ReleaseError(f"{kind} {version}: already published (releases are immutable)")
    problems = check_release(kind, payload)  # what every laptop would refuse to apply
    if problems:
        raise InvalidRelease("; ".join(problems))
    release = Release(kind=kind, version=version, payload=payload, sha256=digest(payload),
                      published_by=published_by)
    session.add(release)
    session.flush()
    return release


def newer_than(session: Session, known: dict[str, str | None]) -> list[dict[str, Any]]:
    found = []
    for kind in KINDS:
        latest = session.execute(select(Release).where(Release.kind == kind)
                                 .order_by(Release.id.desc()).limit(1)).scalar_one_or_none()
        if latest is None or latest.version == known.get(kind):
            continue
        found.append({"kind": kind, "version": latest.version, "sha256": latest.sha256,
                      "published_at": latest.published_at.isoformat(),
                      "payload": latest.payload})
    return found
