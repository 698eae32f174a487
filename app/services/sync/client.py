"""Synchronising the laptop with the insurer: push the journal, pull decisions and updates.

The engine talks to the server through `SyncApi` (any transport: HTTP, or a fake in
tests) and to the local database through a `LocalReplica` (the store's journal adapter,
`app.services.sync.replica`). What makes it safe to interrupt at any moment:

- the journal is the checkpoint: a change is marked shipped only in the same local
  transaction that records the server's answer, so after a crash or a dropped
  connection the next run resumes with the first unshipped change;
- every change carries its journal id as idempotency key: re-sending a batch whose answer
  was lost applies nothing twice on the server;
- a failed call is retried with the very same request, with growing pauses; after the
  last attempt the run stops with `SyncInterrupted` and what was done stays done.

No Qt here: the status bar passes a progress callback.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

from app.services.sync.api import ServerRefused, SyncApi, TransportError

log = logging.getLogger("propono.sync")

T = TypeVar("T")

PUSH, DOCUMENTS, PULL, RELEASES = "push", "documents", "pull", "releases"


MAX_RETRY_AFTER = 60.0  # seconds: a longer delay ends this sync; the next one resumes


class LocalReplica(Protocol):
    """What the engine needs from the local store; every method is one local transaction."""

    def count_pending(self) -> int: ...

    def pending_changes(self, limit: int) -> list[dict[str, Any]]:
        """The oldest unshipped changes, in journal order, in the wire format."""
        ...

    def record_push(self, changes: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        """Mark shipped, keep server versions, apply office fields, list conflicts/refusals."""
        ...

    def pending_documents(self, limit: int) -> list[dict[str, Any]]: ...

    def record_document(self, document_id: str, status: str) -> None: ...

    def pull_cursor(self) -> int: ...

    def apply_events(self, events: list[dict[str, Any]], cursor: int) -> None:
        """Apply decisions and back-office edits, and move the cursor, together."""
        ...

    def release_versions(self) -> dict[str, str | None]: ...

    def apply_release(self, release: dict[str, Any]) -> None: ...

    def apply_resolution(self, answer: dict[str, Any]) -> None: ...

    def signing_key_to_register(self) -> str | None:
        """The laptop's bundle-signing public key (base64) if the server lacks it."""
        ...

    def record_server_identity(self, me: dict[str, Any], key_registered: bool) -> None: ...


@dataclass
class SyncProgress:
    phase: str
    done: int
    total: int | None


@dataclass
class SyncReport:
    pushed: int = 0
    duplicates: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    refused_releases: list[str] = field(default_factory=list)  # "tariff 2027.2: why"
    documents: int = 0
    events: int = 0
    decisions: int = 0
    releases: list[str] = field(default_factory=list)
    retries: int = 0

    def summary(self) -> dict[str, Any]:
        return {"pushed": self.pushed, "duplicates": self.duplicates,
                "conflicts": len(self.conflicts), "refused": len(self.refused),
                "documents": self.documents, "events": self.events,
                "decisions": self.decisions, "releases": self.releases,
                "releases_refused": self.refused_releases, "retries": self.retries}


class SyncInterrupted(Exception):
    """The server stayed unreachable; what was done is kept and the next sync resumes."""

    def __init__(self, report: SyncReport, cause: Exception) -> None:
        super().__init__(f"sync interrupted: {cause}")
        self.report = report
        self.cause = cause


def default_backoff(attempt: int) -> float:
    return float(min(30.0, 0.25 * 2 ** attempt))


