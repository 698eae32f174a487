"""Postal code -> canton and premium region: a sample from each of the 26 cantons."""

import pytest

from app.i18n import use_language
from app.services import postal_codes as pc

# (postal code, locality, canton, region or None when the agent must pick)
ONE_REGION = [
    ("5000", "Aarau", "AG"),
    ("9050", "Appenzell", "AI"),
    ("9100", "Herisau", "AR"),
    ("4051", "Basel", "BS"),
    ("1205", "Genève", "GE"),
    ("8750", "Glarus", "GL"),
    ("2800", "Delémont", "JU"),
    ("2000", "Neuchâtel", "NE"),
    ("6370", "Stans", "NW"),
    ("6060", "Sarnen", "OW"),
    ("4500", "Solothurn", "SO"),
    ("6430", "Schwyz", "SZ"),
    ("8500", "Frauenfeld", "TG"),
    ("6460", "Altdorf UR", "UR"),
    ("6300", "Zug", "ZG"),
]
TABLE = [
    # SR 832.106 annex 1: municipalities in the shipped (partial) table.
    ("8001", "Zürich", "ZH", 1),
    ("8400", "Winterthur", "ZH", 2),
    ("8542", "Wiesendangen", "ZH", 3),
    ("3011", "Bern", "BE", 1),
    ("6003", "Luzern", "LU", 1),
    ("9000", "St. Gallen", "SG", 1),
    ("7000", "Chur", "GR", 1),
    ("1700", "Fribourg", "FR", 1),
    ("8200", "Schaffhausen", "SH", 1),
    ("6900", "Lugano", "TI", 1),
    ("1003", "Lausanne", "VD", 1),
    ("1950", "Sion", "VS", 1),
    ("3920", "Zermatt", "VS", 2),
    ("3961", "Zinal", "VS", 2),  # Anniviers
    ("4123", "Allschwil", "BL", 1),
    ("4460", "Gelterkinden", "BL", 2),
]
UNKNOWN = [
    # Not in the partial table: the agent picks among the canton's regions.
    ("3818", "Grindelwald", "BE", (1, 2, 3)),
    ("7270", "Davos Platz", "GR", (1, 2, 3)),
    ("6170", "Schüpfheim", "LU", (1, 2, 3)),
    ("9470", "Buchs SG", "SG", (1, 2, 3)),
    ("8820", "Wädenswil", "ZH", (1, 2, 3)),
    ("1630", "Bulle", "FR", (1, 2)),
    ("4410", "Liestal", "BL", (1, 2)),
    ("8212", "Neuhausen am Rheinfall", "SH", (1, 2)),
    ("6780", "Airolo", "TI", (1, 2)),
    ("1400", "Yverdon-les-Bains", "VD", (1, 2)),
    ("1920", "Martigny", "VS", None),  # in the table: region 1
]


@pytest.mark.parametrize(("code", "locality", "canton"), ONE_REGION)
def test_single_region_cantons(code: str, locality: str, canton: str) -> None:
    assert canton in pc.cantons_of(code)
    assert any(e.locality == locality for e in pc.localities(code))
    lookup = pc.premium_region(code, canton)
    assert (lookup.region, lookup.candidates, lookup.needs_choice) == (1, (1,), False)


@pytest.mark.parametrize(("code", "locality", "canton", "region"), TABLE)
def test_regions_from_the_table(code: str, locality: str, canton: str, region: int) -> None:
    assert pc.cantons_of(code) == (canton,)
    assert pc.premium_region(code, canton, locality).region == region
    if code != "6900":  # 6900 is shared with Massagno and Paradiso (see below)
        assert pc.premium_region(code).region == region  # every locality of the code agrees


@pytest.mark.parametrize(("code", "locality", "canton", "candidates"), UNKNOWN)
def test_unknown_municipality_is_left_to_the_agent(
    code: str, locality: str, canton: str, candidates: tuple[int, ...] | None
) -> None:
    assert canton in pc.cantons_of(code)
    lookup = pc.premium_region(code, canton, locality)
    if candidates is None:
        assert lookup.region == 1
        return
    assert lookup.needs_choice and lookup.region is None
    assert lookup.candidates == candidates
    assert lookup.message == (
        f"The premium region must be picked by the agent (regions {', '.join(map(str, candidates))})."
    )


def test_all_26_cantons_are_sampled() -> None:
    cantons = {c for *_, c in ONE_REGION} | {row[2] for row in TABLE} | {row[2] for row in UNKNOWN}
    assert cantons == set(pc.CANTONS) and len(cantons) == 26


def test_region_counts_of_the_ordinance() -> None:
    # SR 832.106 annex 1: 15 cantons with one region, 6 with two, 5 with three.
    counts = list(pc.REGION_COUNT.values())
    assert (counts.count(1), counts.count(2), counts.count(3)) == (15, 6, 5)


def test_shared_postal_code_without_locality_needs_a_choice() -> None:
    # 6900: Lugano, Massagno and Paradiso; only Lugano is in the table.
    assert {e.locality for e in pc.localities("6900")} >= {"Lugano", "Massagno", "Paradiso"}
    assert pc.premium_region("6900").needs_choice
    assert pc.premium_region("6900", place="Lugano").region == 1


def test_post_office_box_locality_uses_its_town() -> None:
    assert pc.premium_region("1000", "VD", "Lausanne 25").region == 1


def test_the_file_covers_every_canton_and_thousands_of_codes() -> None:
    codes = {code for code in map(str, range(1000, 10000)) if pc.is_known(code)}
    assert len(codes) > 3000
    assert not pc.is_known("0000") and pc.localities("1099") == ()


def test_corrected_canton_of_source_errors() -> None:
    # The source put 9200 Gossau SG in AR; the build script trusts the locality's suffix.
    assert pc.cantons_of("9200") == ("SG",)


def test_message_is_translated() -> None:
    with use_language("fr"):
        assert pc.premium_region("3818", "BE").message == (
            "La région de primes doit être choisie par l'agent (régions 1, 2, 3)."
        )


def test_unknown_postal_code_without_canton() -> None:
    with pytest.raises(LookupError):
        pc.premium_region("1099")
