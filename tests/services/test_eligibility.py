"""Eligibility: entry ages on the boundaries, levels, prerequisites, localized reasons."""

from calendar import isleap
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import use_language
from app.services.catalogue import Catalogue, load_catalogue
from app.services.catalogue.eligibility import check_eligibility
from app.services.dates import age_on


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def codes(cat: Catalogue, code: str, birth: date, start: date, level: str | None = None,
          lamal: str | None = None) -> list[str]:
    result = check_eligibility(cat, code, level=level, birth_date=birth, start_date=start,
                               lamal_insurer=lamal)
    assert result.eligible == (not result.reasons)
    return [r.code for r in result.reasons]


def test_issue_example_gm_at_55(cat: Catalogue) -> None:
    # Born 2 January 1971: 55 on 1 January 2027 (56 the next day); GM takes people up to 55.
    e = check_eligibility(cat, "GM", level=None, birth_date=date(1971, 1, 2),
                          start_date=date(2027, 1, 1), lamal_insurer=None)
    assert e.eligible and e.age == 55 and e.reasons == ()


@pytest.mark.parametrize(("start", "expected"), [
    (date(2027, 1, 1), []),  # day before the 56th birthday: 55
    (date(2027, 1, 2), ["age_above_max"]),  # on the 56th birthday
])
def test_gm_on_the_birthday(cat: Catalogue, start: date, expected: list[str]) -> None:
    assert codes(cat, "GM", date(1971, 1, 2), start) == expected


@pytest.mark.parametrize(("birth", "expected"), [
    (date(1971, 12, 31), []),  # 55 on 31.12.2026
    (date(1970, 12, 31), ["age_above_max"]),  # 56 on 31.12.2026
    (date(1971, 1, 1), []),  # 55 on 31.12.2026, turns 56 the day after
])
def test_start_on_31_december(cat: Catalogue, birth: date, expected: list[str]) -> None:
    assert codes(cat, "GM", birth, date(2026, 12, 31)) == expected


def test_hs_starts_above_55_without_upper_limit(cat: Catalogue) -> None:
    # "plus de 55 ans, sans limite d'âge": 56 and over in completed years.
    birth = date(1971, 3, 15)
    assert codes(cat, "HS", birth, date(2027, 3, 14)) == ["age_below_min"]  # 55
    assert codes(cat, "HS", birth, date(2027, 3, 15)) == []  # 56 on the birthday
    assert codes(cat, "HS", date(1927, 1, 1), date(2027, 1, 1), level="4") == []  # 100


def test_kp_until_the_day_before_the_17th_birthday(cat: Catalogue) -> None:
    birth = date(2010, 7, 1)
    assert codes(cat, "KP", birth, date(2027, 6, 30)) == []  # 16
    assert codes(cat, "KP", birth, date(2027, 7, 1)) == ["age_above_max"]  # 17


def test_leap_day_birthday(cat: Catalogue) -> None:
    # Born 29.02.2008: 17 is completed on 1 March 2025 (no 29 February in 2025), but on
    # 29 February in the leap year 2024 the 16th is.
    birth = date(2008, 2, 29)
    assert codes(cat, "KP", birth, date(2025, 2, 28)) == []  # still 16
    assert codes(cat, "KP", birth, date(2025, 3, 1)) == ["age_above_max"]  # 17
    assert age_on(birth, date(2024, 2, 29)) == 16
    assert codes(cat, "DP", birth, date(2026, 2, 28), level="0") == []  # 17
    assert codes(cat, "DP", birth, date(2027, 3, 1), level="0") == ["age_above_max"]  # 19


def test_pi_from_15_to_55(cat: Catalogue) -> None:
    birth = date(2000, 5, 10)
    assert codes(cat, "PI", birth, date(2015, 5, 9)) == ["age_below_min"]  # 14
    assert codes(cat, "PI", birth, date(2015, 5, 10)) == []  # 15
    assert codes(cat, "PI", birth, date(2056, 5, 9)) == []  # 55
    assert codes(cat, "PI", birth, date(2056, 5, 10)) == ["age_above_max"]  # 56


def test_levels_with_their_own_ages(cat: Catalogue) -> None:
    birth = date(2000, 1, 1)
    start = date(2019, 1, 1)  # 19
    assert codes(cat, "DP", birth, start, level="0") == ["age_above_max"]
    assert codes(cat, "DP", birth, start, level="1") == []
    assert codes(cat, "DP", birth, start) == []  # some level (1-3) admits a 19-year-old
    assert codes(cat, "GO", date(1950, 1, 1), start, level="3") == []  # 69
    assert codes(cat, "GO", date(1940, 1, 1), date(2027, 1, 1), level="1") == []  # 87
    assert codes(cat, "GO", date(1940, 1, 1), date(2027, 1, 1), level="3") == ["age_above_max"]
    assert codes(cat, "GO", date(1940, 1, 1), date(2027, 1, 1)) == []


def test_go_level_3_at_70_and_71(cat: Catalogue) -> None:
    birth = date(1957, 4, 1)
    assert codes(cat, "GO", birth, date(2028, 3, 31), level="3") == []  # 70
    assert codes(cat, "GO", birth, date(2028, 4, 1), level="3") == ["age_above_max"]  # 71


