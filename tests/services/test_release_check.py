"""A malformed release never reaches a laptop, and a laptop that cannot apply one keeps the
previous version and says so (issue 19, item 3: a tariff release holding `[]` made every
laptop's sync crash until a newer release came)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from app.services.sync.client import SyncEngine, SyncReport
from app.services.sync.release_check import check_release
from app.services.sync.replica import StoreReplica
from tests.services.sync_helpers import laptop

HEADER = "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium"
GOOD_TARIFF = {"files": {"sc_2027.csv": f"{HEADER}\n2027,SC,,1,0,,CH,41-45,F,15.00\n"}}


@pytest.mark.parametrize(("kind", "payload", "named"), [
    ("tariff", [], "a JSON object"),
    ("tariff", {}, "files"),
    ("tariff", {"files": {}}, "files"),
    ("tariff", {"files": ["a.csv"]}, "files"),
    ("tariff", {"files": {"../x.csv": HEADER}}, "../x.csv"),
    ("tariff", {"files": {"sc.csv": 12}}, "sc.csv"),
    ("tariff", {"files": {"sc.csv": "not,a,tariff\n1,2,3\n"}}, "sc.csv"),
    ("tariff", {"files": {"sc.txt": GOOD_TARIFF["files"]["sc_2027.csv"]}}, "sc.txt"),
    ("catalogue", {"files": {"hospital.toml": "[products.HC\nname ="}}, "hospital.toml"),
    ("holiday", GOOD_TARIFF, "holiday"),
])
def test_bad_releases_are_named(kind: str, payload: object, named: str) -> None:
    problems = check_release(kind, payload)
    assert problems and any(named in p for p in problems), problems


def test_a_good_tariff_release_passes() -> None:
    assert check_release("tariff", GOOD_TARIFF) == []


class Releases:
    """The server's answer: one release (as a faulty server might still send)."""

    def __init__(self, release: dict[str, Any]) -> None:
        self.release = release

    def releases(self, _catalogue: str | None, _tariff: str | None) -> list[dict[str, Any]]:
        return [self.release]


def test_a_laptop_keeps_its_tariff_when_a_release_cannot_be_applied(tmp_path: Path) -> None:
    store = laptop(tmp_path, "AG-1001")
    replica = StoreReplica(store, releases_root=tmp_path / "updates")
    replica.apply_release({"kind": "tariff", "version": "2027.1", "payload": GOOD_TARIFF})
    engine = SyncEngine(cast(Any, Releases({"kind": "tariff", "version": "2027.2",
                                            "payload": []})), replica)
    report = SyncReport()
    engine.update_releases(report)  # no crash
    assert replica.release_versions()["tariff"] == "2027.1"
    assert report.releases == []
    [refused] = report.refused_releases
    assert refused.startswith("tariff 2027.2:") and "a JSON object" in refused
    assert not (tmp_path / "updates" / "tariff" / "2027.2").exists()
    store.close()


def test_the_server_refuses_to_publish_a_malformed_release(sync_server: Any, enrol: Any) -> None:
    from app.services.sync.api import ServerRefused

    office = sync_server.transport(enrol("BO-1", role="backoffice"))
    with pytest.raises(ServerRefused) as refused:
        office.request("POST", "/v1/office/releases",
                       {"kind": "tariff", "version": "2027.9", "payload": []})
    assert refused.value.status == 422 and "payload" in str(refused.value.detail)
    with pytest.raises(ServerRefused) as refused:
        office.request("POST", "/v1/office/releases", {
            "kind": "tariff", "version": "2027.9",
            "payload": {"files": {"sc.csv": "not,a,tariff\n1,2,3\n"}}})
    assert refused.value.status == 422 and "sc.csv" in str(refused.value.detail)
    answer = office.request("POST", "/v1/office/releases",
                            {"kind": "tariff", "version": "2027.9", "payload": GOOD_TARIFF})
    assert answer["version"] == "2027.9"  # the same version, now good, is accepted
