"""The application's services container: the real services behind the views' protocols.

What the login and the list of clients need is built at once; the catalogue, tariffs,
rules and questionnaire are loaded when first used (the first proposal opened), so the
main window comes up quickly. After a tariff import, `reload_tariffs` drops the tariffs and
the services built on them, so the next premium uses the new files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, cast

from app.i18n import _
from app.services.application.agent import StoreAuth
from app.services.application.households import StoreChecks, StorePlaces
from app.services.application.ports import (
    BasicInsurance,
    BundleRefused,
    BundleWritten,
    Catalogue,
    Documents,
    FollowUps,
    Pricing,
    Questionnaires,
)
from app.services.application.proposals import StoreProposals
from app.services.application.recovery import RecoveryFiles
from app.services.application.sync_review import StoreConflicts, StoreRepricings
from app.services.store import journal
from app.services.store.database import Store
from app.services.validation import swiss_today
from app.views.context import AppContext
from app.views.preferences import PreferencesStore

PENDING_LIMIT = 1000


class StoreSyncStatus:
    """Online: the insurer's sync server answers this agent (`sync_service`); unsynced:
    the changes it has not confirmed yet."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._online = False

    def online(self) -> bool:
        return self._online

    def check_online(self) -> bool:  # on a worker thread: waits up to the timeout
        from app.services.sync.service import server_reachable

        self._online = server_reachable(self.store)
        return self._online

    def unsynced_changes(self) -> int:
        """What `sync_service.unsynced_changes` counts (the journal rows not yet shipped),
        read through the store's journal: the sync stack is slow to import at start-up.
        Beyond PENDING_LIMIT the status bar says "more than"."""
        return len(journal.pending(self.store, limit=PENDING_LIMIT + 1))


def sync_runner(store: Store) -> Callable[[Callable[[Any], None]], Any]:
    def run(progress: Callable[[Any], None]) -> Any:
        from app.services.sync.service import synchronise
        from app.services.sync.stale_offers import pricing_repricer

        # As `propono sync`: a newer tariff reprices the unsigned offers (issue 7).
        return synchronise(store, progress=progress, repricer=pricing_repricer())

    return run


def bundle_writer(store: Store) -> Callable[[Path], BundleWritten]:
    def write(path: Path) -> BundleWritten:
        from app.services.sync import service as sync_service

        try:
            summary = sync_service.export_bundle(store, path)
        except sync_service.BundleUnavailable as error:
            raise BundleRefused(_(
                "This laptop must sync online once before it can write a bundle: the "
                "insurer's key and the laptop's registration come with that first sync."
            )) from error
        return BundleWritten(summary.path, summary.changes, summary.documents)

    return write


