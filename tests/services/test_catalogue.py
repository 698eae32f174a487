"""The catalogue's API and its validation of bad data (file and field named in the message)."""

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.i18n import LANGUAGES, use_language
from app.services.catalogue import (
    CATALOGUE_DIR,
    Catalogue,
    CatalogueError,
    Product,
    Text,
    UnknownLevelError,
    load_catalogue,
)

ISSUE_CODES = ["GE", "GI", "GL", "GM", "GP", "GX", "GT", "GO", "SC", "SB", "SD", "SO", "HC", "HS",
               "KH", "MU", "DP", "AB", "AJ", "PI", "LJ", "LS", "ID", "KP"]
FAMILIES = ["global", "outpatient", "hospital", "travel", "dental", "accident", "daily_allowance",
            "legal_protection", "capital"]


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_every_product_of_the_overview_is_there_in_catalogue_order(cat: Catalogue) -> None:
    assert [p.code for p in cat.products()] == ISSUE_CODES
    assert list(cat.families()) == FAMILIES
    assert [c for f in cat.families().values() for c in f.products] == ISSUE_CODES


def test_codes_named_in_003_but_not_sold_are_not_products(cat: Catalogue) -> None:
    for code in ("GC", "GF", "GG", "GS", "HB", "SA", "SP", "AD", "AM", "BH", "IC", "ALTERNA"):
        with pytest.raises(LookupError):
            cat.product(code)
        assert code not in cat


def test_unknown_code_raises_lookup_error(cat: Catalogue) -> None:
    with pytest.raises(LookupError, match="'XX'"):
        cat.product("XX")


def test_shipped_catalogue_is_loaded_once() -> None:
    assert load_catalogue() is load_catalogue()


def test_deductibles_are_decimal_ascending(cat: Catalogue) -> None:
    for product in cat.products():
        for level in product.levels or (None,):
            options = product.deductibles(level)
            assert all(isinstance(d, Decimal) for d in options)
            assert list(options) == sorted(set(options)), product.code


def test_level_none_needs_the_same_facts_for_every_level(cat: Catalogue) -> None:
    # GL has the same deductibles on every level, HC does not (level 1 has none).
    assert cat.product("GL").deductibles() == (Decimal(0), Decimal(150))
    with pytest.raises(ValueError, match="HC"):
        cat.product("HC").deductibles()
    assert cat.product("HC").deductibles("1") == ()
    with pytest.raises(UnknownLevelError, match="HC has no level '5'"):
        cat.product("HC").deductibles("5")
    with pytest.raises(LookupError):
        cat.product("GM").level("1")  # GM has no levels


def test_lamal_is_a_product_with_adult_and_child_deductibles(cat: Catalogue) -> None:
    lamal = cat.product("LAMAL")
    assert lamal is cat.lamal.product and "LAMAL" in cat
    assert lamal.deductibles() == tuple(Decimal(d) for d in (300, 500, 1000, 1500, 2000, 2500))
    assert lamal.deductibles(child=True) == tuple(Decimal(d) for d in range(0, 700, 100))
    assert cat.lamal.child_deductibles == lamal.deductibles(child=True)
    assert [m.id for m in cat.lamal.models] == ["standard", "family_doctor", "hmo", "telmed"]
    assert [a.id for a in cat.lamal.accident_cover] == ["included", "suspended"]
    assert cat.lamal.age_groups == ((0, 18), (19, 25), (26, None))
    assert "OAMal art. 93" in cat.lamal.deductibles_source
    assert "OAMal art. 103" in cat.lamal.deductibles_source
    assert lamal not in cat.products()
    # An LCA product's options do not depend on being a child.
    assert cat.product("GM").deductibles(child=True) == cat.product("GM").deductibles()


def test_texts_exist_in_the_four_languages(cat: Catalogue) -> None:
    def texts(value: object) -> list[Text]:
        found = []
        if isinstance(value, Text):
            return [value]
        if isinstance(value, tuple):
            for item in value:
                found += texts(item)
        for name in getattr(value, "__dataclass_fields__", {}):
            found += texts(getattr(value, name))
        return found

    for product in [*cat.products(), cat.lamal.product]:
        for text in texts(product):
            for lang in LANGUAGES:
                assert text.get(lang).strip(), (product.code, text)
        assert product.name("de") != product.name("fr") or product.code in (
            "GE", "GI", "GX", "GT", "MU")


