"""The sync API on a real PostgreSQL, over loopback HTTP."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.server.config import ServerConfig
from app.services.sync.api import HttpTransport, ServerRefused, SyncApi
from tests.server.helpers import change, signed_proposal, sql
from tests.sync_fixtures import Enrol, RunningServer


def test_requests_without_a_valid_token_are_refused(sync_server: RunningServer,
                                                    enrol: Enrol) -> None:
    anna = enrol("AG-1001")
    for accreditation, token in (("AG-1001", "wrong"), ("AG-9999", anna.token)):
        api = SyncApi(HttpTransport(sync_server.url, accreditation, token))
        with pytest.raises(ServerRefused) as refused:
            api.me()
        assert refused.value.status == 401
    assert sync_server.api(anna).me()["accreditation"] == "AG-1001"


def test_tokens_are_stored_only_as_hashes(sync_server: RunningServer, enrol: Enrol) -> None:
    anna = enrol("AG-1001")
    [(stored,)] = sql(sync_server.config, "SELECT token_hash FROM principals")
    assert stored == hashlib.sha256(anna.token.encode()).hexdigest()
    assert anna.token not in stored


def test_an_agent_cannot_read_another_agents_records(sync_server: RunningServer,
                                                     enrol: Enrol) -> None:
    anna, bruno, office = enrol("AG-1001"), enrol("AG-2002"), enrol("BO-1", "backoffice")
    household, proposal, changes = signed_proposal()
    assert all(r["status"] == "applied" for r in sync_server.api(anna).push(changes))
    as_bruno = sync_server.transport(bruno)
    for path in (f"/v1/households/{household}", f"/v1/proposals/{proposal}",
                 f"/v1/entities/{proposal}"):
        with pytest.raises(ServerRefused) as refused:
            as_bruno.request("GET", path)
        assert refused.value.status == 403, path
    assert as_bruno.request("GET", "/v1/proposals") == {"proposals": []}
    as_anna = sync_server.transport(anna)
    read_household = as_anna.request("GET", f"/v1/households/{household}")
    assert read_household["fields"]["name"] == "Muster"
    assert [p["id"] for p in read_household["proposals"]] == [str(proposal)]
    read = sync_server.transport(office).request("GET", f"/v1/proposals/{proposal}")
    assert read["fields"]["status"] == "signed" and read["sealed"] is True
    listed = sync_server.transport(office).request("GET", "/v1/proposals")["proposals"]
    assert [p["id"] for p in listed] == [str(proposal)]


def test_an_agent_cannot_write_into_another_agents_records(sync_server: RunningServer,
                                                           enrol: Enrol) -> None:
    anna, bruno = enrol("AG-1001"), enrol("AG-2002")
    household, _, changes = signed_proposal()
    sync_server.api(anna).push(changes)
    [result] = sync_server.api(bruno).push([change("household", household, 1, {"name": "X"})])
    assert result["status"] == "refused"
    [(data,)] = sql(sync_server.config, "SELECT data FROM entities WHERE id = :id", id=household)
    assert data["name"] == "Muster"


def test_agents_cannot_use_back_office_endpoints(sync_server: RunningServer,
                                                 enrol: Enrol) -> None:
    anna = enrol("AG-1001")
    _, proposal, changes = signed_proposal()
    sync_server.api(anna).push(changes)
    as_anna = sync_server.transport(anna)
    calls = [("POST", f"/v1/office/proposals/{proposal}/decisions",
              {"items": [{"product": "HOSPITA", "outcome": "accepted"}]}),
             ("PATCH", f"/v1/office/entities/{proposal}", {"base_version": 0, "fields": {"a": 1}}),
             ("POST", "/v1/office/releases", {"kind": "tariff", "version": "x", "payload": {}}),
             ("GET", "/v1/office/sync-log", None)]
    for method, path, body in calls:
        with pytest.raises(ServerRefused) as refused:
            as_anna.request(method, path, body)
        assert refused.value.status == 403, path


def test_a_change_delivered_twice_is_applied_once(sync_server: RunningServer,
                                                  enrol: Enrol) -> None:
    api = sync_server.api(enrol("AG-1001"))
    person = uuid.uuid4()
    batch = [change("person", person, 1, {"first_name": "Zoé"}),
             change("person", person, 2, {"phone": "+41791111111"}, base_version=0)]
    first = api.push(batch)
    again = api.push(batch + [batch[0]])
    assert [r["version"] for r in first] == [1, 2]
    assert [r.get("duplicate") for r in again] == [True, True, True]
    assert [r["version"] for r in again] == [1, 2, 1]
    [(version, count)] = sql(sync_server.config,
                             "SELECT e.version, (SELECT count(*) FROM applied_changes) "
                             "FROM entities e WHERE id = :id", id=person)
    assert (version, count) == (2, 2)


def test_contact_data_conflict_goes_back_to_the_agent(sync_server: RunningServer,
                                                      enrol: Enrol) -> None:
    anna, office = enrol("AG-1001"), enrol("BO-1", "backoffice")
    api, as_office = sync_server.api(anna), sync_server.transport(office)
    person = uuid.uuid4()
    api.push([change("person", person, 1, {"phone": "+41791111111", "email": "a@b.ch"})])
    edited = as_office.request("PATCH", f"/v1/office/entities/{person}",
                               {"base_version": 1, "fields": {"phone": "+41223334455"}})
    assert edited["version"] == 2
    # Office edits what it has not seen: refused, not overwritten.
    with pytest.raises(ServerRefused) as stale:
        api.push([change("person", person, 2, {"email": "zoe@b.ch"}, base_version=1)])
        as_office.request("PATCH", f"/v1/office/entities/{person}",
                          {"base_version": 2, "fields": {"email": "office@b.ch"}})
    assert stale.value.status == 409
    assert stale.value.detail["conflicts"][0]["server_value"] == "zoe@b.ch"
    [result] = api.push([change("person", person, 3, {"phone": "+41799999999"}, base_version=1)])
    assert result["status"] == "conflict"
    [conflict] = result["conflicts"]
    assert (conflict["field"], conflict["server_value"], conflict["client_value"]) == (
        "phone", "+41223334455", "+41799999999")
    assert result["office_fields"] == {"phone": "+41223334455"}
    assert [c["id"] for c in api.conflicts()] == [conflict["id"]]
    resolved = api.resolve(conflict["id"], "mine")
    assert (resolved["value"], resolved["status"]) == ("+41799999999", "mine")
    assert api.conflicts() == []
    with pytest.raises(ServerRefused) as twice:
        api.resolve(conflict["id"], "theirs")
    assert twice.value.status == 409


def test_decisions_flow_to_the_owning_agent_only(sync_server: RunningServer,
                                                 enrol: Enrol) -> None:
    anna, bruno, office = enrol("AG-1001"), enrol("AG-2002"), enrol("BO-1", "backoffice")
    api = sync_server.api(anna)
    person, item = uuid.uuid4(), uuid.uuid4()
    _, proposal, changes = signed_proposal()
    draft = uuid.uuid4()
    api.push(changes + [change("proposal", draft, 10, {"status": "draft"})])
    as_office = sync_server.transport(office)
    with pytest.raises(ServerRefused) as unsigned:
        as_office.request("POST", f"/v1/office/proposals/{draft}/decisions",
                          {"items": [{"product": "HOSPITA", "outcome": "accepted"}]})
    assert unsigned.value.status == 409
    with pytest.raises(ServerRefused) as no_condition:
        as_office.request("POST", f"/v1/office/proposals/{proposal}/decisions", {"items": [
            {"product": "HOSPITA", "outcome": "accepted_with_reservations"}]})
    assert no_condition.value.status == 422
    decided = as_office.request("POST", f"/v1/office/proposals/{proposal}/decisions", {
        "policy_number": "GM-2026-000123",
        "items": [{"item_id": str(item), "person_id": str(person), "product": "HOSPITA",
                   "outcome": "accepted_with_reservations",
                   "reservations": [{"condition": "left knee (meniscus)"}]},
                  {"person_id": str(person), "product": "DENTA", "outcome": "refused"}]})
    assert decided["outcome"] == "accepted_with_reservations"  # DENTA refused alone
    page = api.pull(0)
    [event] = page["events"]
    assert event["kind"] == "decision" and page["more"] is False
    got = event["decision"]
    assert got["policy_number"] == "GM-2026-000123"
    assert [(i["product"], i["outcome"]) for i in got["items"]] == [
        ("HOSPITA", "accepted_with_reservations"), ("DENTA", "refused")]
    assert got["items"][0]["reservations"] == [
        {"condition": "left knee (meniscus)", "body_part": "", "until": None,
         "consent_required": True}]
    assert api.pull(page["cursor"])["events"] == []
    assert sync_server.api(bruno).pull(0)["events"] == []


def test_pull_pages_through_the_feed_without_gaps(sync_server: RunningServer,
                                                  enrol: Enrol) -> None:
    anna, office = enrol("AG-1001"), enrol("BO-1", "backoffice")
    api, as_office = sync_server.api(anna), sync_server.transport(office)
    _, proposal, changes = signed_proposal()
    api.push(changes)
    for number in range(7):
        as_office.request("POST", f"/v1/office/proposals/{proposal}/decisions", {
            "policy_number": f"P-{number}", "items": [{"product": "HOSPITA",
                                                       "outcome": "accepted"}]})
    seen, cursor = [], 0
    while True:
        page = api.pull(cursor, limit=3)
        seen += [e["decision"]["policy_number"] for e in page["events"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == [f"P-{n}" for n in range(7)]


def test_sensitive_data_is_encrypted_in_the_central_database(sync_server: RunningServer,
                                                             enrol: Enrol) -> None:
    anna, office = enrol("AG-1001"), enrol("BO-1", "backoffice")
    api = sync_server.api(anna)
    answer, person = uuid.uuid4(), uuid.uuid4()
    _, proposal, changes = signed_proposal()
    api.push(changes + [
        change("answer_set", answer, 10,
               {"questionnaire_id": "Q7", "answers": {"q7": "Morbus Crohn since 2019"}}),
        change("person", person, 11, {"last_name": "Muster", "iban": "CH9300762011623852957"},
               sensitive=["iban"])])
    sync_server.transport(office).request(
        "POST", f"/v1/office/proposals/{proposal}/decisions",
        {"items": [{"product": "HOSPITA", "outcome": "accepted_with_reservations",
                    "reservations": [{"condition": "Gonarthrosis right knee"}]}]})
    content = b"%PDF-1.7 signed proposal with Morbus Crohn answers"
    api.upload_document({"id": str(uuid.uuid4()), "kind": "proposal", "language": "fr",
                         "filename": "p.pdf", "sha256": hashlib.sha256(content).hexdigest(),
                         "content": base64.b64encode(content).decode()})
    raw = " ".join(str(row) for table in ("entities", "decisions", "documents")
                   for row in sql(sync_server.config, f"SELECT t::text FROM {table} t"))
    for secret in ("Morbus", "Crohn", "CH9300762011623852957", "Gonarthrosis"):
        assert secret not in raw
    assert "Muster" in raw  # contact data stays searchable
    read = sync_server.transport(anna).request("GET", f"/v1/entities/{answer}")
    assert read["fields"]["answers"] == {"q7": "Morbus Crohn since 2019"}


def test_documents_are_received_once_and_never_replaced(sync_server: RunningServer,
                                                        enrol: Enrol) -> None:
    api = sync_server.api(enrol("AG-1001"))
    content = b"%PDF-1.7 offer"
    document = {"id": str(uuid.uuid4()), "kind": "offer", "language": "de",
                "filename": "offer.pdf", "sha256": hashlib.sha256(content).hexdigest(),
                "content": base64.b64encode(content).decode()}
    assert api.upload_document(document) == "stored"
    assert api.upload_document(document) == "duplicate"
    other = b"%PDF-1.7 another"
    with pytest.raises(ServerRefused) as replaced:
        api.upload_document(document | {"sha256": hashlib.sha256(other).hexdigest(),
                                        "content": base64.b64encode(other).decode()})
    assert replaced.value.status == 409


# A release's payload: its files, checked as import-tariff and check-catalogue do.
CATALOGUE = {"files": {path.name: path.read_text(encoding="utf-8") for path in
                       sorted((Path(__file__).resolve().parents[2] / "resources" / "catalogue")
                              .glob("*.toml"))}}
TARIFF_HEADER = "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium"


def tariff(premium: str) -> dict[str, dict[str, str]]:
    return {"files": {"sc.csv": f"{TARIFF_HEADER}\n2026,SC,,1,0,,CH,41-45,F,{premium}\n"}}


def test_catalogue_and_tariff_releases_are_served_by_version(sync_server: RunningServer,
                                                             enrol: Enrol) -> None:
    api, office = sync_server.api(enrol("AG-1001")), enrol("BO-1", "backoffice")
    as_office = sync_server.transport(office)
    assert api.releases(None, None) == []
    as_office.request("POST", "/v1/office/releases",
                      {"kind": "catalogue", "version": "2026.1", "payload": CATALOGUE})
    as_office.request("POST", "/v1/office/releases",
                      {"kind": "tariff", "version": "2026.1", "payload": tariff("15.00")})
    assert [(r["kind"], r["version"]) for r in api.releases(None, "2025.4")] == [
        ("catalogue", "2026.1"), ("tariff", "2026.1")]
    assert api.releases("2026.1", "2026.1") == []
    as_office.request("POST", "/v1/office/releases",
                      {"kind": "tariff", "version": "2026.2", "payload": tariff("16.00")})
    [newer] = api.releases("2026.1", "2026.1")
    assert (newer["version"], newer["payload"]) == ("2026.2", tariff("16.00"))
    with pytest.raises(ServerRefused) as again:
        as_office.request("POST", "/v1/office/releases",
                          {"kind": "tariff", "version": "2026.2", "payload": {}})
    assert again.value.status == 409


def test_every_sync_is_logged_with_the_clients_clock(sync_server: RunningServer,
                                                     enrol: Enrol) -> None:
    anna, office = enrol("AG-1001"), enrol("BO-1", "backoffice")
    five_hours_fast = lambda: datetime.now(UTC) + timedelta(hours=5)  # noqa: E731
    api = sync_server.api(anna, clock=five_hours_fast)
    api.push([change("person", uuid.uuid4(), 1, {"first_name": "Zoé"})])
    api.pull(0)
    entries = sync_server.transport(office).request(
        "GET", "/v1/office/sync-log", query={"accreditation": "AG-1001"})["entries"]
    assert [e["kind"] for e in entries] == ["pull", "push"]
    assert all(e["outcome"] == "ok" and e["remote"] == "127.0.0.1" for e in entries)
    assert all(abs(e["clock_skew_seconds"] - 5 * 3600) < 60 for e in entries)
    assert entries[1]["counts"] == {"applied": 1, "received": 1}


def test_propono_serve_freezes_the_heap_it_starts_with(
        server_config: ServerConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full garbage collections then skip the server's long-lived objects (a second of
    CPU per 10,000 pushed changes); a server inside pytest's process freezes nothing."""
    import argparse
    import base64
    import gc

    import uvicorn

    from app.commands import serve
    from app.server.api import create_app
    from app.server.testing import ThreadedServer

    assert gc.get_freeze_count() == 0
    with ThreadedServer(create_app(server_config)) as plain:
        assert HttpTransport(plain.url, "AG-0", "x").request(
            "GET", "/openapi.json")["info"]["title"] == "Propono sync"
        assert gc.get_freeze_count() == 0

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(app))
    monkeypatch.setenv("PROPONO_SERVER_DATABASE_URL", server_config.database_url)
    monkeypatch.setenv("PROPONO_SERVER_KEY",
                       base64.urlsafe_b64encode(server_config.master_key).decode())
    parser = argparse.ArgumentParser()
    serve.configure(parser)
    assert serve.run(parser.parse_args(["--no-migrate"])) == 0
    try:
        with ThreadedServer(started[0]) as running:
            assert gc.get_freeze_count() > 0
            assert HttpTransport(running.url, "AG-0", "x").request(
                "GET", "/openapi.json")["info"]["title"] == "Propono sync"
    finally:
        gc.unfreeze()


