"""Rendering in general: atomic writes, bad input, embedded font, edge-case records."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.i18n import LANGUAGES
from app.services.documents.records import LocalText, ProposalRecord, RecordError, record_from_json
from app.services.documents.render import KINDS, missing_texts, render_document, write_document
from tests.services.documents.helpers import (
    compact,
    example_json,
    pages_text,
    scaled_record,
    text_of,
)


def _fonts(pdf: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.add(f"{font['/BaseFont']}{'' if embedded else ' (not embedded)'}")
    return fonts


@pytest.mark.parametrize("kind", ["offer", "proposal", "consent"])
def test_every_font_is_embedded_dejavu(record: ProposalRecord, kind: str) -> None:
    fonts = _fonts(render_document(kind, record, "fr"))
    assert fonts, "no font found"
    for font in fonts:
        assert "DejaVuSans" in font and "not embedded" not in font, fonts


def test_same_record_same_bytes(record: ProposalRecord) -> None:
    assert render_document("proposal", record, "it") == render_document("proposal", record, "it")


def test_write_document_writes_the_whole_file(record: ProposalRecord, tmp_path: Path) -> None:
    out = write_document("offer", record, tmp_path / "offer.pdf", "de")
    assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offer.pdf"]


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [
        ("proposal", lambda d: d["reservations"][0]["products"].append("XX"), "unknown product 'XX'"),
        ("offer", lambda d: d["variants"][0]["coverages"][0].update(person="p8"), "unknown person 'p8'"),
        ("offer", lambda d: d["variants"][0]["coverages"][0]["items"][0].pop("premium"),
         "$.variants[0].coverages[0].items[0].premium: missing"),
    ],
)
def test_bad_record_writes_no_file(kind: str, change: Any, expected: str, tmp_path: Path) -> None:
    data = example_json()
    change(data)
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out.pdf"
    from app.services.documents.records import load_record

    with pytest.raises(RecordError) as error:
        write_document(kind, load_record(source), out, "fr")
    assert expected in str(error.value)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_failed_render_leaves_an_existing_file_untouched(record: ProposalRecord, tmp_path: Path) -> None:
    out = tmp_path / "policy.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(RecordError, match=r"\$.policy: missing"):
        write_document("policy", replace(record, policy=None), out, "fr")
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["policy.pdf"]


def test_missing_folder_is_named(record: ProposalRecord, tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="no such folder"):
        write_document("offer", record, tmp_path / "nope" / "offer.pdf")


def test_missing_translation_in_the_record_is_named(record: ProposalRecord) -> None:
    variant = record.variants[0]
    first = variant.coverages[0]
    item = replace(first.items[0], product_name=LocalText(fr="Hospitalisation"))
    partial = replace(record, variants=(replace(variant, coverages=(
        replace(first, items=(item, *first.items[1:])), *variant.coverages[1:])),
        *record.variants[1:]))
    assert render_document("offer", partial, "fr", variant="A")
    with pytest.raises(RecordError) as error:
        render_document("offer", partial, "de")
    assert error.value.problems == ["$.variants[0].coverages[0].items[0].product_name: no 'de' text"]
    assert missing_texts(record, "it") == []


def test_unknown_kind_and_language(record: ProposalRecord) -> None:
    with pytest.raises(ValueError, match="unknown document kind 'letter'"):
        render_document("letter", record, "fr")
    with pytest.raises(RecordError, match="language 'rm'"):
        render_document("offer", record, "rm")
    assert KINDS == ("offer", "proposal", "consent", "policy")


def test_language_defaults_to_the_records(record: ProposalRecord) -> None:
    text = text_of(render_document("consent", replace(record, language="it"), None))
    assert "Dichiarazione di consenso a una riserva" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_names_wrap_without_loss(lang: str) -> None:
    record = scaled_record(3, 3, long_names=True)
    for kind in ("offer", "proposal"):
        pdf = render_document(kind, record, lang)
        text = compact(text_of(pdf))
        for person in record.household.members:
            assert compact(person.full_name) in text
        # The later-page header still carries the policyholder's full name.
        assert compact(record.policyholder.full_name + " · GM-2026-004211") in text


def test_accents_of_every_language_print() -> None:
    record = scaled_record(16, 1)
    text = text_of(render_document("offer", record, "de"))
    for name in ("Zoë", "Jürg", "Çağla", "Anaïs", "Łukasz", "Maëlle", "Björn", "Niccolò", "Søren",
                 "Gaëtan"):
        assert name in text


def test_many_persons_many_pages() -> None:
    record = scaled_record(12, 6)
    pdf = render_document("proposal", record, "fr")
    pages = pages_text(pdf)
    assert len(pages) > 10
    assert f"page {len(pages)} / {len(pages)}" in pages[-1]
    text = " ".join(pages)
    for person in record.household.members:
        assert person.full_name in text
    # Table headers repeat on pages a table continues on (Table(repeatRows=1)).
    total = next(t.amount for t in record.variants[0].totals if t.frequency == "monthly")
    assert f"CHF {total:,.2f}".replace(",", "'") in text


def test_scaled_record_is_valid_json_round_trip() -> None:
    record = scaled_record(5, 6)
    from app.services.documents.records import record_to_json

    assert record_from_json(json.loads(json.dumps(record_to_json(record)))) == record
    assert sum(len(c.items) for c in record.variants[0].coverages) == 30