class _Services:
    """The heavier services, each built on first use."""

    def __init__(self, store: Store, data_folder: Path, today: Callable[[], date],
                 now: Callable[[], datetime]) -> None:
        self.store, self.data_folder, self.today, self.now = store, data_folder, today, now

    @cached_property
    def catalogue_data(self) -> Any:
        from app.services.catalogue import load_catalogue

        return load_catalogue()

    @cached_property
    def catalogue(self) -> Any:
        from app.services.application.catalogue import CatalogueAdapter

        return CatalogueAdapter(self.catalogue_data, self.today,
                                lambda draft: bool(self.questionnaires.referrals(draft)))

    @cached_property
    def basic(self) -> Any:
        from app.services.application.basic_insurance import BasicInsuranceAdapter

        return BasicInsuranceAdapter(self.catalogue_data)

    @cached_property
    def pricing(self) -> Any:
        from app.services.application.pricing import PricingAdapter

        return PricingAdapter(self.catalogue_data, self.tariffs, self.today)

    @cached_property
    def questionnaires(self) -> Any:
        from app.services.application.questionnaire import QuestionnaireAdapter

        return QuestionnaireAdapter(self.today)

    @cached_property
    def shipped_tariffs(self) -> Any:
        from app.services.pricing.tariffs import load_tariffs

        return load_tariffs()

    @property
    def tariff_folder(self) -> Path:
        return self.data_folder / "tariffs"

    @cached_property
    def tariffs(self) -> Any:
        # As `tariff_import.active_tariffs()`, over this context's data folder: the
        # imported tariffs replace the shipped ones insurer by insurer, product by product.
        from app.services.pricing.tariffs import overlay

        return overlay(self.shipped_tariffs, self.tariff_folder)

    def import_tariff(self, path: Path, progress: Callable[[int, int, str], None]) -> Any:
        """`propono import-tariff` from the desktop (on a worker thread): checked against
        the catalogue, written into the folder `tariffs` reads."""
        from app.services.pricing.tariff_import import import_tariff

        return import_tariff(path, self.tariff_folder, catalogue=self.catalogue_data,
                             progress=progress)

    def reload_tariffs(self) -> None:
        """Forget the tariffs and what was built on them; the `_Lazy` proxies build them
        again on next use, so the next premium is priced with the files now on disk."""
        for name in ("tariffs", "pricing", "documents"):
            self.__dict__.pop(name, None)  # where cached_property keeps its value

    @cached_property
    def documents(self) -> Any:
        from app.services.application.documents import DocumentsAdapter

        return DocumentsAdapter(self.store, self.catalogue_data, self.tariffs, self.pricing,
                                self.today)

    def product_name(self, code: str) -> str:
        """A product's name for the repriced offers; a code the catalogue lacks as is."""
        from app.services.catalogue import LAMAL_CODE

        if code == LAMAL_CODE:
            return _("Basic insurance")
        try:
            return f"{code} {self.catalogue_data.product(code).name()}"
        except LookupError:
            return code

    @cached_property
    def follow_ups(self) -> Any:
        from app.services.application.follow_up import StoreFollowUps

        return StoreFollowUps(self.store, lambda: self.documents, self.product_name, self.today,
                              self.now)

    def health(self) -> Any:
        from app.services.application.health import HealthRecords

        return HealthRecords(self.store, self.catalogue_data, self.data_folder / "documents",
                             self.today, self.now)


class _Lazy:
    """Stands for a service until its first use, then forwards to it."""

    def __init__(self, services: _Services, name: str) -> None:
        self._services = services
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(self._services, self._name), attribute)


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_context(store: Store, data_folder: Path, preferences: PreferencesStore,
                  today: Callable[[], date] = swiss_today,
                  now: Callable[[], datetime] = utc_now) -> AppContext:
    services = _Services(store, data_folder, today, now)
    def priced(proposal_id: str) -> bool:
        from app.services.sync.stale_offers import record_offer_pricing

        return record_offer_pricing(store, proposal_id, services.catalogue_data, services.tariffs)

    proposals = StoreProposals(store, RecoveryFiles(data_folder / "drafts"), preferences,
                               services.health, today, priced)
    return AppContext(
        auth=StoreAuth(store, now),
        sync=StoreSyncStatus(store),
        directory=proposals,
        proposals=proposals,
        places=StorePlaces(),
        checks=StoreChecks(today),
        basic=cast(BasicInsurance, _Lazy(services, "basic")),
        catalogue=cast(Catalogue, _Lazy(services, "catalogue")),
        pricing=cast(Pricing, _Lazy(services, "pricing")),
        questionnaires=cast(Questionnaires, _Lazy(services, "questionnaires")),
        documents=cast(Documents, _Lazy(services, "documents")),
        preferences=preferences,
        sync_run=sync_runner(store),
        write_bundle=bundle_writer(store),
        conflicts=StoreConflicts(store),
        repricings=StoreRepricings(store, services.product_name),
        tariff_import=services.import_tariff,
        reload_tariffs=services.reload_tariffs,
        follow_ups=cast(FollowUps, _Lazy(services, "follow_ups")),
        today=today,
    )