def test_names_follow_the_interface_language(cat: Catalogue) -> None:
    gm = cat.product("GM")
    with use_language("de"):
        assert gm.name() == "Global halbprivat"
    assert gm.name("it") == "Global semiprivato"
    assert gm.description("fr").startswith("Combinaison soins et hospitalisation")


def test_every_fact_cites_a_source(cat: Catalogue) -> None:
    def check(value: object, where: str) -> None:
        fields = getattr(value, "__dataclass_fields__", None)
        if isinstance(value, tuple):
            for item in value:
                check(item, where)
        if not fields:
            return
        no_age_limit = getattr(value, "min_age", 0) is None and getattr(value, "max_age", 0) is None
        if "source" in fields and not no_age_limit:
            assert re.match(r"^(\d{3} |LCA |LAMal |OAMal )", value.source), (where, value)
        for name in fields:
            if name not in ("default",):
                check(getattr(value, name), f"{where}.{name}")

    for product in cat.products():
        check(product, product.code)
        assert product.insurer_source and product.nature_source, product.code
        for level in product.levels:
            lv = product.level(level)
            assert lv.deductibles == () or lv.deductibles_source, (product.code, level)


def test_products_are_hashable_frozen_values(cat: Catalogue) -> None:
    product = cat.product("HC")
    assert isinstance(product, Product)
    assert len({product, cat.product("HC")}) == 1
    with pytest.raises(AttributeError):
        product.code = "XX"  # type: ignore[misc]


# -- bad data ---------------------------------------------------------------------------

@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_copy_of_the_shipped_catalogue_loads(folder: Path) -> None:
    assert load_catalogue(folder).codes() == tuple(ISSUE_CODES)


def test_negative_deductible_names_file_and_field(folder: Path) -> None:
    hospital = folder / "hospital.toml"
    text = hospital.read_text(encoding="utf-8")
    level2 = text.index("[products.HC.levels.2]")
    text = text[:level2] + text[level2:].replace("[0, 1000, 3000]", "[0, -1000, 3000]", 1)
    hospital.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    assert str(error.value) == (
        "hospital.toml: products.HC.levels.2.deductibles[1]: negative amount -1000")


def test_missing_field_names_file_and_field(folder: Path) -> None:
    edit(folder / "capital.toml", 'age = { max = 65, source = "003 §ID ProVista" }\n',
         'age = { max = 65 }\n')
    with pytest.raises(CatalogueError, match=r"^capital\.toml: products\.ID\.age\.source: "
                                             r"missing field$"):
        load_catalogue(folder)