class SyncEngine:
    def __init__(self, api: SyncApi, replica: LocalReplica,
                 progress: Callable[[SyncProgress], None] | None = None,
                 batch_size: int = 500, pull_limit: int = 500, max_attempts: int = 6,
                 backoff: Callable[[int], float] = default_backoff,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.api = api
        self.replica = replica
        self.progress = progress or (lambda _: None)
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.sleep = sleep

    def run(self) -> SyncReport:
        report = SyncReport()
        self.introduce(report)
        self.push(report)
        self.push_documents(report)
        self.pull(report)
        self.update_releases(report)
        if self.replica.count_pending():
            self.push(report)  # what the pull created locally (reservations, repricings)
        log.info("sync done: %s", report.summary())
        return report

    def introduce(self, report: SyncReport) -> None:
        """Who am I to the server; register the laptop's bundle key once."""
        me = self._retrying(report, self.api.me)
        key = self.replica.signing_key_to_register()
        if key is not None:
            self._retrying(report, partial(self.api.register_signing_key, key))
        self.replica.record_server_identity(me, key is not None)

    def _retrying(self, report: SyncReport, call: Callable[[], T]) -> T:
        for attempt in range(self.max_attempts):
            try:
                return call()
            except TransportError as error:
                if attempt + 1 == self.max_attempts:
                    log.warning("sync interrupted after %d attempts: %s", attempt + 1, error)
                    raise SyncInterrupted(report, error) from error
                report.retries += 1
                log.info("sync retry %d after %s", attempt + 1, error)
                wait = self.backoff(attempt)
                if error.retry_after is not None:  # the server's own delay, within reason
                    wait = max(wait, min(error.retry_after, MAX_RETRY_AFTER))
                self.sleep(wait)
        raise AssertionError("unreachable")

    def push(self, report: SyncReport) -> None:
        total = self.replica.count_pending()
        self.progress(SyncProgress(PUSH, 0, total))
        done = 0
        while True:
            batch = self.replica.pending_changes(self.batch_size)
            if not batch:
                break
            results = self._retrying(report, partial(self.api.push, batch))
            if [r["change_id"] for r in results] != [c["change_id"] for c in batch]:
                raise TransportError("push answer does not match the batch sent")
            self.replica.record_push(batch, results)
            for result in results:
                if result.get("duplicate"):
                    report.duplicates += 1
                report.pushed += 1
                if result["status"] == "refused":
                    report.refused.append(result)
                report.conflicts.extend(result.get("conflicts", []))
            done += len(batch)
            self.progress(SyncProgress(PUSH, done, max(total, done)))

    def push_documents(self, report: SyncReport) -> None:
        while True:
            documents = self.replica.pending_documents(20)
            if not documents:
                return
            for document in documents:
                if document.get("missing"):
                    # Recorded but its file is gone: reported once, never sent empty.
                    report.refused.append({"document_id": document["id"],
                                           "reason": "file missing on this laptop"})
                    self.replica.record_document(str(document["id"]), "missing")
                    continue
                wire = {k: v for k, v in document.items() if k != "missing"}
                wire["content"] = base64.b64encode(document["content"]).decode()
                try:
                    status = self._retrying(report, partial(self.api.upload_document, wire))
                except ServerRefused as refused:
                    status = "refused"
                    report.refused.append({"document_id": document["id"],
                                           "reason": str(refused.detail)})
                self.replica.record_document(str(document["id"]), status)
                report.documents += 1
                self.progress(SyncProgress(DOCUMENTS, report.documents, None))

    def pull(self, report: SyncReport) -> None:
        cursor = self.replica.pull_cursor()
        self.progress(SyncProgress(PULL, 0, None))
        while True:
            page = self._retrying(report, partial(self.api.pull, cursor, self.pull_limit))
            events = page["events"]
            self.replica.apply_events(events, int(page["cursor"]))
            cursor = int(page["cursor"])
            report.events += len(events)
            report.decisions += sum(1 for e in events if e["kind"] == "decision")
            self.progress(SyncProgress(PULL, report.events, None))
            if not page["more"]:
                return

    def update_releases(self, report: SyncReport) -> None:
        known = self.replica.release_versions()
        releases = self._retrying(report, lambda: self.api.releases(
            known.get("catalogue"), known.get("tariff")))
        for release in releases:
            name = f"{release.get('kind')} {release.get('version')}"
            try:
                self.replica.apply_release(release)
            except (ValueError, TypeError, KeyError) as error:
                # the version in use stays; the next release may be a good one
                log.warning("release %s not applied: %s", name, error)
                report.refused_releases.append(f"{name}: {error}")
                continue
            report.releases.append(name)
            self.progress(SyncProgress(RELEASES, len(report.releases), len(releases)))

    def resolve(self, conflict_id: int, keep: str) -> dict[str, Any]:
        """The agent settles a conflict: keep their value ("mine") or the server's ("theirs")."""
        answer = self._retrying(SyncReport(), lambda: self.api.resolve(conflict_id, keep))
        self.replica.apply_resolution(answer)
        return answer
