"""Properties of every quote over the shipped tariffs: totals are sums of lines, no line is
negative, every amount is a multiple of 5 centimes and each line adds up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.catalogue import load_catalogue
from app.services.pricing.engine import (
    FREQUENCIES,
    HouseholdInput,
    ItemInput,
    PersonInput,
    _allocate,
    quote,
    round_chf,
)
from app.services.pricing.tariffs import load_tariffs

CAT = load_catalogue()
TARIFFS = load_tariffs()
YEAR = 2027
LAMAL_PLACES = sorted({(k[2], k[3]) for k in TARIFFS.lamal})
INSURERS = sorted(TARIFFS.lamal_insurers())


def is_five_centimes(amount: Decimal) -> bool:
    return (amount * 20) % 1 == 0


@st.composite
def person(draw: st.DrawFn, index: int) -> PersonInput:
    canton, region = draw(st.sampled_from(LAMAL_PLACES))
    birth = draw(st.dates(date(1930, 1, 1), date(YEAR, 12, 31)))
    role = "policyholder" if index == 0 else draw(st.sampled_from(["spouse", "child", ""]))
    return PersonInput(f"p{index}", f"First{index}", "Test", birth, draw(st.sampled_from("FM")),
                       canton, region, role,
                       held_products=tuple(draw(st.lists(st.sampled_from(["SC", "HC:2", "SD"]),
                                                         max_size=2))))


@st.composite
def item(draw: st.DrawFn, who: PersonInput) -> ItemInput:
    start = draw(st.none() | st.dates(date(YEAR - 1, 6, 1), date(YEAR, 12, 31)))
    age = YEAR - who.birth_date.year
    codes = [p.code for p in CAT.products() if not (p.code == "AB" and age > 18)] + ["LAMAL"]
    code = draw(st.sampled_from(codes))
    if code == "LAMAL":
        group = "child" if age <= 18 else "adult"
        options = CAT.lamal.child_deductibles if group == "child" else CAT.lamal.adult_deductibles
        return ItemInput(who.id, "LAMAL", None, draw(st.sampled_from(options)), None, start,
                         accident_cover=draw(st.booleans()),
                         model=draw(st.sampled_from(["standard", "family_doctor", "hmo",
                                                     "telmed"])),
                         insurer=draw(st.sampled_from(INSURERS)))
    product = CAT.product(code)
    level = draw(st.sampled_from(product.levels)) if product.levels else None
    options = product.deductibles(level)
    deductible = draw(st.sampled_from(options)) if options else None
    tyear = TARIFFS.lca_year(code, YEAR)
    capitals = TARIFFS.lca_capitals.get((tyear or 0, code, level or ""), ())
    capital = draw(st.sampled_from(capitals)) if capitals else None
    modules = tuple(m.id for m in product.modules
                    if m.optional and (not m.levels or level in m.levels) and draw(st.booleans()))
    return ItemInput(who.id, code, level, deductible, capital, start, modules=modules,
                     bonus_level=draw(st.integers(0, 5)) if code == "SB" else None,
                     no_claims=draw(st.booleans()))


@st.composite
def household_and_items(draw: st.DrawFn) -> tuple[HouseholdInput, list[ItemInput]]:
    count = draw(st.integers(1, 5))
    persons = [draw(person(i)) for i in range(count)]
    items = [draw(item(p)) for p in persons for _ in range(draw(st.integers(1, 3)))]
    frame = draw(st.none() | st.decimals(Decimal("0.5"), Decimal("30"), places=1))
    household = HouseholdInput(tuple(persons), lamal_insurer=draw(st.sampled_from(INSURERS)),
                               frame_contract_discount=frame)
    return household, items


@settings(max_examples=150, deadline=None)
@given(household_and_items(), st.sampled_from(FREQUENCIES))
def test_quote_properties(case: tuple[HouseholdInput, list[ItemInput]], frequency: str) -> None:
    household, items = case
    q = quote(CAT, TARIFFS, household, items, year=YEAR, frequency=frequency)
    assert len(q.lines) == len(items)
    assert q.total == sum((line.net for line in q.lines), Decimal(0))
    assert q.first_period_total == sum((line.first_period for line in q.lines), Decimal(0))
    for line in q.lines:
        amounts = [line.gross, line.net, line.surcharge, line.first_period,
                   *(d.amount for d in line.discounts)]
        assert all(a >= 0 for a in amounts), line
        assert all(is_five_centimes(a) for a in amounts), line
        assert line.gross - sum(d.amount for d in line.discounts) + line.surcharge == line.net
    assert is_five_centimes(q.total)


@given(st.decimals(Decimal("-100000"), Decimal("100000"), places=4))
def test_round_chf_is_the_nearest_five_centimes_half_up(amount: Decimal) -> None:
    rounded = round_chf(amount)
    assert is_five_centimes(rounded)
    assert abs(rounded - amount) <= Decimal("0.025")
    if abs(rounded - amount) == Decimal("0.025"):
        assert abs(rounded) > abs(amount)  # ties go away from zero


@given(st.lists(st.decimals(Decimal(0), Decimal(500), places=6), min_size=1, max_size=6),
       st.decimals(Decimal(0), Decimal(5000), places=4))
def test_allocation_shares_a_rounded_total_in_five_centimes(exact: list[Decimal],
                                                             after: Decimal) -> None:
    # the engine's case: total = round(gross) - round(gross - sum(exact))
    gross = after + sum(exact, Decimal(0))
    total = round_chf(gross) - round_chf(after)
    shares = _allocate(exact, total)
    assert sum(shares, Decimal(0)) == total
    for share, value in zip(shares, exact, strict=True):
        assert share >= 0 and is_five_centimes(share)
        assert abs(share - value) < Decimal("0.05")
