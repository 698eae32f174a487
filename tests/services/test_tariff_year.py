"""A premium year without a tariff of its own says so (issue 17, item 14).

The shipped (illustrative) tariffs are those of 2025; a quote for 2027 used them silently.
"""

from datetime import date
from decimal import Decimal

from app.services.catalogue import load_catalogue
from app.services.pricing import load_tariffs, quote
from app.services.pricing.model import HouseholdInput, ItemInput, PersonInput

ANNA = PersonInput("anna", "Anna", "Rochat", date(1986, 5, 1), "F", "VD", 1, "policyholder")


def _quote(year: int):  # type: ignore[no-untyped-def]
    household = HouseholdInput((ANNA,), lamal_insurer="SWICA")
    items = [ItemInput("anna", "LAMAL", deductible=Decimal("300"), insurer="SWICA"),
             ItemInput("anna", "HC", "1")]
    return quote(load_catalogue(), load_tariffs(), household, items, year, "monthly")


def test_each_line_names_the_tariff_year_it_was_priced_with() -> None:
    tariffs = load_tariffs()
    shipped = tariffs.lca_year("HC", 2100)
    assert shipped is not None and shipped < 2027  # the files hold an earlier year only
    priced = _quote(2027)
    assert {line.tariff_year for line in priced.lines} == {shipped}
    assert priced.tariff_years_behind == (shipped,)


def test_a_year_with_its_own_tariff_is_not_flagged() -> None:
    shipped = load_tariffs().lca_year("HC", 2100)
    assert shipped is not None
    priced = _quote(shipped)
    assert priced.tariff_years_behind == ()
