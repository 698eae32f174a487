"""The insurers' rules files: every rule cites its source, and a bad file is refused with
a message naming the file, the table and the key."""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.services.lamal import insurer_rules
from app.services.lamal.insurer_rules import (
    FEDERAL,
    RULE_TABLES,
    Rule,
    RulesFileError,
    insurer_codes,
    load_rules,
)
from app.services.lamal.insurer_rules import (
    insurer_rules as rules_of,
)

FEDERAL_FILE = insurer_rules.LAMAL_DIR / "federal.toml"
EGK_FILE = insurer_rules.INSURERS_DIR / "EGK.toml"


def _rules(code: str) -> dict[str, Rule]:
    loaded = load_rules(code)
    return {path: getattr(loaded, field) for path, (field, _kind) in RULE_TABLES.items()
            if getattr(loaded, field) is not None}


def test_the_three_insurers_have_files() -> None:
    assert insurer_codes() == ("CMVEO", "EGK", "SWICA")


@pytest.mark.parametrize("code", ["CMVEO", "EGK", "SWICA", FEDERAL])
def test_every_rule_has_a_citation(code: str) -> None:
    for path, rule in _rules(code).items():
        assert rule.source.strip(), f"{code} [{path}] has no source"


@pytest.mark.parametrize(("code", "seed"), [("EGK", "001 "), ("SWICA", "002 ")])
def test_seeded_insurers_cite_their_seed_or_federal_law(code: str, seed: str) -> None:
    for path, rule in _rules(code).items():
        assert rule.source.startswith((seed, "LAMal", "OAMal")), (path, rule.source)
        assert not rule.assumed, path


def test_cmveo_is_federal_law_apart_from_the_first_month() -> None:
    cmveo, federal = _rules("CMVEO"), _rules(FEDERAL)
    assert {p: r for p, r in cmveo.items() if p != "first_month"} == federal
    assert cmveo["first_month"].assumed
    assert load_rules("CMVEO").first_month is not None


def test_where_egk_is_silent_federal_law_applies() -> None:
    egk, federal = load_rules("EGK"), load_rules(FEDERAL)
    assert egk.switch_arrears == federal.switch_arrears  # 001 says nothing on arrears
    assert egk.switch_receipt == federal.switch_receipt
    assert egk.switch_ordinary.source == "001 art. 5.1"


def test_seed_values() -> None:
    egk, swica = load_rules("EGK"), load_rules("SWICA")
    assert egk.first_month is not None and swica.first_month is not None
    assert (egk.first_month.charge, swica.first_month.charge) == ("whole_month", "per_day")
    assert (egk.deductible_lower.notice_months, swica.deductible_lower.notice_months) == (3, 1)
    assert (egk.minimum_stay.months_after_optional_deductible,
            swica.minimum_stay.months_after_optional_deductible) == (12, 0)
    assert swica.switch_receipt.cutoff == "17:00" and swica.switch_receipt.by_last_working_day
    assert egk.late_surcharge.rate_min == Decimal("0.30")
    assert (egk.seat_canton, swica.seat_canton, load_rules("CMVEO").seat_canton) == ("BL", "ZH", "VS")


def test_federal_is_not_an_insurer_code() -> None:
    with pytest.raises(LookupError):
        rules_of(FEDERAL)
    assert rules_of(None).code == FEDERAL


# ------------------------------------------------------------------ malformed files


@pytest.fixture
def insurers_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(insurer_rules, "INSURERS_DIR", tmp_path)
    load_rules.cache_clear()
    yield tmp_path
    load_rules.cache_clear()


def _write(folder: Path, code: str, replace: tuple[str, str] | None = None,
           append: str = "") -> None:
    text = EGK_FILE.read_text(encoding="utf-8").replace('code = "EGK"', f'code = "{code}"')
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    (folder / f"{code}.toml").write_text(text + append, encoding="utf-8")


@pytest.mark.parametrize(
    ("replace", "append", "message"),
    [
        (("notice_months = 3\nsource = \"001 art. 5.1\"",
          "notice_months = 3\nsource = \"001 art. 5.1\"\nnotise = 2"), "",
         r"TEST\.toml: \[switch\.ordinary\] notise: unknown key"),
        (("charge = \"whole_month\"", "charge = \"half_month\""), "",
         r"\[first_month\] charge: must be one of whole_month, per_day"),
        (("months_after_optional_deductible = 12", "months_after_optional_deductible = \"12\""),
         "", r"\[minimum_stay\] months_after_optional_deductible: expected int"),
        (("end_dates = [\"06-30\", \"12-31\"]", "end_dates = [\"06-31\"]"), "",
         r"\[switch\.ordinary\] end_dates: '06-31'"),
        (("rate_min = \"0.30\"", "rate_min = \"thirty\""), "",
         r"\[late_surcharge\] rate_min: not a decimal number"),
        (("source = \"001 art. 7.3\"\n", ""), "", r"\[first_month\] source: missing"),
        (("seat_canton = \"BL\"", "seat_canton = \"XX\""), "", r"\[insurer\] seat_canton"),
        (("inherits = \"federal\"", "inherits = \"EGK\""), "", r"inherits: only \"federal\""),
        (None, "\n[switch.holiday]\nsource = \"x\"\n", r"\[switch\.holiday\] unknown table"),
        (None, "\n[premium]\nsource = \"x\"\n", r"\[premium\] unknown table"),
        (None, "\n[broken\n", r"TEST\.toml: "),
    ],
)
def test_a_malformed_file_is_refused_with_file_table_and_key(
        insurers_dir: Path, replace: tuple[str, str] | None, append: str, message: str) -> None:
    _write(insurers_dir, "TEST", replace, append)
    with pytest.raises(RulesFileError, match=message):
        load_rules("TEST")


def test_a_rule_missing_without_inheritance_is_refused(insurers_dir: Path) -> None:
    _write(insurers_dir, "TEST", ("inherits = \"federal\"", ""))
    with pytest.raises(RulesFileError, match=r"\[switch\.receipt\] missing \(and not inherited\)"):
        load_rules("TEST")


def test_code_must_match_the_file_name(insurers_dir: Path) -> None:
    _write(insurers_dir, "TEST")
    (insurers_dir / "TEST.toml").rename(insurers_dir / "OTHER.toml")
    with pytest.raises(RulesFileError, match=r"OTHER\.toml: \[insurer\] code: 'TEST' differs"):
        load_rules("OTHER")


def test_a_new_insurer_file_is_picked_up(insurers_dir: Path) -> None:
    _write(insurers_dir, "NEW")
    assert insurer_codes() == ("NEW",)
    assert load_rules("NEW").first_month is not None


def test_federal_file_error_names_the_federal_file(insurers_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lamal = tmp_path / "lamal"
    lamal.mkdir()
    text = FEDERAL_FILE.read_text(encoding="utf-8").replace("blocks = true", "blocks = 1")
    (lamal / "federal.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(insurer_rules, "LAMAL_DIR", lamal)
    _write(insurers_dir, "TEST")
    with pytest.raises(RulesFileError, match=r"federal\.toml: \[switch\.arrears\] blocks"):
        load_rules("TEST")
