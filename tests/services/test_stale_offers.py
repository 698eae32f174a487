"""A newer tariff from the server reprices unsigned offers; the agent sees the differences."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.records import ItemData, ProposalData
from app.services.store.database import Store
from app.services.sync import service as sync_service
from app.services.sync import stale_offers
from app.services.sync.replica import StoreReplica
from app.services.sync.stale_offers import LineChange, PriceLine
from tests.services.sync_helpers import (
    TODAY,
    assert_same_data,
    connect,
    family,
    laptop,
    signed_proposal,
)
from tests.sync_fixtures import Enrol, RunningServer


def tariff_repricer(store: Store, proposal_id: str, folder: Path,
                    version: str) -> list[PriceLine]:
    """A stand-in for the premium engine: monthly premium per product from the release."""
    premiums = json.loads((folder / "release.json").read_text())["monthly"]
    proposal = pr.get_proposal(store, proposal_id)
    return [PriceLine(item.person_id, item.product_code, Decimal(premiums[item.product_code]))
            for item in proposal.items]


def test_a_newer_tariff_reprices_unsigned_offers_only(tmp_path: Path, sync_server: RunningServer,
                                                      enrol: Enrol) -> None:
    account = enrol("AG-1001")
    office = sync_server.transport(enrol("BO-1", "backoffice"))
    anna = laptop(tmp_path, "AG-1001")
    connect(anna, sync_server.url, account.token)
    household = hh.create_household(anna, family(), today=TODAY)
    zoe, lea = household.persons[0], household.persons[2]
    offer = pr.create_proposal(anna, household.id, ProposalData(items=[
        ItemData(zoe.id, "HOSPITA"), ItemData(lea.id, "DENTA")]))
    stale_offers.record_pricing(anna, offer.id, "2026.1", "2026.1", [
        PriceLine(zoe.id, "HOSPITA", Decimal("104.20")),
        PriceLine(lea.id, "DENTA", Decimal("23.80"))])
    _, signed = signed_proposal(anna)
    signed_items = pr.get_proposal(anna, signed.id).items
    stale_offers.record_pricing(anna, signed.id, "2026.1", "2026.1", [
        PriceLine(i.person_id, i.product_code, Decimal("50.00")) for i in signed_items])
    office.request("POST", "/v1/office/releases", {
        "kind": "tariff", "version": "2026.2",
        "payload": {"monthly": {"HOSPITA": "112.40", "DENTA": "22.55"},  # what the test reads
                    "files": {"sc.csv": "year,product,module,level,deductible,capital,region,"
                              "age_class,sex,monthly_premium\n2026,SC,,1,0,,CH,41-45,F,15.00\n"}}})
    replica = StoreReplica(anna, releases_root=tmp_path / "updates")
    report = sync_service.synchronise(anna, replica=replica, repricer=tariff_repricer)
    assert report.releases == ["tariff 2026.2"]
    assert (tmp_path / "updates" / "tariff" / "2026.2" / "release.json").is_file()
    [repriced] = stale_offers.stale_offers(anna)
    assert (repriced.proposal_id, repriced.old_tariff_version,
            repriced.new_tariff_version) == (offer.id, "2026.1", "2026.2")
    # 112.40 - 104.20 = +8.20 for Zoé's hospital cover; 22.55 - 23.80 = -1.25 for Léa's dental.
    assert repriced.lines == (LineChange(zoe.id, "HOSPITA", Decimal("104.20"), Decimal("112.40")),
                              LineChange(lea.id, "DENTA", Decimal("23.80"), Decimal("22.55")))
    assert [line.difference for line in repriced.lines] == [Decimal("8.20"), Decimal("-1.25")]
    assert repriced.total_difference == Decimal("6.95")
    # The repriced offer and its tariff version went to the server in the same sync.
    assert_same_data(anna, sync_server.config, "AG-1001")
    stale_offers.acknowledge(anna, repriced.id)
    assert stale_offers.stale_offers(anna) == []
    # Known now: a second sync brings nothing and reprices nothing.
    again = sync_service.synchronise(anna, replica=replica, repricer=tariff_repricer)
    assert again.releases == [] and stale_offers.stale_offers(anna) == []


def test_compare_lists_added_and_dropped_covers() -> None:
    old = [{"person_id": "p1", "product": "HOSPITA", "monthly": "100.00"},
           {"person_id": "p2", "product": "DENTA", "monthly": "20.00"}]
    new = [PriceLine("p1", "HOSPITA", Decimal("100.00")), PriceLine("p3", "MEDICO",
                                                                     Decimal("15.50"))]
    changes = stale_offers.compare(old, new)
    assert [(c.person_id, c.product, c.old, c.new, c.difference) for c in changes] == [
        ("p1", "HOSPITA", Decimal("100.00"), Decimal("100.00"), Decimal("0.00")),
        ("p2", "DENTA", Decimal("20.00"), None, Decimal("-20.00")),
        ("p3", "MEDICO", None, Decimal("15.50"), Decimal("15.50"))]


def test_the_premium_engine_reprices_with_the_released_tariff(
        tmp_path: Path, sync_server: RunningServer, enrol: Enrol) -> None:
    from datetime import date

    account = enrol("AG-1001")
    office = sync_server.transport(enrol("BO-1", "backoffice"))
    anna = laptop(tmp_path, "AG-1001")
    connect(anna, sync_server.url, account.token)
    household = hh.create_household(anna, family(), today=TODAY)
    zoe = household.persons[0]  # born 02.03.1985: age class 41-45 in 2027
    offer = pr.create_proposal(anna, household.id, ProposalData(
        start_date=date(2027, 1, 1), items=[ItemData(zoe.id, "SC", level="1")]))
    repricer = stale_offers.pricing_repricer()
    shipped = tmp_path / "no-release"
    shipped.mkdir()
    stale_offers.record_pricing(anna, offer.id, "shipped", "shipped",
                                repricer(anna, offer.id, shipped, "shipped"))
    # The insurer's 2027 tariff for SC level 1, women 41-45: CHF 15.00 a month.
    header = "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium"
    office.request("POST", "/v1/office/releases", {
        "kind": "tariff", "version": "2027.1",
        "payload": {"files": {"sc_2027.csv": f"{header}\n2027,SC,,1,0,,CH,41-45,F,15.00\n"}}})
    sync_service.synchronise(anna, replica=StoreReplica(anna, releases_root=tmp_path / "up"),
                             repricer=repricer)
    [repriced] = stale_offers.stale_offers(anna)
    # Shipped illustrative tariff (2025 row, latest for 2027): 13.45 + 3 % monthly surcharge
    # (payment.toml, 004 art. 27.1) = 13.8535 -> 13.85; new: 15.00 + 3 % = 15.45; +1.60.
    assert repriced.lines == (LineChange(zoe.id, "SC", Decimal("13.85"), Decimal("15.45")),)
    assert repriced.total_difference == Decimal("1.60")


def test_a_saved_offer_records_its_pricing_and_a_later_tariff_shows_the_difference(
        tmp_path: Path) -> None:
    from datetime import date

    from app.services.catalogue import load_catalogue
    from app.services.pricing.tariffs import load_tariffs

    anna = laptop(tmp_path, "AG-1001")
    household = hh.create_household(anna, family(), today=TODAY)
    zoe = household.persons[0]  # born 02.03.1985: age class 41-45 in 2027
    offer = pr.create_proposal(anna, household.id, ProposalData(
        start_date=date(2027, 1, 1), items=[ItemData(zoe.id, "SC", level="1")]))
    assert stale_offers.record_offer_pricing(anna, offer.id, load_catalogue(), load_tariffs())
    release = tmp_path / "release"
    release.mkdir()
    header = "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium"
    (release / "sc_2027.csv").write_text(f"{header}\n2027,SC,,1,0,,CH,41-45,F,15.00\n")
    stale_offers.reprice_unsigned(anna, "2027.1", release, stale_offers.pricing_repricer())
    [repriced] = stale_offers.stale_offers(anna)
    # recorded from the shipped tariff: 13.45 + 3 % = 13.85; released: 15.00 + 3 % = 15.45
    assert repriced.old_tariff_version == "shipped"
    assert repriced.lines == (LineChange(zoe.id, "SC", Decimal("13.85"), Decimal("15.45")),)


def test_an_offer_that_cannot_be_priced_yet_records_nothing(tmp_path: Path) -> None:
    from datetime import date

    from app.services.catalogue import load_catalogue
    from app.services.pricing.tariffs import load_tariffs

    anna = laptop(tmp_path, "AG-1001")
    household = hh.create_household(anna, family(), today=TODAY)
    # basic insurance without an insurer chosen: no premium can be quoted yet
    offer = pr.create_proposal(anna, household.id, ProposalData(
        start_date=date(2027, 1, 1), items=[ItemData(household.persons[0].id, "LAMAL")]))
    assert not stale_offers.record_offer_pricing(anna, offer.id, load_catalogue(), load_tariffs())
    stale_offers.reprice_unsigned(anna, "2027.1", tmp_path, stale_offers.pricing_repricer())
    assert stale_offers.stale_offers(anna) == []
