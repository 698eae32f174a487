"""What every screen is handed: the application's use cases behind small protocols.

Built once by `app/views/wiring.py` over the real services (`app.services.application`),
by tests with fakes. Views depend on these protocols only, never on a database session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.services.application.ports import (
    AgentAuth,
    BasicInsurance,
    BundleWritten,
    Catalogue,
    ClientDirectory,
    Documents,
    FollowUps,
    PersonChecks,
    Places,
    Pricing,
    Proposals,
    Questionnaires,
    Repricings,
    SyncConflicts,
    SyncStatus,
)
from app.views.preferences import MemoryPreferences, PreferencesStore


@dataclass
class AppContext:
    """Everything a screen may call. Built once by `app/gui.py`, by tests with fakes."""

    auth: AgentAuth
    sync: SyncStatus
    directory: ClientDirectory
    proposals: Proposals
    places: Places
    checks: PersonChecks
    basic: BasicInsurance
    catalogue: Catalogue
    pricing: Pricing
    questionnaires: Questionnaires
    documents: Documents
    preferences: PreferencesStore = field(default_factory=MemoryPreferences)
    # one sync run with the insurer, `run(progress) -> report` (app/views/sync_button.py)
    sync_run: Callable[[Callable[[Any], None]], Any] | None = None
    conflicts: SyncConflicts | None = None  # sync conflicts (app/views/resolve_conflicts.py)
    repricings: Repricings | None = None  # stale offers (app/views/review_repricing.py)
    # import a tariff file, `run(path, progress) -> ImportResult` (app/views/import_tariff.py)
    tariff_import: Callable[[Path, Callable[[int, int, str], None]], Any] | None = None
    reload_tariffs: Callable[[], None] | None = None  # premiums from the files now on disk
    # the pending changes in one file for the back office (app/views/write_bundle.py)
    write_bundle: Callable[[Path], BundleWritten] | None = None
    follow_ups: FollowUps | None = None  # after the signature (app/views/wizard/follow_up.py)
    today: Callable[[], date] = date.today  # injected so tests fix the day
