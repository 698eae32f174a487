from datetime import date

import pytest

from app.services.dates import add_months, age_on, end_of_year, last_day_of_month


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 2, 1), 3, date(2027, 5, 1)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 10, 15), 12, date(2028, 10, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_age_changes_on_the_birthday_not_the_day_before() -> None:
    birth = date(1971, 1, 2)
    assert age_on(birth, date(2026, 1, 1)) == 54
    assert age_on(birth, date(2026, 1, 2)) == 55


def test_leap_day_birth_completes_the_year_on_1_march_in_common_years() -> None:
    birth = date(2008, 2, 29)
    assert age_on(birth, date(2026, 2, 28)) == 17
    assert age_on(birth, date(2026, 3, 1)) == 18
    assert age_on(birth, date(2028, 2, 29)) == 20


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError):
        age_on(date(2020, 5, 1), date(2020, 4, 30))


def test_month_and_year_ends() -> None:
    assert last_day_of_month(2028, 2) == date(2028, 2, 29)
    assert last_day_of_month(2027, 4) == date(2027, 4, 30)
    assert end_of_year(date(2027, 3, 1)) == date(2027, 12, 31)
