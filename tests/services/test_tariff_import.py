"""`propono import-tariff`: all or nothing, bad rows named by line and column."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from app.i18n import use_language
from app.services.catalogue import load_catalogue
from app.services.pricing.tariff_import import active_tariffs, import_tariff
from app.services.pricing.tariffs import TariffError, load_tariffs, overlay
from tests.services.tariff_helpers import LAMAL_HEADER, LCA_HEADER, lamal_block, write_csv

FEDERAL_HEADER = ("Versicherer,Kanton,Hoheitsgebiet,Geschäftsjahr,Erhebungsjahr,Region,"
                  "Altersklasse,Unfalleinschluss,Tarif,Tariftyp,Altersuntergruppe,"
                  "Franchisestufe,Franchise,Prämie,isBaseP,isBaseF,Tarifbezeichnung")
GROUPS_2026 = {"child": "AKL-KIN", "young_adult": "AKL-JUG", "adult": "AKL-ERW"}
GROUPS_2027 = {"child": "AKA_01_KIN", "young_adult": "AKA_02_JUG", "adult": "AKA_03_ERW"}
TYPES_2026 = {"standard": "TAR-BASE", "family_doctor": "TAR-HAM", "hmo": "TAR-HMO",
              "telmed": "TAR-DIV"}
TYPES_2027 = {"standard": "BASE", "family_doctor": "PRAXIS", "hmo": "HMO", "telmed": "TEL_DIG"}
SKIPPED_ROWS = [
    # another insurer, a sibling subgroup and a cross-border canton are skipped
    "8,ZH,CH,2026,2025,PR-REG CH1,AKL-ERW,MIT-UNF,BASE,TAR-BASE,,FRAST1,FRA-300,301.1,1,1,x",
    "1384,GE,CH,2026,2025,PR-REG CH0,AKL-KIN,MIT-UNF,STANDARD,TAR-BASE,K2,FRAST1,FRA-0,60,0,1,x",
    "1384,ZE,CH,2026,2025,PR-REG CH0,AKL-ERW,MIT-UNF,STANDARD,TAR-BASE,,FRAST1,FRA-300,99,0,1,x",
]


def federal_rows(block: list[str], number: int, single_region: bool = False,
                 codes_2027: bool = False) -> list[str]:
    """Our LAMal rows written in the federal layout (as published for 2026 or 2027)."""
    rows = []
    for line in block:
        year, _ins, canton, region, group, deductible, model, accident, _t, premium = \
            line.split(",")
        if codes_2027:
            reg = f"PR_REG_{0 if single_region else region}"
            age, kind = GROUPS_2027[group], TYPES_2027[model]
            unf = "MIT_UNF" if accident == "with" else "OHN_UNF"
            letter = {"child": "K", "young_adult": "J", "adult": "E"}[group]
            fra = f"FRA_01_{letter}_{int(deductible):04d}"
            sub, territory = f"{letter}1", "P_OKPCH"
        else:
            reg = f"PR-REG CH{0 if single_region else region}"
            age, kind = GROUPS_2026[group], TYPES_2026[model]
            unf = "MIT-UNF" if accident == "with" else "OHN-UNF"
            fra, sub, territory = f"FRA-{deductible}", "K1" if group == "child" else "", "CH"
        rows.append(f"{number},{canton},{territory},{year},{int(year) - 1},{reg},{age},{unf},"
                    f"{model.upper()},{kind},{sub},FRAST1,{fra},{premium},0,0,{model}")
    return rows


def test_a_good_lamal_file_is_imported_and_replaces_the_illustrative_rows(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in", "swica.csv", LAMAL_HEADER, lamal_block(year=2026))
    target = tmp_path / "data"
    result = import_tariff(source, target)
    assert [p.name for p in result.written] == ["lamal-2026-SWICA.csv"]
    assert result.rows == (7 + 6 + 6) * 4 * 2
    tariffs = overlay(load_tariffs(), target)
    key = (2026, "SWICA", "VD", 2, "adult", Decimal(300), "standard", True, "standard")
    assert tariffs.lamal[key].monthly == Decimal("400.00")
    assert not tariffs.lamal[key].source.illustrative
    assert list(target.glob(".import-*")) == []


def test_a_file_with_a_bad_row_imports_nothing_and_names_the_line(tmp_path: Path) -> None:
    rows = lamal_block(year=2026)
    rows[10] = rows[10].replace(",with,", ",maybe,")  # line 13: comment, header, rows 0-10
    source = write_csv(tmp_path / "in", "swica.csv", LAMAL_HEADER, rows)
    target = tmp_path / "data"
    with pytest.raises(TariffError) as caught:
        import_tariff(source, target)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (13, "accident")
    assert not target.exists() or list(target.iterdir()) == []


def test_a_failed_import_leaves_the_previous_one_untouched(tmp_path: Path) -> None:
    target = tmp_path / "data"
    good = write_csv(tmp_path / "in", "good.csv", LAMAL_HEADER, lamal_block(year=2026))
    [written] = import_tariff(good, target).written
    before = written.read_bytes()
    bad_rows = lamal_block(adult="500.00", year=2026)
    bad_rows.append("2026,SWICA,VD,2,adult,300,standard,with,standard,1.00")  # duplicate key
    bad = write_csv(tmp_path / "in", "bad.csv", LAMAL_HEADER, bad_rows)
    with pytest.raises(TariffError, match="duplicate of line"):
        import_tariff(bad, target)
    assert written.read_bytes() == before
    assert sorted(p.name for p in target.iterdir()) == ["lamal-2026-SWICA.csv"]


def test_the_federal_layout_is_converted_with_its_codes(tmp_path: Path) -> None:
    ours = lamal_block(insurer="SWICA", canton="GE", region=1, year=2026)
    rows = federal_rows(ours, 1384, single_region=True) + SKIPPED_ROWS
    source = write_csv(tmp_path / "in", "Prämien_CH.csv", FEDERAL_HEADER, rows, comment="")
    result = import_tariff(source, tmp_path / "data")
    assert [p.name for p in result.written] == ["lamal-2026-SWICA.csv"]
    assert result.federal is not None and result.federal.kept == len(ours)
    assert sum(result.federal.skipped.values()) == 3
    # counted under their English reason, whatever the interface language
    assert result.federal.skipped == Counter({
        "other insurers": 1, "further children's subgroups (K2, K3...)": 1,
        "canton ZE (outside Switzerland)": 1})
    with use_language("de"):
        assert [result.federal.reason(key) for key in sorted(result.federal.skipped)] == [
            "Kanton ZE (ausserhalb der Schweiz)", "weitere Untergruppen der Kinder (K2, K3...)",
            "andere Versicherer"]
    tariffs = load_tariffs(tmp_path / "data")
    # "PR-REG CH0" (a canton with one region) is region 1; Tarif codes become tariff codes
    key = (2026, "SWICA", "GE", 1, "adult", Decimal(300), "hmo", False, "HMO")
    assert tariffs.lamal[key].monthly == Decimal("351.50")  # (400 - 30) less 5% (18.50)


def test_the_2027_federal_codes_are_understood(tmp_path: Path) -> None:
    rows = federal_rows(lamal_block(insurer="EGK", canton="BE", region=3, year=2027), 881,
                        codes_2027=True)
    source = write_csv(tmp_path / "in", "Prämien_CH.csv", FEDERAL_HEADER, rows, comment="")
    import_tariff(source, tmp_path / "data")
    tariffs = load_tariffs(tmp_path / "data")
    key = (2027, "EGK", "BE", 3, "child", Decimal(600), "family_doctor", True, "FAMILY_DOCTOR")
    assert tariffs.lamal[key].monthly == Decimal("50.00")  # 100 - 30 - 20


def test_a_bad_federal_row_is_named_by_line_and_federal_column(tmp_path: Path) -> None:
    rows = federal_rows(lamal_block(insurer="SWICA", canton="GE", region=1, year=2026), 1384,
                        single_region=True)
    rows[4] = rows[4].replace(",AKL-", ",AKX-")
    rows[7] = rows[7].rsplit(",", 4)[0] + ",12.3.4,0,0,x"
    source = write_csv(tmp_path / "in", "Prämien_CH.csv", FEDERAL_HEADER, rows, comment="")
    with pytest.raises(TariffError) as caught:
        import_tariff(source, tmp_path / "data")
    # line 1 is the empty comment line of the helper, line 2 the header
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (7, "Altersklasse"), (10, "Prämie")]
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_lca_imports_are_checked_against_the_catalogue(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in", "hc.csv", LCA_HEADER, [
        "2026,HC,,2,0,,CH,36-40,F,70.00",
        "2026,HC,,2,500,,CH,36-40,F,60.00",
        "2026,ZZ,,,,,CH,36-40,F,60.00",
    ])
    with pytest.raises(TariffError) as caught:
        import_tariff(source, tmp_path / "data", catalogue=load_catalogue())
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (4, "deductible"), (5, "product")]
    # HC level 2 offers the deductibles 0, 1000 and 3000 (catalogue hospital.toml, seed 003)
    assert [p.text() for p in caught.value.problems] == [
        "500 is not a deductible of HC 2 (options: 0, 1000, 3000)", "ZZ is not in the catalogue"]
    with use_language("fr"):
        assert [p.text() for p in caught.value.problems] == [
            "500 n'est pas une franchise de HC 2 (choix : 0, 1000, 3000)",
            "ZZ n'est pas dans le catalogue"]


def test_a_missing_or_needless_deductible_is_named_as_such(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in", "hc.csv", LCA_HEADER, [
        "2026,HC,,2,,,CH,36-40,F,70.00",  # line 3: HC 2 has deductibles, none given
        "2026,HS,,1,0,,CH,*,*,58.00",     # line 4: HS 1 has no choice of deductible
    ])
    with pytest.raises(TariffError) as caught:
        import_tariff(source, tmp_path / "data", catalogue=load_catalogue())
    assert [(p.line, p.column, p.text()) for p in caught.value.problems] == [
        (3, "deductible", "HC 2 needs a deductible (options: 0, 1000, 3000)"),
        (4, "deductible", "HS 1 has no deductible: leave the cell empty"),
    ]


def test_the_command_reports_success_and_failure(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    good = write_csv(tmp_path / "in", "good.csv", LAMAL_HEADER, lamal_block(year=2026))
    assert main(["import-tariff", str(good), "--into", str(tmp_path / "data")]) == 0
    assert "lamal-2026-SWICA.csv" in capsys.readouterr().out
    bad = write_csv(tmp_path / "in", "bad.csv", LAMAL_HEADER,
                    ["2026,SWICA,VD,2,adult,300,standard,with,,x"])
    assert main(["import-tariff", str(bad), "--into", str(tmp_path / "data")]) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and "bad.csv:3: column 'monthly_premium'" in err


def test_the_command_reports_in_the_language_asked(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    ours = lamal_block(insurer="SWICA", canton="GE", region=1, year=2026)  # 19 x 4 x 2 rows
    rows = federal_rows(ours, 1384, single_region=True) + SKIPPED_ROWS
    federal = write_csv(tmp_path / "in", "Prämien_CH.csv", FEDERAL_HEADER, rows, comment="")
    data = tmp_path / "data"
    assert main(["import-tariff", str(federal), "--into", str(data), "--lang", "de"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"152 Prämien in {data} importiert:",
        "  lamal-2026-SWICA.csv",
        "  Bundesdatei: 155 Zeilen gelesen, 152 für die Versicherer übernommen, die Propono "
        "kennt.",
        "  1 Zeile übersprungen: Kanton ZE (ausserhalb der Schweiz)",
        "  1 Zeile übersprungen: weitere Untergruppen der Kinder (K2, K3...)",
        "  1 Zeile übersprungen: andere Versicherer",
    ]
    bad = write_csv(tmp_path / "in", "bad.csv", LAMAL_HEADER,
                    ["2026,SWICA,VD,2,adult,300,standard,with,,x"])
    assert main(["import-tariff", str(bad), "--into", str(data), "--lang", "fr"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{bad} : 1 problème, rien n'a été importé :",
        f"{bad}:3: colonne 'monthly_premium' 'x' n'est pas un montant",
    ]


def test_the_application_prices_with_the_imported_tariffs(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROPONO_DATA_DIR", str(tmp_path / "data"))
    assert active_tariffs().lamal.keys() == load_tariffs().lamal.keys()  # nothing imported
    source = write_csv(tmp_path / "in", "swica.csv", LAMAL_HEADER, lamal_block(year=2026))
    import_tariff(source)  # into the data folder's tariffs/
    key = (2026, "SWICA", "VD", 2, "adult", Decimal(300), "standard", True, "standard")
    assert active_tariffs().lamal[key].monthly == Decimal("400.00")


class Cancelled(Exception):
    pass


def test_progress_is_reported_and_a_cancel_before_the_last_step_changes_nothing(
        tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in", "swica.csv", LAMAL_HEADER, lamal_block(year=2026))
    target = tmp_path / "data"
    seen: list[tuple[int, int, str]] = []
    import_tariff(source, target, progress=lambda done, total, name: seen.append((done, total, name)))
    # read the file, write its one part (SWICA 2026), then install it
    assert seen == [(0, 0, "swica.csv"), (0, 1, "SWICA"), (1, 1, "")]

    other = tmp_path / "other"

    def cancel_at_install(done: int, total: int, name: str) -> None:
        if total and done == total:
            raise Cancelled

    with pytest.raises(Cancelled):
        import_tariff(source, other, progress=cancel_at_install)
    assert list(other.glob("*")) == []  # not even a temporary file
