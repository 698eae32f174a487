"""The premium engine: age classes, rounding, tariff lookup, frequencies, pro rata, LAMal.

Amounts come from the small hand-written tariff of `tariffs` below, so each expected value
is computed in the comment next to it. Surcharges are the shipped ones (payment.toml):
annual 0%, semi-annual 1%, quarterly 2%, monthly 3% (LCA); 0% for LAMal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.services.catalogue import load_catalogue
from app.services.pricing.engine import (
    HouseholdInput,
    ItemInput,
    PersonInput,
    PricingError,
    age_class,
    compare_deductibles,
    lamal_age_group,
    quote,
    round_chf,
)
from app.services.pricing.tariffs import Tariffs, load_tariffs
from tests.services.tariff_helpers import LAMAL_HEADER, LCA_HEADER, lamal_block, write_csv

CAT = load_catalogue()

LCA_ROWS = [
    # HC level 2, national, women 36-40 and 41-45, three deductibles
    "2026,HC,,2,0,,CH,36-40,F,80.00",
    "2026,HC,,2,1000,,CH,36-40,F,60.00",
    "2026,HC,,2,3000,,CH,36-40,F,40.00",
    "2026,HC,,2,0,,CH,41-45,F,90.00",
    "2026,HC,,2,1000,,CH,41-45,F,70.00",
    "2026,HC,,2,3000,,CH,41-45,F,50.00",
    # canton and canton-region rows override the national one
    "2026,HC,,2,0,,VD,36-40,F,84.00",
    "2026,HC,,2,0,,VD-2,36-40,F,86.00",
    # HC level 1 has no deductible; a row for both sexes
    "2026,HC,,1,,,CH,36-40,*,20.00",
    "2026,HC,,1,,,CH,0-18,*,5.00",
    "2026,HC,,1,,,CH,19-25,*,9.00",
    # HS: premium at index 100, same for women and men
    "2026,HS,,1,,,CH,*,*,50.00",
    # KH by capital
    "2026,KH,,,,1000,CH,36-40,F,9.50",
    "2026,KH,,,,3500,CH,36-40,F,30.00",
]


@pytest.fixture(scope="module")
def tariffs(tmp_path_factory: pytest.TempPathFactory) -> Tariffs:
    folder: Path = tmp_path_factory.mktemp("tariffs")
    write_csv(folder, "lca.csv", LCA_HEADER, LCA_ROWS)
    write_csv(folder, "lamal.csv", LAMAL_HEADER,
              lamal_block("SWICA", "VD", 2) + lamal_block("EGK", "VD", 2))
    return load_tariffs(folder)


ANNA = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 2, "policyholder")
LEO = PersonInput("leo", "Léo", "Rochat", date(2014, 8, 9), "M", "VD", 2, "child")


def house(*persons: PersonInput, insurer: str | None = "SWICA") -> HouseholdInput:
    return HouseholdInput(persons=persons or (ANNA,), lamal_insurer=insurer)


def one(tariffs: Tariffs, item: ItemInput, *persons: PersonInput, year: int = 2026,
        frequency: str = "monthly"):  # type: ignore[no-untyped-def]
    q = quote(CAT, tariffs, house(*persons), [item], year=year, frequency=frequency)
    [line] = q.lines
    assert q.total == line.net
    return line


# -- age classes, age groups, rounding ---------------------------------------------------------

def test_age_class_follows_the_age_reached_in_the_calendar_year() -> None:
    assert age_class(date(1986, 5, 1), 2026) == "36-40"   # 2026 - 1986 = 40
    assert age_class(date(1986, 12, 31), 2026) == "36-40"  # same class all year long
    # reached the top of 36-40 in 2026: moves up on 1 January 2027
    assert age_class(date(1986, 5, 1), 2027) == "41-45"
    assert age_class(date(1986, 1, 1), 2027) == "41-45"


@pytest.mark.parametrize(("birth", "year", "expected"), [
    (date(2026, 12, 31), 2026, "0-18"),   # born in the year: 0
    (date(2008, 1, 1), 2026, "0-18"),     # 18
    (date(2007, 12, 31), 2026, "19-25"),  # 19, although still 18 on 1 January
    (date(2001, 1, 1), 2026, "19-25"),    # 25
    (date(2000, 12, 31), 2026, "26-30"),  # 26
    (date(1991, 6, 1), 2026, "31-35"),    # 35
    (date(1956, 6, 1), 2026, "66-70"),    # 70
    (date(1955, 12, 31), 2026, "71-99"),  # 71
    (date(1927, 1, 1), 2026, "71-99"),    # 99
])
def test_age_class_boundaries(birth: date, year: int, expected: str) -> None:
    assert age_class(birth, year) == expected


def test_age_class_refuses_a_birth_after_the_year() -> None:
    with pytest.raises(ValueError):
        age_class(date(2027, 1, 1), 2026)


@pytest.mark.parametrize(("birth", "expected"), [
    (date(2008, 12, 31), "child"),       # 2026 - 2008 = 18
    (date(2008, 1, 1), "child"),
    (date(2007, 12, 31), "young_adult"),  # 19
    (date(2001, 1, 1), "young_adult"),    # 25
    (date(2000, 12, 31), "adult"),        # 26
])
def test_lamal_age_group_by_year_of_birth(birth: date, expected: str) -> None:
    assert lamal_age_group(birth, 2026) == expected


@pytest.mark.parametrize(("amount", "expected"), [
    ("12.325", "12.35"), ("12.324", "12.30"), ("12.375", "12.40"), ("12.3749", "12.35"),
    ("12.275", "12.30"), ("12.30", "12.30"), ("0", "0.00"), ("0.024", "0.00"),
    ("0.025", "0.05"), ("-12.325", "-12.35"),
])
def test_round_chf_to_five_centimes_half_up(amount: str, expected: str) -> None:
    assert round_chf(D(amount)) == D(expected)
    assert str(round_chf(D(amount))) == expected


# -- complementary lines -----------------------------------------------------------------------

def test_the_most_specific_region_wins(tariffs: Tariffs) -> None:
    # Anna lives in VD region 2: the VD-2 row (86.00) beats VD (84.00) and CH (80.00).
    line = one(tariffs, ItemInput("anna", "HC", "2", D(0)), frequency="annual")
    assert line.age_class == "36-40"
    assert line.gross == D("1032.00")  # 86.00 x 12, annual surcharge 0%
    assert line.net == D("1032.00") and line.surcharge == D("0.00")
    in_vd_1 = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 1)
    assert one(tariffs, ItemInput("anna", "HC", "2", D(0)), in_vd_1,
               frequency="annual").gross == D("1008.00")  # 84.00 x 12
    in_ge = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "GE", 1)
    assert one(tariffs, ItemInput("anna", "HC", "2", D(0)), in_ge,
               frequency="annual").gross == D("960.00")  # national 80.00 x 12


@pytest.mark.parametrize(("frequency", "gross", "surcharge", "net"), [
    ("annual", "1032.00", "0.00", "1032.00"),     # 86 x 12
    ("semi_annual", "516.00", "5.15", "521.15"),  # 86 x 6 = 516; x 1.01 = 521.16 -> 521.15
    ("quarterly", "258.00", "5.15", "263.15"),    # 86 x 3 = 258; x 1.02 = 263.16 -> 263.15
    ("monthly", "86.00", "2.60", "88.60"),        # 86; x 1.03 = 88.58 -> 88.60
])
def test_payment_frequency_and_instalment_surcharge(tariffs: Tariffs, frequency: str,
                                                    gross: str, surcharge: str, net: str) -> None:
    line = one(tariffs, ItemInput("anna", "HC", "2", D(0)), frequency=frequency)
    assert (line.gross, line.surcharge, line.net) == (D(gross), D(surcharge), D(net))


def test_a_higher_deductible_is_cheaper_and_the_class_changes_on_1_january(
        tariffs: Tariffs) -> None:
    # 2027: Anna reaches 41 -> class 41-45 (no VD row there, national rows apply)
    line = one(tariffs, ItemInput("anna", "HC", "2", D(1000)), year=2027, frequency="annual")
    assert line.age_class == "41-45"
    assert line.gross == D("840.00")  # 70.00 x 12
    assert one(tariffs, ItemInput("anna", "HC", "2", D(3000)), year=2027,
               frequency="annual").gross == D("600.00")  # 50.00 x 12


def test_a_product_without_deductible_takes_none_or_zero(tariffs: Tariffs) -> None:
    assert one(tariffs, ItemInput("anna", "HC", "1"), frequency="annual").gross == D("240.00")
    assert one(tariffs, ItemInput("anna", "HC", "1", D(0)), frequency="annual").net == \
        D("240.00")
    with pytest.raises(PricingError, match="no deductible"):
        one(tariffs, ItemInput("anna", "HC", "1", D(1000)))


def test_without_a_deductible_the_lowest_option_is_quoted(tariffs: Tariffs) -> None:
    line = one(tariffs, ItemInput("anna", "HC", "2"), frequency="annual")
    assert line.deductible == D(0) and line.gross == D("1032.00")


@pytest.mark.parametrize(("birth", "index", "annual"), [
    (date(1971, 3, 1), 100, "600.00"),   # 2026 - 1971 = 55: index 100; 50 x 12
    (date(1970, 12, 31), 107, "642.00"),  # 56: 100 + 7 = 107; 50 x 1.07 x 12
    (date(1961, 6, 30), 170, "1020.00"),  # 65: 100 + 7 x 10 = 170; 85.00 x 12
])
def test_senior_hospital_index(tariffs: Tariffs, birth: date, index: int, annual: str) -> None:
    person = PersonInput("p", "Paul", "Favre", birth, "M", "VD", 2)
    line = one(tariffs, ItemInput("p", "HS", "1"), person, frequency="annual")
    assert line.age_class == f"index {index}"
    assert line.gross == D(annual)


def test_hospital_capital_by_capital(tariffs: Tariffs) -> None:
    assert one(tariffs, ItemInput("anna", "KH", capital=D(1000)),
               frequency="annual").gross == D("114.00")  # 9.50 x 12
    assert one(tariffs, ItemInput("anna", "KH", capital=D(3500)),
               frequency="annual").gross == D("360.00")  # 30.00 x 12
    with pytest.raises(PricingError, match="capital 700.– is not offered"):
        one(tariffs, ItemInput("anna", "KH", capital=D(700)))  # not one of 003's 11 capitals
    with pytest.raises(PricingError, match="no tariff row"):
        one(tariffs, ItemInput("anna", "KH", capital=D(500)))  # offered, not in this tariff
    with pytest.raises(PricingError, match="choose a capital"):
        one(tariffs, ItemInput("anna", "KH"))


def test_first_period_is_pro_rata_by_days_to_31_december(tariffs: Tariffs) -> None:
    # 17 March 2026 to 31 December: 15 + 275 = 290 days of 365.
    # monthly net exact 86 x 1.03 = 88.58; 88.58 x 12 x 290 / 365 = 844.5436 -> 844.55
    line = one(tariffs, ItemInput("anna", "HC", "2", D(0), start_date=date(2026, 3, 17)))
    assert line.start_date == date(2026, 3, 17)
    assert line.first_period == D("844.55")
    # leap year: 1 March 2028 to 31 December = 306 days of 366 (Anna 42: 90.00 in 41-45)
    # 90 x 1.03 x 12 x 306 / 366 = 1112.40 x 306 / 366 = 930.0393 -> 930.05
    line = one(tariffs, ItemInput("anna", "HC", "2", D(0), start_date=date(2028, 3, 1)),
               year=2028)
    assert line.first_period == D("930.05")
    # from 1 January (or no date): the whole year, 88.58 x 12 = 1062.96 -> 1062.95
    assert one(tariffs, ItemInput("anna", "HC", "2", D(0))).first_period == D("1062.95")
    with pytest.raises(PricingError, match="after the premium year"):
        one(tariffs, ItemInput("anna", "HC", "2", D(0), start_date=date(2027, 1, 1)))


def test_errors_name_the_person_product_and_field(tariffs: Tariffs) -> None:
    with pytest.raises(PricingError, match="Anna Rochat, HC: level 7 does not exist"):
        one(tariffs, ItemInput("anna", "HC", "7"))
    with pytest.raises(PricingError, match="deductible 500 is not offered"):
        one(tariffs, ItemInput("anna", "HC", "2", D(500)))
    with pytest.raises(PricingError, match="Unknown product XX"):
        one(tariffs, ItemInput("anna", "XX"))
    with pytest.raises(PricingError, match="no person with id bob"):
        one(tariffs, ItemInput("bob", "HC", "1"))
    with pytest.raises(PricingError, match="Unknown payment frequency weekly"):
        one(tariffs, ItemInput("anna", "HC", "1"), frequency="weekly")
    with pytest.raises(PricingError, match="no tariff for 2025"):
        one(tariffs, ItemInput("anna", "HC", "1"), year=2025)


# -- basic insurance ---------------------------------------------------------------------------

def test_lamal_line_shows_model_deductible_and_accident_reductions(tariffs: Tariffs) -> None:
    # Test tariff (tariff_helpers.lamal_block): adult standard CHF 300 with accident 400.00;
    # HMO 30.00 less; deductible 2500 120.00 less; without accident 5% less.
    item = ItemInput("anna", "LAMAL", deductible=D(2500), model="hmo", accident_cover=False)
    line = one(tariffs, item)
    assert line.age_class == "adult" and line.insurer == "SWICA"
    assert line.gross == D("400.00")
    assert [(d.code, d.amount) for d in line.discounts] == [
        ("lamal_model", D("30.00")),        # 400 - 370 (HMO, 300, with accident)
        ("lamal_deductible", D("120.00")),  # 370 - 250 (HMO, 2500, with accident)
        ("lamal_accident", D("12.50")),     # 250 - 237.50 (5% of 250)
    ]
    assert line.net == D("237.50") and line.surcharge == D("0.00")
    assert "Accident cover suspended" in line.discounts[2].reason


def test_lamal_accident_cover_as_the_catalogue_names_it(tariffs: Tariffs) -> None:
    # the store may keep the catalogue's ids: "included" / "suspended"; read at the edge
    def item(cover: str) -> ItemInput:
        return ItemInput.from_mapping({"person_id": "anna", "product": "LAMAL",
                                       "accident_cover": cover})

    assert one(tariffs, item("suspended")).net == D("380.00")  # 400.00 less 5%
    assert one(tariffs, item("included")).net == D("400.00")
    with pytest.raises(PricingError, match="item.accident_cover: unknown accident cover 'maybe'"):
        item("maybe")


def test_lamal_defaults_standard_ordinary_deductible_and_accident_cover(tariffs: Tariffs) -> None:
    adult = one(tariffs, ItemInput("anna", "LAMAL"))
    assert (adult.deductible, adult.gross, adult.discounts, adult.net) == \
        (D(300), D("400.00"), (), D("400.00"))
    child = one(tariffs, ItemInput("leo", "LAMAL"), LEO)
    assert (child.age_class, child.deductible, child.net) == ("child", D(0), D("100.00"))
    with pytest.raises(PricingError, match="deductible 2500 is not offered"):
        one(tariffs, ItemInput("leo", "LAMAL", deductible=D(2500)), LEO)


def test_lamal_age_group_changes_on_1_january(tariffs: Tariffs) -> None:
    # born 31 December 2008: child in 2026 (18), young adult from 1 January 2027 (19)
    nina = PersonInput("nina", "Nina", "Rochat", date(2008, 12, 31), "F", "VD", 2, "child")
    assert one(tariffs, ItemInput("nina", "LAMAL"), nina, year=2026).net == D("100.00")
    line = one(tariffs, ItemInput("nina", "LAMAL"), nina, year=2027)  # 2026 tariff still
    assert (line.age_class, line.deductible, line.net) == ("young_adult", D(300), D("300.00"))


def test_lamal_first_month_per_insurer(tariffs: Tariffs) -> None:
    # Cover from 17 March 2026, monthly 237.50.
    # SWICA, to the exact day (002 art. 10.4): 15/31 + 9 months = 2252.419 -> 2252.40
    # EGK, the whole month (001 art. 7.3): 10 months = 2375.00
    for insurer, expected in (("SWICA", "2252.40"), ("EGK", "2375.00")):
        item = ItemInput("anna", "LAMAL", deductible=D(2500), start_date=date(2026, 3, 17),
                         model="hmo", accident_cover=False, insurer=insurer)
        assert one(tariffs, item).first_period == D(expected)
    # from the 1st of a month both rules agree: April to December = 9 x 237.50
    for insurer in ("SWICA", "EGK"):
        item = ItemInput("anna", "LAMAL", deductible=D(2500), start_date=date(2026, 4, 1),
                         model="hmo", accident_cover=False, insurer=insurer)
        assert one(tariffs, item).first_period == D("2137.50")


def test_lamal_needs_an_insurer_with_a_tariff(tariffs: Tariffs) -> None:
    with pytest.raises(PricingError, match="no basic insurer"):
        quote(CAT, tariffs, house(insurer=None), [ItemInput("anna", "LAMAL")], year=2026)
    with pytest.raises(PricingError, match="no basic insurance tariff of CMVEO"):
        one(tariffs, ItemInput("anna", "LAMAL", insurer="CMVEO"))
    geneva = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "GE", 1)
    with pytest.raises(PricingError, match="canton GE"):
        one(tariffs, ItemInput("anna", "LAMAL"), geneva)


# -- household quote and the compare view ------------------------------------------------------

def test_a_household_quote_sums_its_rounded_lines(tariffs: Tariffs) -> None:
    items = [ItemInput("anna", "HC", "2", D(0)), ItemInput("anna", "LAMAL"),
             ItemInput("leo", "HC", "1"), ItemInput("leo", "LAMAL", deductible=D(600))]
    q = quote(CAT, tariffs, house(ANNA, LEO), items, year=2026)
    # 88.60 (HC 2) + 400.00 + 5.15 (5.00 x 1.03) + 70.00 (child 600: 100 - 30)
    assert [line.net for line in q.lines] == [D("88.60"), D("400.00"), D("5.15"), D("70.00")]
    assert q.total == D("563.75")
    assert q.first_period_total == sum(line.first_period for line in q.lines)
    # the LCA lines carry the shipped (illustrative) 3% monthly surcharge; LAMal has none
    assert [line.illustrative for line in q.lines] == [True, False, True, False]
    annual = quote(CAT, tariffs, house(ANNA, LEO), items, year=2026, frequency="annual")
    assert not annual.illustrative  # a test tariff without the ILLUSTRATIVE marker


def test_shipped_tariffs_make_an_illustrative_quote() -> None:
    q = quote(CAT, load_tariffs(), house(ANNA), [ItemInput("anna", "HC", "2", D(1000))])
    assert q.illustrative and q.lines[0].illustrative
    assert q.lines[0].tariff_source.endswith("lca_illustrative.csv")


def test_compare_deductibles_prices_every_option(tariffs: Tariffs) -> None:
    items = [ItemInput("anna", "HC", "2", D(1000)), ItemInput("leo", "LAMAL"),
             ItemInput("leo", "HC", "1")]
    [hc, lamal, hc1] = compare_deductibles(CAT, tariffs, house(ANNA, LEO), items, year=2026,
                                           frequency="annual")
    assert hc.chosen == D(1000)
    # 86 (VD-2, deductible 0) x 12; 60 x 12; 40 x 12
    assert [(o.deductible, o.net) for o in hc.options] == [
        (D(0), D("1032.00")), (D(1000), D("720.00")), (D(3000), D("480.00"))]
    # child: 100.00 less 5.00 per CHF 100 of deductible, x 12
    assert [o.net for o in lamal.options] == [D(x) for x in (
        "1200.00", "1140.00", "1080.00", "1020.00", "960.00", "900.00", "840.00")]
    assert [o.deductible for o in hc1.options] == [None]


# -- the local store's records -----------------------------------------------------------------

def _store_person(pid: str, role: str, birth: date, canton: str, region: int | None):  # type: ignore[no-untyped-def]
    from app.services.proposals.households import PersonRecord

    return PersonRecord(
        id=pid, version=1, household_id="h1", position=0, role=role, first_name="Anna",
        last_name="Rochat", sex="F", birth_date=birth, ahv_number=None, nationality="CH",
        street="", postal_code="1004", locality="Lausanne", municipality="Lausanne",
        canton=canton, premium_region=region, language="fr", phone="", email="", iban="")


def test_the_local_store_records_are_priced_through_their_converters(tariffs: Tariffs) -> None:
    from datetime import UTC, datetime

    from app.services.documents import builders
    from app.services.proposals.households import HouseholdRecord
    from app.services.proposals.records import ItemRecord
    from app.services.sync.stale_offers import household_input, item_input

    now = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    household = HouseholdRecord(
        id="h1", version=1, name="Rochat", language="fr", agent_id=None, created_at=now,
        updated_at=now, persons=(_store_person("p1", "policyholder", date(1986, 5, 1), "VD", 2),))
    items = [
        ItemRecord(id="i1", version=1, proposal_id="x", person_id="p1", position=0,
                   product_code="HC", level="2", deductible=D(0), capital=None, options={},
                   start_date=None),
        ItemRecord(id="i2", version=1, proposal_id="x", person_id="p1", position=1,
                   product_code="LAMAL", level=None, deductible=D(2500), capital=None,
                   options={"insurer": "SWICA", "model": "hmo", "accident_cover": False,
                            "reason": "change_of_insurer"},  # not for pricing: left out
                   start_date=date(2026, 3, 17)),
    ]
    inputs = [item_input(item) for item in items]
    assert inputs[1] == ItemInput("p1", "LAMAL", None, D(2500), None, date(2026, 3, 17),
                                  accident_cover=False, model="hmo", insurer="SWICA")
    # the documents' builders read the store's records the same way
    assert [builders.item_input(item) for item in items] == inputs
    assert builders.household_input(household) == household_input(household)
    q = quote(CAT, tariffs, household_input(household), inputs, year=2026)
    # HC 2 in VD-2: 86.00 x 1.03 = 88.58 -> 88.60; LAMal as in the test above: 237.50
    assert [(line.product, line.net) for line in q.lines] == [
        ("HC", D("88.60")), ("LAMAL", D("237.50"))]
    assert q.lines[1].first_period == D("2252.40")


def test_a_premium_region_not_yet_chosen(tariffs: Tariffs) -> None:
    household = house(PersonInput("p1", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", None,
                                  "policyholder"), insurer=None)
    # LCA: the canton's row (VD, 84.00 x 12) since the region is unknown
    q = quote(CAT, tariffs, household, [ItemInput("p1", "HC", "2", D(0))], year=2026,
              frequency="annual")
    assert q.total == D("1008.00")
    # LAMal needs the region in a canton that has several
    with pytest.raises(PricingError, match="premium region of VD is not chosen"):
        quote(CAT, tariffs, household, [ItemInput("p1", "LAMAL")], year=2026)


# -- the edge: dicts from JSON become the typed inputs ------------------------------------------

ANNA_JSON = {"id": "anna", "first_name": "Anna", "last_name": "Rochat",
             "birth_date": "1986-05-01", "sex": "F", "canton": "VD", "premium_region": 2,
             "role": "policyholder"}


def test_dicts_are_converted_once_at_the_edge(tariffs: Tariffs) -> None:
    household = HouseholdInput.from_mapping({"persons": [ANNA_JSON], "lamal_insurer": "SWICA",
                                             "frame_contract_discount": "5"})
    assert household == HouseholdInput((ANNA,), "SWICA", D(5))
    items = [ItemInput.from_mapping(data, f"items[{n}]") for n, data in enumerate([
        {"person_id": "anna", "product": "HC", "level": "2", "deductible": "1000"},
        {"person_id": "anna", "product": "LAMAL", "deductible": 2500, "model": "hmo",
         "accident_cover": "suspended", "start_date": "2026-03-17", "modules": []},
    ])]
    assert items == [
        ItemInput("anna", "HC", "2", D(1000)),
        ItemInput("anna", "LAMAL", deductible=D(2500), start_date=date(2026, 3, 17),
                  accident_cover=False, model="hmo")]
    assert quote(CAT, tariffs, household, items, year=2026) == \
        quote(CAT, tariffs, HouseholdInput((ANNA,), "SWICA", D(5)), items, year=2026)


@pytest.mark.parametrize(("data", "message"), [
    ({"person_id": "anna", "product": "HC", "deductible": [1000]},
     r"item\.deductible: expected an amount, got \[1000\]"),
    ({"person_id": "anna", "product": "HC", "deductible": "lots"},
     r"item\.deductible: expected an amount, got 'lots'"),
    ({"person_id": "anna", "product": "HC", "level": 2}, r"item\.level: expected a text, got 2"),
    ({"person_id": "anna", "product": "SB", "bonus_level": "3"},
     r"item\.bonus_level: expected a whole number, got '3'"),
    ({"person_id": "anna", "product": "GE", "modules": "alternative_medicine"},
     r"item\.modules: expected a list of texts"),
    ({"person_id": "anna", "product": "HC", "start_date": "17.03.2026"},
     r"item\.start_date: expected a date \(YYYY-MM-DD\), got '17.03.2026'"),
    ({"person_id": "anna", "product": "LAMAL", "accident_cover": 0},
     r"item\.accident_cover: unknown accident cover 0"),
    ({"person_id": "anna"}, r"item\.product: missing"),
    ({"person_id": "anna", "product": "HC", "deductable": "1000"},
     r"item\.deductable: unknown field"),
])
def test_an_item_dict_with_a_wrong_field_is_refused_naming_it(data: dict[str, object],
                                                              message: str) -> None:
    with pytest.raises(PricingError, match=message):
        ItemInput.from_mapping(data)


@pytest.mark.parametrize(("change", "message"), [
    ({"birth_date": 19860501}, r"household\.persons\[0\]\.birth_date: expected a date"),
    ({"birth_date": None}, r"household\.persons\[0\]\.birth_date: missing"),
    ({"sex": "f"}, r"household\.persons\[0\]\.sex: expected \"F\" or \"M\", got 'f'"),
    ({"premium_region": "2"}, r"household\.persons\[0\]\.premium_region: expected a whole"),
    ({"held_products": "SC"}, r"household\.persons\[0\]\.held_products: expected a list"),
])
def test_a_household_dict_with_a_wrong_field_is_refused_naming_it(
        change: dict[str, object], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        HouseholdInput.from_mapping({"persons": [{**ANNA_JSON, **change}]})
    with pytest.raises(PricingError, match=r"household\.frame_contract_discount: expected an "
                                           r"amount, got 'ten'"):
        HouseholdInput.from_mapping({"persons": [ANNA_JSON], "frame_contract_discount": "ten"})
    with pytest.raises(PricingError, match=r"household\.persons: expected a list of persons"):
        HouseholdInput.from_mapping({"persons": ANNA_JSON})
