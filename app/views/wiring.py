"""The application's services container: the real services behind the views' protocols."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtNetwork import QNetworkInformation

from app.services import journal
from app.services.catalogue import load_catalogue
from app.services.store import Store
from app.services.tariff_import import active_tariffs
from app.services.validation import swiss_today
from app.views.adapters.basic_insurance import BasicInsuranceAdapter
from app.views.adapters.catalogue import CatalogueAdapter
from app.views.adapters.documents import DocumentsAdapter
from app.views.adapters.health import HealthRecords
from app.views.adapters.pricing import PricingAdapter
from app.views.adapters.questionnaire import QuestionnaireAdapter
from app.views.adapters.recovery import RecoveryFiles
from app.views.adapters.store import StoreAuth, StoreChecks, StorePlaces, StoreProposals
from app.views.context import AppContext
from app.views.preferences import PreferencesStore

PENDING_LIMIT = 1000  # the status bar says "1000+" beyond


class StoreSyncStatus:
    """Unsynced changes are the store's journal rows not yet shipped; online is what the
    operating system reports (no network call of our own)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._network = bool(QNetworkInformation.loadDefaultBackend())

    def online(self) -> bool:
        info = QNetworkInformation.instance() if self._network else None
        return info is not None and \
            info.reachability() == QNetworkInformation.Reachability.Online

    def unsynced_changes(self) -> int:
        return len(journal.pending(self.store, limit=PENDING_LIMIT))


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_context(store: Store, data_folder: Path, preferences: PreferencesStore,
                  today: Callable[[], date] = swiss_today,
                  now: Callable[[], datetime] = utc_now) -> AppContext:
    catalogue = load_catalogue()
    health = HealthRecords(store, catalogue, data_folder / "documents", today, now)
    proposals = StoreProposals(store, RecoveryFiles(data_folder / "drafts"), preferences,
                               health, today)
    return AppContext(
        auth=StoreAuth(store, now),
        sync=StoreSyncStatus(store),
        directory=proposals,
        proposals=proposals,
        places=StorePlaces(),
        checks=StoreChecks(today),
        basic=BasicInsuranceAdapter(catalogue),
        catalogue=CatalogueAdapter(catalogue, today),
        pricing=PricingAdapter(catalogue, active_tariffs(), today),
        questionnaires=QuestionnaireAdapter(today),
        documents=DocumentsAdapter(),
        preferences=preferences,
        today=today,
    )
