"""`propono offer|proposal|consent|policy --input FILE.json --lang xx --out FILE.pdf`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.services.documents.helpers import EXAMPLE, example_json, text_of


@pytest.mark.parametrize(
    ("kind", "lang", "expected"),
    [
        ("offer", "fr", "Comparaison des variantes"),
        ("proposal", "de", "Versicherungsantrag"),
        ("consent", "it", "Dichiarazione di consenso a una riserva"),
        ("policy", "en", "Payment part"),
    ],
)
def test_each_command_writes_its_document(
    kind: str, lang: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert main([kind, "--input", str(EXAMPLE), "--lang", lang, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert expected in text_of(out.read_bytes())


def test_offer_options(tmp_path: Path) -> None:
    out = tmp_path / "offer.pdf"
    args = ["offer", "-i", str(EXAMPLE), "-o", str(out), "--variant", "C", "--compare-deductibles"]
    assert main(args) == 0
    text = text_of(out.read_bytes())
    # The record's language (fr) by default; only variant C (no HC): 884.30 a month.
    assert "Comparaison des franchises" in text and "CHF 884.30" in text
    assert "Comparaison des variantes" not in text


def test_bad_input_exits_2_names_the_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = example_json()
    del data["variants"][1]["coverages"][0]["items"][0]["premium"]
    source = tmp_path / "case.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "proposal.pdf"
    assert main(["proposal", "--input", str(source), "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "propono proposal: cannot write" in error
    assert "case.json: $.variants[1].coverages[0].items[0].premium: missing" in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


def test_unknown_language_is_refused_by_the_parser(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["offer", "--input", str(EXAMPLE), "--lang", "rm", "--out", str(tmp_path / "x.pdf")])
    assert exit_info.value.code == 2
