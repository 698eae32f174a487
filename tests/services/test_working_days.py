from datetime import date

import pytest

from app.services.lamal.working_days import (
    check_canton,
    holiday_name,
    is_working_day,
    last_working_day,
)


@pytest.mark.parametrize(
    ("canton", "expected"),
    [("ZH", date(2024, 3, 28)),  # Easter Sunday 31.03, Saturday, Good Friday 29.03
     ("VS", date(2024, 3, 29)),  # no Good Friday in Valais
     ("", date(2024, 3, 29))],  # federal holidays only
)
def test_last_working_day_before_easter_2024(canton: str, expected: date) -> None:
    assert last_working_day(date(2024, 3, 31), canton) == expected


def test_a_working_day_is_its_own_last_working_day() -> None:
    assert last_working_day(date(2027, 3, 31), "ZH") == date(2027, 3, 31)


def test_1_august_is_a_federal_holiday() -> None:
    assert not is_working_day(date(2029, 8, 1), "")  # a Wednesday
    assert holiday_name(date(2029, 8, 1), "", "fr") == "Fête nationale"
    assert holiday_name(date(2029, 8, 2), "") is None


def test_canton_codes() -> None:
    assert check_canton(" ge ") == "GE" and check_canton("") == ""
    with pytest.raises(ValueError, match="canton"):
        check_canton("Stadt Zurich")
