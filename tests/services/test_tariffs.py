"""Tariff files: format, row-by-row validation with line and column, federal limits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from app.i18n import use_language
from app.paths import ROOT, TRANSLATIONS
from app.services.pricing.tariff_parameters import ParameterError, load_parameters
from app.services.pricing.tariffs import (
    TARIFF_DIR,
    TariffError,
    load_tariffs,
    overlay,
    parse_table,
    read_table,
)
from tests.services.tariff_helpers import LAMAL_HEADER, LCA_HEADER, lamal_block, write_csv

GOOD_LCA = [
    "2026,HC,,2,0,,CH,36-40,F,70.00",
    "2026,HC,,2,1000,,CH,36-40,F,50.00",
    "2026,HC,,2,3000,,CH,36-40,F,35.00",
    "2026,HS,,1,,,CH,*,*,58.00",
]


def problems_of(text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(TariffError) as caught:
        parse_table(text, "t.csv")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_shipped_tariffs_load_and_say_they_are_illustrative() -> None:
    tariffs = load_tariffs()
    assert tariffs.lca and tariffs.lamal
    assert tariffs.illustrative
    assert all(source.illustrative for source in tariffs.sources)
    assert {"EGK", "SWICA", "CMVEO"} <= tariffs.lamal_insurers()


def test_a_file_without_the_marker_is_not_illustrative(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "a.csv", LCA_HEADER, GOOD_LCA, comment="# insurer tariff 2026")
    table = read_table(path)
    assert not table.source.illustrative
    assert len(table.lca) == 4
    marked = write_csv(tmp_path, "b.csv", LCA_HEADER, GOOD_LCA, comment="# Illustrative only")
    assert read_table(marked).source.illustrative


def test_each_bad_row_is_reported_with_its_line_and_column() -> None:
    text = "\n".join([
        "# comment on line 1",
        LCA_HEADER,                                   # line 2
        "2026,HC,,2,0,,CH,36-40,F,70.00",             # line 3: good
        "26,HC,,2,0,,CH,36-40,F,70.00",               # line 4: year
        "2026,hc,,2,0,,CH,36-40,F,70.00",             # line 5: product
        "2026,HC,,2,0,,XX,36-40,F,70.00",             # line 6: region
        "2026,HC,,2,0,,CH,40-36,F,70.00",             # line 7: age class
        "2026,HC,,2,0,,CH,36-40,W,70.00",             # line 8: sex
        "2026,HC,,2,0,,CH,41-45,F,70.005",            # line 9: three decimals
        "2026,HC,,2,0,,CH,46-50,F,-1",                # line 10: negative
        "2026,HC,,2,0,,CH,36-40,F",                   # line 11: cell count
        "",                                           # line 12: blank, ignored
        "2026,HC,,2,0,,CH,36-40,F,71.00",             # line 13: duplicate of line 3
        "2026,HC,,2,abc,,CH,51-55,F,1.00",            # line 14: deductible
    ])
    found = problems_of(text)
    assert [(line, column) for line, column, _m in found] == [
        (4, "year"), (5, "product"), (6, "region"), (7, "age_class"), (8, "sex"),
        (9, "monthly_premium"), (10, "monthly_premium"), (11, ""), (13, ""), (14, "deductible"),
    ]
    assert "duplicate of line 3" in found[8][2]


def test_the_message_names_file_line_and_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "bad.csv", LCA_HEADER, ["2026,HC,,2,0,,CH,36-40,X,70.00"])
    with pytest.raises(TariffError) as caught:
        read_table(path)
    assert f"{path}:3: column 'sex'" in str(caught.value)


def test_unknown_header_and_empty_file_are_refused() -> None:
    assert "unknown header" in problems_of("a,b,c\n1,2,3\n")[0][2]
    assert "no tariff row" in problems_of(LCA_HEADER + "\n")[0][2]


def test_a_higher_deductible_may_not_cost_more() -> None:
    text = "\n".join([LCA_HEADER, "2026,HC,,2,0,,CH,36-40,F,70.00",
                      "2026,HC,,2,1000,,CH,36-40,F,72.00"])
    [(line, column, message)] = problems_of(text)
    assert (line, column) == (3, "monthly_premium")
    assert "deductible 1000 costs more than deductible 0" in message


def test_a_consistent_lamal_tariff_loads() -> None:
    table = parse_table("\n".join([LAMAL_HEADER, *lamal_block()]), "l.csv")
    # 3 groups x (7 or 6) deductibles x 4 models x 2 accident covers
    assert len(table.lamal) == (7 + 6 + 6) * 4 * 2


def _lamal(rows: list[str]) -> str:
    return "\n".join([LAMAL_HEADER, *rows])


def test_lamal_optional_deductible_reduction_is_at_most_70_percent_of_the_extra_risk() -> None:
    # Adult 300: 400.00; 500: extra risk CHF 200, 70% = CHF 140 a year = 11.666 a month.
    # 388.35 is 11.65 less (139.80 a year): allowed. 388.30 is 11.70 less (140.40): refused.
    ok = _lamal(["2026,EGK,GE,1,adult,300,standard,with,,400.00",
                 "2026,EGK,GE,1,adult,500,standard,with,,388.35"])
    assert parse_table(ok, "ok.csv").lamal
    [(line, column, message)] = problems_of(_lamal([
        "2026,EGK,GE,1,adult,300,standard,with,,400.00",
        "2026,EGK,GE,1,adult,500,standard,with,,388.30"]))
    assert (line, column) == (3, "monthly_premium")
    assert "OAMal art. 95 al. 2bis" in message and "140.40" in message


def test_lamal_accident_share_is_at_most_7_percent() -> None:
    # 7% of 400.00 = 28.00: without accident 372.00 is allowed, 371.95 is not.
    assert parse_table(_lamal(["2026,EGK,GE,1,adult,300,standard,with,,400.00",
                               "2026,EGK,GE,1,adult,300,standard,without,,372.00"]), "a").lamal
    [(line, _c, message)] = problems_of(_lamal([
        "2026,EGK,GE,1,adult,300,standard,with,,400.00",
        "2026,EGK,GE,1,adult,300,standard,without,,371.95"]))
    assert line == 3 and "accident share 28.05 exceeds 7%" in message


def test_lamal_children_pay_less_than_adults_and_deductibles_follow_the_ordinance() -> None:
    [(line, _c, message)] = problems_of(_lamal([
        "2026,EGK,GE,1,child,0,standard,with,,400.00",
        "2026,EGK,GE,1,adult,300,standard,with,,400.00"]))
    assert line == 2 and "LAMal art. 61 al. 3" in message
    [(line, column, message)] = problems_of(_lamal(["2026,EGK,GE,1,adult,100,standard,with,,1.00"]))
    assert (line, column) == (2, "deductible") and "OAMal" in message
    [(line, column, _m)] = problems_of(_lamal(["2026,EGK,GE,4,adult,300,standard,with,,1.00"]))
    assert (line, column) == (2, "region")


def test_two_files_with_the_same_key_in_one_folder_are_refused(tmp_path: Path) -> None:
    write_csv(tmp_path, "a.csv", LCA_HEADER, GOOD_LCA)
    write_csv(tmp_path, "b.csv", LCA_HEADER, GOOD_LCA[:1])
    with pytest.raises(TariffError) as caught:
        load_tariffs(tmp_path)
    assert "b.csv:3" in str(caught.value) and "a.csv:3" in str(caught.value)


def test_the_latest_tariff_year_applies_until_replaced(tmp_path: Path) -> None:
    write_csv(tmp_path, "a.csv", LCA_HEADER, [
        "2025,HS,,1,,,CH,*,*,50.00", "2027,HS,,1,,,CH,*,*,55.00"])
    tariffs = load_tariffs(tmp_path)
    assert tariffs.lca_year("HS", 2024) is None
    assert tariffs.lca_year("HS", 2025) == 2025
    assert tariffs.lca_year("HS", 2026) == 2025
    assert tariffs.lca_year("HS", 2030) == 2027


def test_imported_files_replace_the_shipped_rows_of_their_insurer(tmp_path: Path) -> None:
    shipped = load_tariffs()
    write_csv(tmp_path, "lamal-2025-EGK.csv", LAMAL_HEADER,
              lamal_block(insurer="EGK", canton="VD", region=1, year=2025))
    merged = overlay(shipped, tmp_path)
    egk = [k for k in merged.lamal if k[1] == "EGK" and k[0] == 2025]
    assert {k[2] for k in egk} == {"VD"}  # the illustrative EGK cantons are gone
    assert len([k for k in merged.lamal if k[1] == "SWICA"]) == \
        len([k for k in shipped.lamal if k[1] == "SWICA"])
    assert not merged.lamal[egk[0]].source.illustrative


def test_shipped_parameters_are_complete() -> None:
    params = load_parameters(TARIFF_DIR)
    assert params.months == {"annual": 12, "semi_annual": 6, "quarterly": 3, "monthly": 1}
    assert params.surcharges[("lca", "monthly")] == Decimal("3")
    assert params.surcharges[("lamal", "monthly")] == Decimal("0")
    assert params.discount("GE_BASE_BONUS").percent == Decimal("25")


def test_bad_parameters_name_the_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "discounts.toml").write_text(
        '[SD_CHILDREN]\nkind = "children"\nproduct = "SD"\npercent = "120"\nsource = "003"\n',
        encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        load_parameters(tmp_path)
    assert "discounts.toml" in str(caught.value) and "SD_CHILDREN.percent" in str(caught.value)
    (tmp_path / "discounts.toml").write_text('[X]\nkind = "family"\npercent = "5"\n',
                                             encoding="utf-8")
    with pytest.raises(ParameterError, match="X.source"):
        load_parameters(tmp_path)


def test_lamal_options_agree_with_the_catalogue_and_the_insurer_rules() -> None:
    from app.services.catalogue import load_catalogue
    from app.services.lamal import deadlines as lamal
    from app.services.pricing.federal_tariff import _codes
    from app.services.pricing.tariffs import LAMAL_DEDUCTIBLES, LAMAL_MODELS

    cat = load_catalogue()
    assert LAMAL_DEDUCTIBLES["adult"] == cat.lamal.adult_deductibles
    assert LAMAL_DEDUCTIBLES["young_adult"] == cat.lamal.adult_deductibles
    assert LAMAL_DEDUCTIBLES["child"] == cat.lamal.child_deductibles
    assert LAMAL_MODELS == tuple(m.id for m in cat.lamal.models) == lamal.MODELS
    insurers = {i.code for i in lamal.insurers()}
    assert load_tariffs().lamal_insurers() <= insurers
    assert set(_codes()["insurers"].values()) <= insurers


# --- the problems in the agent's language ----------------------------------------------------

BAD_SEX = "\n".join([LCA_HEADER, "2026,HC,,2,0,,CH,36-40,X,70.00"])  # line 2: sex
BAD_LAMAL = "\n".join([
    LAMAL_HEADER,
    "2026,EGK,GE,1,adult,300,standard,with,,400.00",  # line 2: good
    "2026,EGK,ZZ,1,adult,300,standard,with,,400.00",  # line 3: no such canton
    "2026,EGK,GE,1,adult,300,standard,with,,401.00",  # line 4: the key of line 2 again
])


def problems_in(language: str) -> list[tuple[int, str, str]]:
    with use_language(language):
        return problems_of(BAD_SEX) + problems_of(BAD_LAMAL)


def test_the_problems_of_a_refused_file_come_out_in_the_interface_language() -> None:
    assert problems_in("en") == [
        (2, "sex", "'X': expected F, M or *"),
        (3, "canton", "'ZZ' is not a canton"),
        (4, "", "duplicate of line 2 (same key)"),
    ]
    assert problems_in("de") == [
        (2, "sex", "'X': erwartet F, M oder *"),
        (3, "canton", "'ZZ' ist kein Kanton"),
        (4, "", "Duplikat von Zeile 2 (gleicher Schlüssel)"),
    ]
    assert problems_in("fr") == [
        (2, "sex", "'X' : attendu F, M ou *"),
        (3, "canton", "'ZZ' n'est pas un canton"),
        (4, "", "doublon de la ligne 2 (même clé)"),
    ]


def test_a_problem_is_put_into_words_again_in_the_language_of_the_moment() -> None:
    with use_language("de"), pytest.raises(TariffError) as caught:
        parse_table(BAD_LAMAL, "t.csv")
    canton, duplicate = caught.value.problems
    assert canton.message == "'ZZ' ist kein Kanton"  # as it was found
    with use_language("fr"):
        assert canton.text() == "'ZZ' n'est pas un canton"
        assert str(caught.value) == ("t.csv:3: colonne 'canton' 'ZZ' n'est pas un canton\n"
                                     "t.csv:4: doublon de la ligne 2 (même clé)")
    assert duplicate.text() == "duplicate of line 2 (same key)"
    assert str(caught.value).startswith("t.csv:3: column 'canton' 'ZZ' is not a canton\n")


def test_more_than_fifty_problems_are_counted_in_the_language_of_the_moment() -> None:
    rows = [f"2026,HC,,2,0,,CH,36-40,X,{n}.00" for n in range(1, 53)]  # 52 bad sexes
    with pytest.raises(TariffError) as caught:
        parse_table("\n".join([LCA_HEADER, *rows]), "t.csv")
    assert str(caught.value).endswith("t.csv:51: column 'sex' 'X': expected F, M or *\n"
                                      "… and 2 more problems")
    with use_language("it"):
        assert str(caught.value).endswith("t.csv:51: colonna 'sex' 'X': atteso F, M o *\n"
                                          "… e altri 2 problemi")


TARIFF_MODULES = ("app/services/pricing/tariff_problems.py", "app/services/pricing/tariffs.py",
                  "app/services/pricing/federal_tariff.py", "app/services/pricing/tariff_import.py",
                  "app/commands/import_tariff.py")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _fields(text: str) -> list[tuple[str, str | None]]:
    """The named placeholders of a `str.format` text, with their conversion (`!r`)."""
    return sorted((name, conversion) for _literal, name, _spec, conversion
                  in Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("language", ["fr", "de", "it"])
def test_translated_problems_keep_every_placeholder(language: str) -> None:
    # A translation that drops or renames a placeholder would fail only when shown.
    ids = {message[0] if isinstance(message, tuple) else message
           for module in TARIFF_MODULES
           for _line, message, _comments, _context
           in extract_from_file("python", ROOT / module, keywords=KEYWORDS)}
    with (TRANSLATIONS / language / "LC_MESSAGES" / "propono.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    checked = 0
    for entry in catalog:
        msgid = entry.id[0] if isinstance(entry.id, tuple) else entry.id
        if msgid not in ids:
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for translated in strings:
            assert _fields(translated) == _fields(msgid), (language, msgid, translated)
            assert translated.count("%d") == msgid.count("%d"), (language, msgid, translated)
        checked += 1
    assert checked == len(ids) > 40
