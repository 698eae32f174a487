"""Stale offers: an offer priced with an older tariff is repriced when a newer one arrives.

Every offer records the catalogue and tariff versions it was priced with and its premium
per person and product (`record_pricing`, called where an offer is priced). When a sync
brings a newer tariff, every unsigned offer (draft or ready) is priced again and the
agent sees the difference per person and product (`stale_offers`) until they have
reviewed it (`acknowledge`): before sending anything to the client. Signed proposals
keep the premiums the client signed.

Pricing is injected (`Repricer`); `pricing_repricer()` is the premium engine
(`app.services.pricing.engine.quote` over `tariffs.overlay(load_tariffs(), release_folder)`),
which `propono sync` uses. Tests may inject a simpler one. The store's household and items
become the engine's typed inputs through `household_input` and `item_input`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.models import OfferPricing, Proposal, Repricing
from app.models.base import utcnow
from app.services.store.database import NotFound, Store

if TYPE_CHECKING:
    from app.services.pricing.model import HouseholdInput, ItemInput
    from app.services.proposals.households import HouseholdRecord
    from app.services.proposals.records import ItemRecord

UNSIGNED = ("draft", "ready")
SHIPPED = "shipped"  # the catalogue/tariff version before any release arrived by sync


@dataclass(frozen=True)
class PriceLine:
    person_id: str
    product: str
    monthly: Decimal


@dataclass(frozen=True)
class LineChange:
    person_id: str
    product: str
    old: Decimal | None  # None: not in the old offer
    new: Decimal | None  # None: no longer priced

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal("0")) - (self.old or Decimal("0"))


@dataclass(frozen=True)
class RepricingRecord:
    id: str
    proposal_id: str
    old_tariff_version: str
    new_tariff_version: str
    lines: tuple[LineChange, ...]
    created_at: datetime

    @property
    def total_difference(self) -> Decimal:
        return sum((line.difference for line in self.lines), Decimal("0"))


Repricer = Callable[[Store, str, Path, str], list[PriceLine]]


def household_input(household: HouseholdRecord) -> HouseholdInput:
    """The store's household as the premium engine takes it (no basic insurer of its own:
    each LAMAL item names one in its options)."""
    from app.services.pricing.model import HouseholdInput, PersonInput

    return HouseholdInput(tuple(
        PersonInput(id=p.id, first_name=p.first_name, last_name=p.last_name,
                    birth_date=p.birth_date, sex=p.sex, canton=p.canton,
                    premium_region=p.premium_region, role=p.role, postal_code=p.postal_code)
        for p in household.persons))


def item_input(item: ItemRecord) -> ItemInput:
    """A store item as the premium engine takes it: its columns, and the pricing options
    (`ItemInput.OPTIONS`) its `options` mapping keeps; a wrong value is a `PricingError`."""
    from app.services.pricing.model import ItemInput

    options = {name: value for name, value in item.options.items() if name in ItemInput.OPTIONS}
    return ItemInput.from_mapping({
        **options, "person_id": item.person_id, "product": item.product_code,
        "level": item.level, "deductible": item.deductible, "capital": item.capital,
        "start_date": item.start_date}, where=f"item {item.id}")


def _lines_json(lines: list[PriceLine]) -> list[dict[str, str]]:
    return [{"person_id": line.person_id, "product": line.product,
             "monthly": str(line.monthly)} for line in lines]


def _lines(data: list[dict[str, Any]]) -> dict[tuple[str, str], Decimal]:
    return {(str(d["person_id"]), str(d["product"])): Decimal(str(d["monthly"])) for d in data}


def record_pricing(store: Store, proposal_id: str, catalogue_version: str,
                   tariff_version: str, lines: list[PriceLine]) -> None:
    """What an offer was priced with; journalled, so the insurer knows it too."""
    with store.unit_of_work() as session:
        if session.get(Proposal, proposal_id) is None:
            raise NotFound(f"proposal {proposal_id}")
        row = session.scalar(select(OfferPricing).where(OfferPricing.proposal_id == proposal_id))
        if row is None:
            row = OfferPricing(proposal_id=proposal_id)
            session.add(row)
        row.catalogue_version = catalogue_version
        row.tariff_version = tariff_version
        row.lines = _lines_json(lines)
        row.priced_at = utcnow()


def record_offer_pricing(store: Store, proposal_id: str, catalogue: Any, tariffs: Any) -> bool:
    """Record what an unsigned offer is priced with now, so that a later tariff release can
    show the agent what changed. False when it cannot be priced yet (e.g. no basic insurer
    chosen) or is signed (its premiums stay what the client signed)."""
    from app.services.pricing import engine as pricing
    from app.services.proposals.households import get_household
    from app.services.proposals.records import get_proposal
    from app.services.sync import settings as sync_settings

    record = get_proposal(store, proposal_id)
    if record.status not in UNSIGNED or not record.items:
        return False
    household = get_household(store, record.household_id)
    year = (record.start_date or utcnow().date()).year
    try:
        quote = pricing.quote(catalogue, tariffs, household_input(household),
                              [item_input(item) for item in record.items], year=year,
                              frequency="monthly")
    except (pricing.PricingError, LookupError, ValueError):
        return False
    with store.reading() as session:
        catalogue_version = sync_settings.get(session, sync_settings.CATALOGUE_VERSION, SHIPPED)
        tariff_version = sync_settings.get(session, sync_settings.TARIFF_VERSION, SHIPPED)
    record_pricing(store, proposal_id, catalogue_version, tariff_version,
                   [PriceLine(line.person_id, line.product, line.net) for line in quote.lines])
    return True


def compare(old: list[dict[str, Any]], new: list[PriceLine]) -> tuple[LineChange, ...]:
    """Per person and product: the old premium, the new one (either may be missing)."""
    before, after = _lines(old), {(n.person_id, n.product): n.monthly for n in new}
    keys = list(before) + [key for key in after if key not in before]
    return tuple(LineChange(person, product, before.get((person, product)),
                            after.get((person, product))) for person, product in keys)


def reprice_unsigned(store: Store, tariff_version: str, tariff_folder: Path,
                     repricer: Repricer) -> list[RepricingRecord]:
    with store.reading() as session:
        targets = [(row.proposal_id, row.tariff_version, list(row.lines)) for row, status in
                   session.execute(select(OfferPricing, Proposal.status)
                                   .join(Proposal, Proposal.id == OfferPricing.proposal_id))
                   if status in UNSIGNED and row.tariff_version != tariff_version]
    found = []
    for proposal_id, old_version, old_lines in targets:
        try:
            new_lines = repricer(store, proposal_id, tariff_folder, tariff_version)
        except (LookupError, ValueError):
            # An offer the new tariff cannot price (PricingError is a ValueError) must not
            # stop the sync; it keeps its recorded pricing and is repriced when opened.
            continue
        changes = compare(old_lines, new_lines)
        record = RepricingRecord(str(uuid.uuid4()), proposal_id, old_version, tariff_version,
                                 changes, utcnow())
        with store.unit_of_work() as session:
            proposal = session.get(Proposal, proposal_id)
            if proposal is None or proposal.status not in UNSIGNED:
                continue  # signed meanwhile: its premiums stay what the client signed
            row = session.scalar(select(OfferPricing)
                                 .where(OfferPricing.proposal_id == proposal_id))
            assert row is not None
            row.tariff_version = tariff_version
            row.lines = _lines_json(new_lines)
            row.priced_at = record.created_at
            session.add(Repricing(
                id=record.id, proposal_id=proposal_id, old_tariff_version=old_version,
                new_tariff_version=tariff_version, created_at=record.created_at,
                lines=[{"person_id": c.person_id, "product": c.product,
                        "old": None if c.old is None else str(c.old),
                        "new": None if c.new is None else str(c.new),
                        "difference": str(c.difference)} for c in changes]))
        found.append(record)
    return found


def _record(row: Repricing) -> RepricingRecord:
    lines = tuple(LineChange(d["person_id"], d["product"],
                             None if d["old"] is None else Decimal(d["old"]),
                             None if d["new"] is None else Decimal(d["new"])) for d in row.lines)
    return RepricingRecord(row.id, row.proposal_id, row.old_tariff_version,
                           row.new_tariff_version, lines, row.created_at)


def stale_offers(store: Store) -> list[RepricingRecord]:
    """Repriced offers the agent has not reviewed yet, oldest first."""
    with store.reading() as session:
        rows = session.scalars(select(Repricing).where(Repricing.acknowledged_at.is_(None))
                               .order_by(Repricing.created_at))
        return [_record(row) for row in rows]


def acknowledge(store: Store, repricing_id: str) -> None:
    with store.unit_of_work() as session:
        row = session.get(Repricing, repricing_id)
        if row is None:
            raise NotFound(f"repricing {repricing_id}")
        row.acknowledged_at = utcnow()


def pricing_repricer(catalogue: Any | None = None, year: int | None = None) -> Repricer:
    """The premium engine (`app.services.pricing.engine`) over the shipped tariffs, with the tariff
    release's CSV files overlaid (`tariffs.overlay`: a file replaces its product and year).

    Premiums are monthly, for the premium year of the proposal's start (or `year`).
    """
    def reprice(store: Store, proposal_id: str, folder: Path, version: str) -> list[PriceLine]:
        from app.services.catalogue import load_catalogue
        from app.services.pricing import engine as pricing
        from app.services.pricing.tariffs import load_tariffs, overlay
        from app.services.proposals.households import get_household
        from app.services.proposals.records import get_proposal

        record = get_proposal(store, proposal_id)
        household = get_household(store, record.household_id)
        premium_year = year or (record.start_date or utcnow().date()).year
        quote = pricing.quote(catalogue or load_catalogue(), overlay(load_tariffs(), folder),
                              household_input(household),
                              [item_input(item) for item in record.items],
                              year=premium_year, frequency="monthly")
        return [PriceLine(line.person_id, line.product, line.net) for line in quote.lines]

    return reprice


def release_hook(store: Store, repricer: Repricer) -> Callable[[dict[str, Any], Path], None]:
    """For `StoreReplica.on_release`: reprice unsigned offers when a tariff arrives."""
    def on_release(release: dict[str, Any], folder: Path) -> None:
        if release["kind"] == "tariff":
            reprice_unsigned(store, release["version"], folder, repricer)
    return on_release
