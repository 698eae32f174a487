"""Every discount of 003/004, each a separate line with its reason.

Rates are the shipped parameters (resources/tariffs/discounts.toml): 003's own rates for GE's
no-claims discounts (25%, 50%, 25% up to 25 years), illustrative ones elsewhere (10% family,
children, combination and DP; 30% Legis; SB steps 100/90/80/70/60/50%). Premiums below are
annual (no instalment surcharge) from a small test tariff: monthly amount x 12.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.i18n import use_language
from app.services.catalogue import load_catalogue
from app.services.pricing.engine import (
    HouseholdInput,
    ItemInput,
    PersonInput,
    PricingError,
    Quote,
    QuoteLine,
    quote,
)
from app.services.pricing.tariffs import TARIFF_DIR, Tariffs, load_tariffs
from tests.services.tariff_helpers import LAMAL_HEADER, LCA_HEADER, lamal_block, write_csv

CAT = load_catalogue()

ROWS = [
    "2026,GE,,1,,,CH,*,*,100.00",                   # 1200.00 a year
    "2026,GE,alternative_medicine,,,,CH,*,*,20.00",  # 240.00 a year
    "2026,GI,,,,,CH,*,*,80.00",                     # 960.00
    "2026,GI,plus,,,,CH,*,*,20.00",                 # 240.00
    "2026,SD,,,0,,CH,*,*,50.00",                    # 600.00
    "2026,SO,,,0,,CH,*,*,60.00",                    # 720.00
    "2026,SB,,,150,,CH,*,*,40.00",                  # 480.00
    "2026,LJ,,priva,,,CH,*,*,20.00",                # 240.00
    "2026,LJ,,strada,,,CH,*,*,10.00",               # 120.00
    "2026,MU,,,,,CH,*,*,10.00",                     # 120.00
    "2026,HC,,1,,,CH,*,*,20.00",
    "2026,HC,,2,0,,CH,*,*,80.00",
    "2026,DP,,0,,,CH,*,*,12.00",                    # 144.00
    "2026,DP,,1,,,CH,*,*,30.00",
    "2026,SC,,1,0,,CH,*,*,10.00",
]

ANNA = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 2, "policyholder")
MARC = PersonInput("marc", "Marc", "Rochat", date(1984, 2, 2), "M", "VD", 2, "spouse")
LEO = PersonInput("leo", "Léo", "Rochat", date(2014, 8, 9), "M", "VD", 2, "child")  # 12
ZOE = PersonInput("zoe", "Zoé", "Rochat", date(2003, 1, 5), "F", "VD", 2, "child")  # 23
TOM = PersonInput("tom", "Tom", "Rochat", date(2000, 7, 7), "M", "VD", 2, "child")  # 26


@pytest.fixture(scope="module")
def tariffs(tmp_path_factory: pytest.TempPathFactory) -> Tariffs:
    folder: Path = tmp_path_factory.mktemp("tariffs")
    write_csv(folder, "lca.csv", LCA_HEADER, ROWS)
    write_csv(folder, "lamal.csv", LAMAL_HEADER,
              lamal_block("CMVEO", "VD", 2) + lamal_block("SWICA", "VD", 2))
    return load_tariffs(folder)


def run(tariffs: Tariffs, items: list[ItemInput], *persons: PersonInput,
        insurer: str = "CMVEO", frame: D | None = None) -> Quote:
    household = HouseholdInput(persons=persons or (ANNA, MARC, LEO, ZOE, TOM),
                               lamal_insurer=insurer, frame_contract_discount=frame,
                               frame_contract="Acme SA")
    return quote(CAT, tariffs, household, items, year=2026, frequency="annual")


def line_of(q: Quote, person: str, product: str) -> QuoteLine:
    return next(x for x in q.lines if x.person_id == person and x.product == product)


def cuts(line: QuoteLine) -> list[tuple[str, D]]:
    return [(d.code, d.amount) for d in line.discounts]


def test_sd_and_so_children_discount_when_a_parent_holds_the_product(tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("anna", "SD", deductible=D(0)),
                      ItemInput("leo", "SD", deductible=D(0)),
                      ItemInput("zoe", "SD", deductible=D(0)),
                      ItemInput("marc", "SO", deductible=D(0)),
                      ItemInput("leo", "SO", deductible=D(0))])
    assert cuts(line_of(q, "anna", "SD")) == []               # the parent pays in full
    assert cuts(line_of(q, "leo", "SD")) == [("SD_CHILDREN", D("60.00"))]  # 10% of 600
    assert line_of(q, "leo", "SD").net == D("540.00")
    assert cuts(line_of(q, "zoe", "SD")) == []                # 23: no longer a child (0-18)
    assert cuts(line_of(q, "leo", "SO")) == [("SO_CHILDREN", D("72.00"))]  # 10% of 720
    reason = line_of(q, "leo", "SD").discounts[0].reason
    assert reason == "Children's discount: a parent (Anna) holds SD"
    assert line_of(q, "leo", "SD").discounts[0].illustrative


def test_no_children_discount_without_a_parent_holding_the_product(tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("leo", "SD", deductible=D(0)),
                      ItemInput("anna", "SO", deductible=D(0))])
    assert cuts(q.lines[0]) == []


def test_a_parent_already_insured_counts(tariffs: Tariffs) -> None:
    anna = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 2,
                       "policyholder", held_products=("SD",))
    q = run(tariffs, [ItemInput("leo", "SD", deductible=D(0))], anna, LEO)
    assert cuts(q.lines[0]) == [("SD_CHILDREN", D("60.00"))]


def test_ge_no_claims_and_family_discounts(tariffs: Tariffs) -> None:
    modules = ("alternative_medicine",)
    q = run(tariffs, [
        ItemInput("anna", "GE", "1", modules=modules, no_claims=True),
        ItemInput("zoe", "GE", "1", modules=modules, no_claims=True),
        ItemInput("tom", "GE", "1"),
    ])
    anna = line_of(q, "anna", "GE")
    # base 1200 - 25% = 300; alternative medicine module 240 - 50% = 120; 1440 - 420 = 1020
    assert anna.gross == D("1440.00")
    assert cuts(anna) == [("GE_BASE_BONUS", D("300.00")),
                          ("GE_ALTERNATIVE_MEDICINE_BONUS", D("120.00"))]
    assert anna.net == D("1020.00")
    assert not anna.discounts[0].illustrative  # 003's own rate
    zoe = line_of(q, "zoe", "GE")
    # 23 (up to 25): module at 25%: 240 x 25% = 60; base 1200 x 25% = 300;
    # family discount 10% of what is left: (900 + 180) x 10% = 108; 1440 - 468 = 972
    assert cuts(zoe) == [("GE_BASE_BONUS", D("300.00")),
                         ("GE_ALTERNATIVE_MEDICINE_BONUS", D("60.00")),
                         ("GE_FAMILY", D("108.00"))]
    assert zoe.net == D("972.00")
    assert "(rate for insured persons up to 25)" in zoe.discounts[1].reason
    assert cuts(line_of(q, "tom", "GE")) == []  # 26: the family discount has ended


def test_ge_no_claims_per_module(tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("anna", "GE", "1", modules=("alternative_medicine",),
                                no_claims=("alternative_medicine",))], ANNA)
    assert cuts(q.lines[0]) == [("GE_ALTERNATIVE_MEDICINE_BONUS", D("120.00"))]
    # without the module, only the base discount can apply
    q = run(tariffs, [ItemInput("anna", "GE", "1", no_claims=True)], ANNA)
    assert cuts(q.lines[0]) == [("GE_BASE_BONUS", D("300.00"))]


def test_gi_family_bonus_needs_basic_insurance_at_cmveo(tariffs: Tariffs) -> None:
    items = [ItemInput("anna", "GI"), ItemInput("leo", "GI", modules=("plus",))]
    q = run(tariffs, items, ANNA, LEO)
    # on the base module only: 960 x 10% = 96; 960 + 240 - 96 = 1104
    assert cuts(line_of(q, "leo", "GI")) == [("GI_FAMILY", D("96.00"))]
    assert line_of(q, "leo", "GI").net == D("1104.00")
    assert "basic insurance at CMVEO" in line_of(q, "leo", "GI").discounts[0].reason
    assert cuts(run(tariffs, items, ANNA, LEO, insurer="SWICA").lines[1]) == []
    # the child's basic insurance quoted elsewhere: no bonus
    q = run(tariffs, [*items, ItemInput("leo", "LAMAL", insurer="SWICA")], ANNA, LEO)
    assert cuts(q.lines[1]) == []


def test_legis_family_bonus(tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("anna", "LJ", "priva"), ItemInput("marc", "LJ", "priva"),
                      ItemInput("leo", "LJ", "priva"), ItemInput("zoe", "LJ", "strada")])
    assert cuts(line_of(q, "anna", "LJ")) == []  # the policyholder pays the full premium
    assert cuts(line_of(q, "marc", "LJ")) == [("LJ_FAMILY", D("72.00"))]  # 30% of 240
    assert cuts(line_of(q, "leo", "LJ")) == [("LJ_FAMILY", D("72.00"))]
    assert "further person" in line_of(q, "marc", "LJ").discounts[0].reason
    assert "child under 25" in line_of(q, "leo", "LJ").discounts[0].reason
    assert cuts(line_of(q, "zoe", "LJ")) == []  # nobody else holds Legis strada


def test_mundo_combination_discount(tariffs: Tariffs) -> None:
    leo = PersonInput("leo", "Léo", "Rochat", date(2014, 8, 9), "M", "VD", 2, "child",
                      held_products=("SC",))
    q = run(tariffs, [ItemInput("anna", "MU"), ItemInput("anna", "HC", "2", D(0)),
                      ItemInput("marc", "MU"), ItemInput("marc", "HC", "1"),
                      ItemInput("leo", "MU")], ANNA, MARC, leo)
    assert cuts(line_of(q, "anna", "MU")) == [("MU_COMBINATION", D("12.00"))]  # 10% of 120
    assert "HC 2" in line_of(q, "anna", "MU").discounts[0].reason
    assert cuts(line_of(q, "marc", "MU")) == []  # HC level 1 is not on 003's list
    assert cuts(line_of(q, "leo", "MU")) == [("MU_COMBINATION", D("12.00"))]  # holds SC


@pytest.mark.parametrize(("level", "discount", "net"), [
    (0, None, "480.00"),       # step 100%: the ordinary premium
    (3, "144.00", "336.00"),   # step 70%: 480 x 30% = 144
    (5, "240.00", "240.00"),   # step 50%
])
def test_sb_bonus_levels(tariffs: Tariffs, level: int, discount: str | None, net: str) -> None:
    q = run(tariffs, [ItemInput("anna", "SB", deductible=D(150), bonus_level=level)], ANNA)
    assert cuts(q.lines[0]) == ([("SB_BONUS", D(discount))] if discount else [])
    assert q.lines[0].net == D(net)


def test_sb_unknown_bonus_level_is_refused(tariffs: Tariffs) -> None:
    with pytest.raises(PricingError, match="Bonus level 9 does not exist"):
        run(tariffs, [ItemInput("anna", "SB", deductible=D(150), bonus_level=9)], ANNA)


def test_frame_contract_discount_applies_last_and_to_complementary_lines_only(
        tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("anna", "SB", deductible=D(150), bonus_level=3),
                      ItemInput("anna", "LAMAL")], ANNA, frame=D(5))
    # 480 - 30% bonus = 336; frame contract 5% of 336 = 16.80; 319.20
    sb = line_of(q, "anna", "SB")
    assert cuts(sb) == [("SB_BONUS", D("144.00")), ("FRAME_CONTRACT", D("16.80"))]
    assert sb.net == D("319.20")
    assert sb.discounts[1].reason == "Frame contract discount (Acme SA)"
    assert cuts(line_of(q, "anna", "LAMAL")) == []
    with pytest.raises(PricingError, match="at most 30%"):
        run(tariffs, [ItemInput("anna", "SB", deductible=D(150))], ANNA, frame=D(40))


def test_dental_family_bonus(tariffs: Tariffs) -> None:
    q = run(tariffs, [ItemInput("anna", "DP", "1"), ItemInput("leo", "DP", "0")], ANNA, LEO)
    assert cuts(line_of(q, "leo", "DP")) == [("DP_FAMILY", D("14.40"))]  # 10% of 144


def test_monthly_line_adds_up_after_rounding(tariffs: Tariffs, tmp_path: Path) -> None:
    write_csv(tmp_path, "sd.csv", LCA_HEADER, ["2026,SD,,,0,,CH,*,*,33.35"])
    odd = load_tariffs(tmp_path)
    household = HouseholdInput(persons=(ANNA, LEO))
    q = quote(CAT, odd, household, [ItemInput("anna", "SD", deductible=D(0)),
                                     ItemInput("leo", "SD", deductible=D(0))], year=2026)
    leo = q.lines[1]
    # 33.35 - 10% (3.335) = 30.015 -> 30.00, so the discount shows 3.35;
    # x 1.03 = 30.91545 -> 30.90, surcharge 30.90 - 30.00 = 0.90
    assert (leo.gross, cuts(leo), leo.surcharge, leo.net) == (
        D("33.35"), [("SD_CHILDREN", D("3.35"))], D("0.90"), D("30.90"))
    assert leo.gross - sum(d.amount for d in leo.discounts) + leo.surcharge == leo.net


def test_reasons_are_in_the_interface_language(tariffs: Tariffs) -> None:
    items = [ItemInput("anna", "SD", deductible=D(0)), ItemInput("leo", "SD", deductible=D(0))]
    with use_language("fr"):
        reason = run(tariffs, items, ANNA, LEO).lines[1].discounts[0].reason
    assert reason == "Rabais pour enfants: un parent (Anna) a conclu SD"
    with use_language("de"):
        reason = run(tariffs, items, ANNA, LEO).lines[1].discounts[0].reason
    assert reason == "Kinderrabatt: ein Elternteil (Anna) hat SD abgeschlossen"


def test_every_catalogue_discount_has_parameters_that_agree_with_it() -> None:
    """The catalogue (003's text) and the tariff parameters must not drift apart."""
    params = load_tariffs(TARIFF_DIR).parameters
    for product in CAT.products():
        for discount in product.discounts:
            rule = params.discount(discount.code)
            assert rule.product == product.code, discount.code
            conditions = discount.conditions
            if conditions.max_age is not None:
                assert rule.max_age == conditions.max_age, discount.code
            if conditions.holder in ("parent", "household_adult"):
                assert rule.holder == conditions.holder, discount.code
            if conditions.lamal_insurer:
                assert rule.lamal_insurer == conditions.lamal_insurer, discount.code
            if conditions.module:
                assert rule.module == conditions.module, discount.code
            if conditions.claims_below is not None:
                assert rule.claims_below == conditions.claims_below, discount.code
            if conditions.qualifying_products and discount.kind == "combination":
                listed = [f"{q.code}:{lv}" for q in conditions.qualifying_products
                          for lv in q.levels] + \
                    [q.code for q in conditions.qualifying_products if not q.levels]
                assert sorted(rule.qualifying_products) == sorted(listed), discount.code
            for rate in discount.rates:
                if rate.max_age is None:
                    assert rule.percent == rate.percent, discount.code
                else:
                    assert (rule.percent_young, rule.young_max_age) == \
                        (rate.percent, rate.max_age), discount.code
            assert not rule.rate_illustrative or not discount.rates, discount.code