def test_missing_product_name_names_file_and_field(folder: Path) -> None:
    text = (folder / "travel.toml").read_text(encoding="utf-8")
    start = text.index('[products.MU]\nname = ')
    end = text.index("\n", start + len("[products.MU]\n"))
    (folder / "travel.toml").write_text(text[:start] + "[products.MU]" + text[end:],
                                        encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^travel\.toml: products\.MU\.name: missing field$"):
        load_catalogue(folder)


def test_unknown_level_names_file_and_field(folder: Path) -> None:
    edit(folder / "dental.toml", 'from_level = "0"', 'from_level = "9"')
    with pytest.raises(CatalogueError, match=r"^dental\.toml: products\.DP\.transfers\[0\]"
                                             r"\.from_level: unknown level '9'"):
        load_catalogue(folder)


def test_unknown_level_in_a_waiting_period_names_file_and_field(folder: Path) -> None:
    edit(folder / "legal_protection.toml", 'levels = ["priva", "duo"]', 'levels = ["priva", "trio"]')
    with pytest.raises(CatalogueError, match=r"^legal_protection\.toml: products\.LJ"
                                             r"\.waiting_periods\[1\]\.levels\[1\]: unknown "
                                             r"level 'trio'"):
        load_catalogue(folder)


def test_unknown_level_of_another_product_names_file_and_field(folder: Path) -> None:
    edit(folder / "travel.toml", '{ code = "HC", levels = ["2", "3", "4"] }',
         '{ code = "HC", levels = ["2", "3", "5"] }')
    with pytest.raises(CatalogueError, match=r"^travel\.toml: products\.MU\.discounts\[0\]"
                                             r"\.conditions\.qualifying_products\[11\]\.levels"
                                             r"\[2\]: unknown level '5' of HC$"):
        load_catalogue(folder)


def test_duplicated_code_across_files_names_both_files(folder: Path) -> None:
    (folder / "zz_extra.toml").write_text(
        (folder / "capital.toml").read_text(encoding="utf-8")
        .replace('id = "capital"', 'id = "extra"').replace("order = 9", "order = 10"),
        encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(folder)
    assert str(error.value) == (
        "zz_extra.toml: products.ID: duplicated product code 'ID', also in capital.toml")


def test_misspelt_field_is_refused(folder: Path) -> None:
    edit(folder / "hospital.toml", "[[products.HC.waiting_periods]]\nbenefit",
         "[[products.HC.waiting_periods]]\nbenefti")
    with pytest.raises(CatalogueError, match=r"^hospital\.toml: products\.HC"
                                             r"\.waiting_periods\[0\]\.benefit: missing field"):
        load_catalogue(folder)


def test_unknown_field_is_refused(folder: Path) -> None:
    edit(folder / "capital.toml", "[products.KP]\n", "[products.KP]\nmaximum_age = 16\n")
    with pytest.raises(CatalogueError, match=r"^capital\.toml: products\.KP\.maximum_age: "
                                             r"unknown field$"):
        load_catalogue(folder)


def test_unknown_choice_lists_the_allowed_values(folder: Path) -> None:
    edit(folder / "capital.toml", 'value = "fixed_sum"', 'value = "fixed"')
    with pytest.raises(CatalogueError, match=r"products\.ID\.nature\.value: unknown value "
                                             r"'fixed'; expected one of indemnity, fixed_sum"):
        load_catalogue(folder)


def test_money_must_not_be_a_float(folder: Path) -> None:
    edit(folder / "outpatient.toml", "deductibles = [0, 50]", "deductibles = [0, 50.5]")
    with pytest.raises(CatalogueError, match=r"^outpatient\.toml: products\.SC\.deductibles"
                                             r"\[1\]: expected an amount"):
        load_catalogue(folder)


def test_deductibles_must_be_ascending(folder: Path) -> None:
    edit(folder / "outpatient.toml", "deductibles = [0, 200]", "deductibles = [200, 0]")
    with pytest.raises(CatalogueError, match=r"products\.SD\.deductibles\[1\]: amounts must "
                                             r"be ascending"):
        load_catalogue(folder)


def test_a_missing_translation_names_the_language(folder: Path) -> None:
    edit(folder / "travel.toml", 'name = { fr = "Mundo", de = "Mundo", it = "Mundo", en = "Mundo" }',
         'name = { fr = "Mundo", de = "Mundo", en = "Mundo" }')
    with pytest.raises(CatalogueError, match=r"^travel\.toml: products\.MU\.name\.it: "
                                             r"missing field$"):
        load_catalogue(folder)


def test_invalid_toml_names_the_file_and_line(folder: Path) -> None:
    with (folder / "dental.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[products.DP\n")
    with pytest.raises(CatalogueError, match=r"^dental\.toml: not valid TOML: .*line \d+"):
        load_catalogue(folder)


def test_same_family_order_twice_is_refused(folder: Path) -> None:
    edit(folder / "travel.toml", "order = 4", "order = 5")
    with pytest.raises(CatalogueError, match=r"^travel\.toml: family\.order: order 5 is also "
                                             r"used in dental\.toml$"):
        load_catalogue(folder)


def test_no_basic_insurance_is_refused(folder: Path) -> None:
    (folder / "lamal.toml").unlink()
    with pytest.raises(CatalogueError, match=r"no file holds the basic insurance"):
        load_catalogue(folder)


def test_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not a catalogue folder"):
        load_catalogue(tmp_path / "missing")


def test_general_rules_in_two_files_are_refused(folder: Path) -> None:
    shutil.copy(folder / "general.toml", folder / "general2.toml")
    with pytest.raises(CatalogueError, match=r"^general2\.toml: general: general rules are "
                                             r"given in two files$"):
        load_catalogue(folder)


def test_senior_index_needs_its_parameters(folder: Path) -> None:
    edit(folder / "hospital.toml", "index_step = 7, ", "")
    with pytest.raises(CatalogueError, match=r"^hospital\.toml: products\.HS\.premium_structure"
                                             r"\.index_step: missing field$"):
        load_catalogue(folder)