def test_unknown_level(cat: Catalogue) -> None:
    assert codes(cat, "HC", date(1990, 1, 1), date(2027, 1, 1), level="5") == ["unknown_level"]
    assert codes(cat, "GM", date(1990, 1, 1), date(2027, 1, 1), level="1") == ["unknown_level"]


def test_requires_basic_insurance_at_cmveo(cat: Catalogue) -> None:
    birth, start = date(1990, 1, 1), date(2027, 1, 1)
    assert codes(cat, "GE", birth, start, level="1") == ["requires_lamal_at"]
    assert codes(cat, "GE", birth, start, level="1", lamal="Assura") == ["requires_lamal_at"]
    assert codes(cat, "GE", birth, start, level="1", lamal="CMVEO") == []
    assert codes(cat, "GE", birth, start, level="2", lamal=" cmveo ") == []
    # GI: CMVEO conditions only the family bonus (003 §GI), not admission (issue 17, item 3)
    assert codes(cat, "GI", birth, start) == []
    assert codes(cat, "GI", birth, start, lamal="SWICA") == []
    assert codes(cat, "GM", birth, start, lamal=None) == []


def test_several_reasons_at_once(cat: Catalogue) -> None:
    assert codes(cat, "GE", date(1990, 1, 1), date(2027, 1, 1), level="3") == [
        "unknown_level", "requires_lamal_at"]
    assert codes(cat, "GM", date(1950, 1, 1), date(2027, 1, 1), level="2") == [
        "unknown_level", "age_above_max"]


def test_reasons_are_sentences_in_the_agents_language(cat: Catalogue) -> None:
    args = dict(birth_date=date(1960, 1, 2), start_date=date(2027, 1, 1))
    with use_language("fr"):
        [reason] = check_eligibility(cat, "GM", **args).reasons  # type: ignore[arg-type]
    # GI states no entry age (003 §GI), so it is named as the family's product for 66
    assert reason.message == ("GM Global mi-privée : l'adhésion est possible jusqu'à l'âge de 55 "
                              "ans révolus; la personne a 66 ans le 01.01.2027. "
                              "GI Global classic admet cet âge.")
    de = check_eligibility(cat, "GM", lang="de", **args).reasons[0]  # type: ignore[arg-type]
    assert de.message == ("GM Global halbprivat: Der Beitritt ist bis zum vollendeten 55. "
                          "Altersjahr möglich; die Person ist am 01.01.2027 66 Jahre alt. "
                          "GI Global classic nimmt Personen dieses Alters auf.")
    it = check_eligibility(cat, "GE", "1", lang="it", **args).reasons  # type: ignore[arg-type]
    assert it[0].message == ("GE 1 – modulo di base, livello 1 richiede l'assicurazione "
                             "obbligatoria delle cure medico-sanitarie (LAMal) presso CMVEO.")
    en = check_eligibility(cat, "HC", "9", lang="en", **args).reasons  # type: ignore[arg-type]
    assert en[0].message == "HC has no level 9; its levels are 1, 2, 3, 4."
    assert en[1].code == "age_above_max" and "up to age 60" in en[1].message


def test_basic_insurance_takes_everyone(cat: Catalogue) -> None:
    assert codes(cat, "LAMAL", date(1920, 1, 1), date(2027, 1, 1)) == []
    assert codes(cat, "LAMAL", date(2027, 1, 1), date(2027, 1, 1)) == []


def test_bad_input(cat: Catalogue) -> None:
    with pytest.raises(LookupError):
        check_eligibility(cat, "ZZ", birth_date=date(1990, 1, 1), start_date=date(2027, 1, 1))
    with pytest.raises(ValueError, match="after the start date"):
        check_eligibility(cat, "GM", birth_date=date(2027, 1, 2), start_date=date(2027, 1, 1))


@given(birth=st.dates(date(1920, 1, 1), date(2026, 12, 31)),
       start=st.dates(date(2026, 1, 1), date(2040, 12, 31)),
       code=st.sampled_from(["GM", "HC", "HS", "KP", "PI", "SB", "SD", "ID", "AB", "AJ", "MU"]))
def test_age_reasons_match_the_limits(birth: date, start: date, code: str) -> None:
    cat = load_catalogue()
    if birth > start:
        return
    limits = cat.product(code).age_limits()
    age = age_on(birth, start)
    found = codes(cat, code, birth, start)
    assert ("age_above_max" in found) == (limits.max_age is not None and age > limits.max_age)
    assert ("age_below_min" in found) == (limits.min_age is not None and age < limits.min_age)


@given(birth=st.dates(date(1930, 1, 1), date(2000, 12, 31)))
def test_gm_admits_until_the_day_before_the_56th_birthday(birth: date) -> None:
    cat = load_catalogue()
    year = birth.year + 56
    leap_day_in_common_year = (birth.month, birth.day) == (2, 29) and not isleap(year)
    # Born on 29 February: the year is completed on 1 March in a common year.
    birthday_56 = date(year, 3, 1) if leap_day_in_common_year else birth.replace(year=year)
    assert codes(cat, "GM", birth, birthday_56 - timedelta(days=1)) == []
    assert codes(cat, "GM", birth, birthday_56) == ["age_above_max"]