def test_a_change_replayed_with_other_content_is_refused_visibly(sync_server: RunningServer,
                                                                 enrol: Enrol) -> None:
    """Issue 19, item 5: the same change id with different content was answered "duplicate"
    and silently dropped. The first content stands; the replay is refused and says why."""
    api = sync_server.api(enrol("AG-1001"))
    person = uuid.uuid4()
    first = change("person", person, 1, {"first_name": "Zoé"})
    assert api.push([first])[0]["status"] == "applied"
    forged = {**first, "fields": {"first_name": "Mallory"}}
    [answer] = api.push([forged])
    assert answer["status"] == "refused" and "other content" in answer["reason"]
    assert "content_sha256" not in answer
    [again] = api.push([first])  # the true replay is still a plain duplicate
    assert again.get("duplicate") is True and "content_sha256" not in again
    [(name,)] = sql(sync_server.config, "SELECT e.data->>'first_name' FROM entities e "
                    "WHERE id = :id", id=person)
    assert name == "Zoé"


@pytest.mark.parametrize(("fields", "seq", "named"), [
    ({"first_name": "Zo\x00é"}, 1, "first_name"),  # PostgreSQL refuses NUL in text
    ({"first_name": "Zoé"}, 10**30, "seq"),  # beyond a 64-bit sequence number
    ({"weight": float("nan")}, 1, "weight"),
    ({"first_name": "\ud800"}, 1, "first_name"),  # a lone surrogate: not text
    ({"note": "x" * 5_000_000}, 1, "note"),  # a 5 MB field
], ids=["nul", "huge-seq", "nan", "lone-surrogate", "huge-field"])
def test_one_bad_value_is_refused_alone(sync_server: RunningServer, enrol: Enrol,
                                        fields: dict[str, Any], seq: int, named: str) -> None:
    """Issue 19, item 2: one bad value made PostgreSQL refuse the whole batch (500), and
    every later sync stopped at the same batch. It is refused alone, with its reason; the
    valid changes of the batch are applied, and the next sync goes on."""
    import http.client
    import json as jsonlib

    account = enrol("AG-1001")
    api, transport = sync_server.api(account), sync_server.transport(account)
    bad = change("person", uuid.uuid4(), seq, fields)
    good = change("person", uuid.uuid4(), 2, {"first_name": "Léa"})
    body = jsonlib.dumps({"changes": [bad, good]}, allow_nan=True)  # as a faulty client would
    connection = http.client.HTTPConnection(transport.host, transport.port, timeout=30)
    connection.request("POST", "/v1/sync/push", body=body.encode("utf-8", "surrogatepass"),
                       headers={**transport.headers, "Content-Type": "application/json"})
    response = connection.getresponse()
    answer = jsonlib.loads(response.read())
    assert response.status == 200, answer
    statuses = {r["change_id"]: r for r in answer["results"]}
    assert statuses[bad["change_id"]]["status"] == "refused"
    assert named in statuses[bad["change_id"]]["reason"]
    assert statuses[good["change_id"]]["status"] == "applied"
    later = api.push([change("person", uuid.uuid4(), 3, {"first_name": "Noé"})])
    assert later[0]["status"] == "applied"
