"""The exchange format: round trip, canonical JSON and hash, and errors naming JSON paths."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.documents.records import (
    LocalText,
    ProposalRecord,
    RecordError,
    canonical_json,
    content_sha256,
    dump_record,
    load_record,
    record_from_json,
    record_to_json,
    signed_content,
)
from tests.services.documents.helpers import EXAMPLE, example_json

Edit = Callable[[Callable[[dict[str, Any]], None]], ProposalRecord]


def problems_of(change: Callable[[dict[str, Any]], None]) -> list[str]:
    data = example_json()
    change(data)
    with pytest.raises(RecordError) as error:
        record_from_json(data)
    return error.value.problems


def test_example_reads_and_writes_back_identically(record: ProposalRecord) -> None:
    assert record_to_json(record) == example_json()
    assert record_from_json(json.loads(dump_record(record))) == record
    assert dump_record(record) == EXAMPLE.read_text(encoding="utf-8")


def test_example_is_the_family_of_the_docs(record: ProposalRecord) -> None:
    names = [p.full_name for p in record.household.members]
    assert names == ["Léa Favre", "Marco Rossi", "Noé Rossi"]
    assert record.policyholder.full_name == "Léa Favre"
    assert [v.key for v in record.variants] == ["A", "B", "C"]
    assert record.main_variant().key == "B"
    # Variant B per month: Léa 338.90 + 64.80 + 31.40 + 6.20 = 441.30; Marco 338.90 + 58.20
    # + 28.90 + 6.20 = 432.20; Noé 104.20 + 11.70 + 9.50 + 8.40 = 133.80; sum 1'007.30.
    totals = {t.frequency: t.amount for t in record.main_variant().totals}
    assert totals == {"monthly": Decimal("1007.30"), "annual": Decimal("12087.60")}
    for lang in ("fr", "de", "it", "en"):
        assert record.variants[0].coverages[0].items[0].product_name.get(lang)


def test_canonical_json_is_sorted_compact_utf8(record: ProposalRecord) -> None:
    data = canonical_json(record)
    assert data.startswith(b'{"agent":{"accreditation_number":"ACC-VS-20417"')
    assert b", " not in data[:200] and b": " not in data[:200]
    assert "Léa".encode() in data  # UTF-8, not \u00e9 escapes
    assert canonical_json(record_from_json(json.loads(data))) == data


def test_hash_covers_the_content_but_not_the_signatures(record: ProposalRecord) -> None:
    expected = hashlib.sha256(canonical_json(replace(record, signatures=(), policy=None))).hexdigest()
    assert content_sha256(record) == expected
    assert len(expected) == 64
    assert content_sha256(replace(record, signatures=())) == expected
    assert content_sha256(replace(record, policy=None)) == expected
    assert signed_content(record).signatures == ()
    other = replace(record, place="Sierre")
    assert content_sha256(other) != expected


def test_hash_changes_when_a_premium_changes(edited: Edit, record: ProposalRecord) -> None:
    def change(data: dict[str, Any]) -> None:
        item = data["variants"][1]["coverages"][0]["items"][0]["premium"]
        item["monthly_gross"] = item["monthly_net"] = "64.85"
        data["variants"][1]["totals"][0]["amount"] = "1007.35"
        del data["variants"][1]["totals"][1]

    assert content_sha256(edited(change)) != content_sha256(record)


def test_local_text_accepts_one_string_for_all_languages() -> None:
    text = LocalText.from_json_value("Mundo", "$.x")
    assert [text.get(lang) for lang in ("fr", "de", "it", "en")] == ["Mundo"] * 4
    assert text.to_json_value() == "Mundo"
    partial = LocalText.from_json_value({"fr": "Oui", "de": "Ja"}, "$.x")
    assert partial.to_json_value() == {"fr": "Oui", "de": "Ja"}
    with pytest.raises(RecordError, match="no 'it' text"):
        partial.get("it")
    with pytest.raises(RecordError, match=r"\$.x: unknown language\(s\) rm"):
        LocalText.from_json_value({"rm": "Gea"}, "$.x")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("agent"), "$.agent: missing"),
        (lambda d: d["household"]["members"][1].pop("birth_date"),
         "$.household.members[1].birth_date: missing"),
        (lambda d: d["household"]["members"][0].update(birth_date="17.04.1986"),
         "$.household.members[0].birth_date: expected an ISO date YYYY-MM-DD, got the string '17.04.1986'"),
        (lambda d: d["household"]["members"][0].update(birth_date="1986-02-30"),
         "$.household.members[0].birth_date: '1986-02-30' is not a calendar date"),
        (lambda d: d["variants"][0]["totals"][0].update(amount=1286.6),
         '$.variants[0].totals[0].amount: amounts are strings like "1234.50", got a number'),
        (lambda d: d["household"]["members"][2].update(sex="X"),
         "$.household.members[2].sex: expected one of 'F', 'M', got the string 'X'"),
        (lambda d: d["agent"].update(licence="x"), "$.agent: unknown field(s) licence"),
        (lambda d: d.update(format="something"), "$.format: expected 'propono.proposal'"),
        (lambda d: d.update(version=2), "$.version: this Propono reads version 1, got 2"),
        (lambda d: d["signatures"][0].update(signed_at="2026-10-20T18:42:00"),
         "$.signatures[0].signed_at: the date-time '2026-10-20T18:42:00' needs a UTC offset"),
        (lambda d: d["signatures"][0].update(image_png="***"), "$.signatures[0].image_png: not valid base64"),
        (lambda d: d["variants"][0]["coverages"][0]["items"][0]["product_name"].update(fr=""),
         "$.variants[0].coverages[0].items[0].product_name.fr: expected a non-empty string"),
    ],
)
def test_decoding_errors_name_the_json_path(change: Callable[[dict[str, Any]], None], expected: str) -> None:
    problems = problems_of(change)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_missing_premium_is_named() -> None:
    problems = problems_of(lambda d: d["variants"][1]["coverages"][2]["items"][1].pop("premium"))
    assert problems == ["$.variants[1].coverages[2].items[1].premium: missing"]


def test_an_unknown_person_is_named() -> None:
    def change(data: dict[str, Any]) -> None:
        data["variants"][0]["coverages"][1]["person"] = "p9"

    problems = problems_of(change)
    assert "$.variants[0].coverages[1].person: unknown person 'p9' (household has p1, p2, p3)" in problems


def test_a_reservation_on_a_product_the_person_lacks_is_an_unknown_product() -> None:
    problems = problems_of(lambda d: d["reservations"][0]["products"].append("DP"))
    assert problems == [
        "$.reservations[0].products[2]: unknown product 'DP' for person 'p1' (has HC, MU, SO)"
    ]


def test_premiums_must_add_up() -> None:
    def change(data: dict[str, Any]) -> None:
        # MU 6.90 less the 0.70 combination discount is 6.20, not 6.30.
        data["variants"][0]["coverages"][0]["items"][2]["premium"]["monthly_net"] = "6.30"

    problems = problems_of(change)
    assert problems[0] == (
        "$.variants[0].coverages[0].items[2].premium.monthly_net: CHF 6.30 is not the gross "
        "premium less discounts (CHF 6.20)"
    )
    # The monthly total no longer matches either: 1'286.60 vs 1'286.70.
    assert any(p.startswith("$.variants[0].totals[0].amount: CHF 1'286.60 is not the sum") for p in problems)


def test_totals_count_payment_surcharges() -> None:
    def change(data: dict[str, Any]) -> None:
        data["variants"][0]["totals"][0].update(amount="1288.60", fees="2.00")

    data = example_json()
    change(data)
    variant = record_from_json(data).variants[0]
    assert variant.totals[0].fees == Decimal("2.00")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["household"].update(policyholder="p7"),
         "$.household.policyholder: 'p7' is not a member (p1, p2, p3)"),
        (lambda d: d["household"]["members"][1].update(id="p1"),
         "$.household.members: person id 'p1' appears twice"),
        (lambda d: d["household"]["members"][0].update(ahv="756.1234.5678.90"),
         "$.household.members[0].ahv: '756.1234.5678.90' is not a valid AHV number"),
        (lambda d: d["variants"][0]["coverages"][0]["items"].append(
            d["variants"][0]["coverages"][0]["items"][0]),
         "$.variants[0].coverages[0].items: product 'HC' appears twice"),
        (lambda d: d["variants"][0]["coverages"][0]["basic"].update(insurer="XYZ"),
         "$.variants[0].coverages[0].basic.insurer: unknown insurer 'XYZ'"),
        (lambda d: d["variants"].append(d["variants"][0]), "$.variants: 4 variants; between 1 and 3"),
        (lambda d: d.update(chosen_variant="Z"), "$.chosen_variant: no variant 'Z'"),
        (lambda d: d["signatures"][0].update(image_png="R0lGODlhAQABAAAAACw="),
         "$.signatures[0].image_png: not a PNG image"),
        (lambda d: d["signatures"][1].update(for_person=None),
         "$.signatures[1].for_person: a legal representative signs for a person"),
        (lambda d: d["questionnaires"][0]["answers"][0].update(answer="text"),
         "$.questionnaires[0].answers[0].answer_text: missing for a \"text\" answer"),
        (lambda d: d["policy"]["invoice"].update(account="CH44 3199 9123 0008 8901 3"),
         "$.policy.invoice.account: 'CH44 3199 9123 0008 8901 3' is not a valid IBAN"),
        (lambda d: d["policy"]["invoice"].update(reference="RF18539007547034"),
         "$.policy.invoice.reference: a QR-IBAN needs a valid 27-digit QR reference"),
        (lambda d: d["policy"]["invoice"].update(debtor="p4"),
         "$.policy.invoice.debtor: unknown person 'p4'"),
        (lambda d: d["key_dates"].update(binding_until="2026-10-19"),
         "$.key_dates.binding_until: before the issue date"),
    ],
)
def test_consistency_errors_name_the_json_path(change: Callable[[dict[str, Any]], None], expected: str) -> None:
    problems = problems_of(change)
    assert any(p.startswith(expected) for p in problems), problems


def test_load_record_names_the_file(tmp_path: Any) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "propono.proposal",', encoding="utf-8")
    with pytest.raises(RecordError, match=r"bad.json: not JSON \(line 1"):
        load_record(bad)
    with pytest.raises(RecordError, match="cannot read"):
        load_record(tmp_path / "missing.json")


amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=40, deadline=None)
@given(gross=amounts, discounts=st.lists(st.decimals(min_value=Decimal("0.01"),
                                                      max_value=Decimal("50.00"), places=2),
                                          max_size=3))
def test_net_premium_is_gross_less_discounts(gross: Decimal, discounts: list[Decimal]) -> None:
    """Any net other than gross - discounts is refused, to the centime; amounts survive JSON."""
    net = gross - sum(discounts, Decimal(0))
    data = example_json()
    premium = data["variants"][2]["coverages"][0]["items"][0]["premium"]  # SO of Léa in C
    old_net = Decimal(premium["monthly_net"])
    old_year = Decimal(premium["annual_net"])
    premium.update(monthly_gross=str(gross), monthly_net=str(net), annual_net=str(net * 12),
                   discounts=[{"reason": "Test", "monthly_amount": str(d)} for d in discounts])
    totals = data["variants"][2]["totals"]
    totals[0]["amount"] = str(Decimal(totals[0]["amount"]) - old_net + net)
    totals[1]["amount"] = str(Decimal(totals[1]["amount"]) - old_year + net * 12)
    if net < 0:
        with pytest.raises(RecordError, match="monthly_net: negative"):
            record_from_json(data)
        return
    record = record_from_json(data)
    assert record.variants[2].coverages[0].items[0].premium.monthly_net == net
    assert record_from_json(json.loads(canonical_json(record))) == record
    premium["monthly_net"] = str(net + Decimal("0.01"))
    with pytest.raises(RecordError, match="is not the gross premium less discounts"):
        record_from_json(data)
