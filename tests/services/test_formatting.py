from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.formatting import format_amount, format_chf, format_date


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.5"), "CHF 1'234.50"),
        (Decimal("0"), "CHF 0.00"),
        (Decimal("0.05"), "CHF 0.05"),
        (Decimal("999.99"), "CHF 999.99"),
        (Decimal("1000"), "CHF 1'000.00"),
        (Decimal("1234567.891"), "CHF 1'234'567.89"),
        (Decimal("-12.5"), "CHF -12.50"),
        (Decimal("12.345"), "CHF 12.35"),  # half up, not banker's rounding
    ],
)
def test_format_chf(amount: Decimal, expected: str) -> None:
    assert format_chf(amount) == expected


def test_whole_francs_print_with_a_dash_as_in_seed_003() -> None:
    assert format_chf(Decimal("300"), dash_for_whole=True) == "CHF 300.\u2013"
    assert format_chf(Decimal("10000.00"), dash_for_whole=True) == "CHF 10'000.\u2013"
    assert format_chf(Decimal("10.50"), dash_for_whole=True) == "CHF 10.50"


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        format_amount(12.5)  # type: ignore[arg-type]


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2))
def test_grouping_round_trips(amount: Decimal) -> None:
    text = format_amount(amount)
    assert Decimal(text.replace("'", "")) == amount


def test_dates_print_dd_mm_yyyy() -> None:
    assert format_date(date(2027, 1, 5)) == "05.01.2027"
