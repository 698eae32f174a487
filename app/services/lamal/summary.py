"""One call for the proposal wizard's basic-insurance step: the earliest start with the new
insurer and, for a change of insurer, the notice deadline at the current one, each with
its explanation texts (current interface language) and citations, before the client signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.services.lamal.deadlines import (
    COVER_REASONS,
    CoverStart,
    SwitchDates,
    cover_start,
    first_month_explanations,
    first_month_factor,
    switch_dates,
)


@dataclass(frozen=True)
class BasicInsuranceSummary:
    insurer: str
    reason: str
    earliest_start: date
    late: bool
    notice_deadline: date | None  # notice to the current insurer (change of insurer only)
    last_working_day: date | None  # the notice deadline, or the working day before it
    switch: SwitchDates | None
    cover: CoverStart
    first_month_factor: Decimal
    explanations: tuple[str, ...]  # in order: switch, start of cover, first premium


def basic_insurance_summary(insurer: str, *, reason: str, today: date,
                            event_date: date | None = None, received_on: date | None = None,
                            previous_insurer: str | None = None,
                            deductible: Decimal = Decimal("300"), model: str = "standard",
                            new_premium_announced: bool = False,
                            premium_effective: date | None = None, in_arrears: bool = False,
                            optional_deductible_since: date | None = None,
                            canton: str | None = None,
                            age_group: str | None = None) -> BasicInsuranceSummary:
    """Earliest start of the basic insurance with `insurer` (the new one).

    `reason` "birth" or "arrival": give `event_date`. `reason` "change_of_insurer": the
    current cover is described by `previous_insurer` (its code, or None when it has no rules
    file: federal law then applies), `deductible`, `model`, `optional_deductible_since`,
    `in_arrears`, and a premium announcement (`new_premium_announced`, `premium_effective`);
    `canton` overrides the public holidays of the current insurer's seat.
    `received_on`: the day the proposal reaches `insurer`, by default `today`.
    """
    if reason not in COVER_REASONS:
        raise ValueError(f"reason: {reason!r} is not one of {', '.join(COVER_REASONS)}")
    received = today if received_on is None else received_on
    switch = None
    if reason == "change_of_insurer":
        if previous_insurer == insurer:
            raise ValueError("previous_insurer: same as the new insurer; a change with the same "
                             "insurer is deductible_change_dates() or model_change_dates()")
        switch = switch_dates(previous_insurer, deductible, model, today, new_premium_announced,
                              premium_effective=premium_effective, in_arrears=in_arrears,
                              optional_deductible_since=optional_deductible_since,
                              canton=canton, age_group=age_group)
        cover = cover_start(insurer, reason, switch.new_cover_from, received)
    else:
        if event_date is None:
            raise ValueError(f"event_date: required for the reason {reason!r}")
        cover = cover_start(insurer, reason, event_date, received)
    texts = (switch.explanations if switch else ()) + cover.explanations \
        + first_month_explanations(insurer, cover.start_date)
    return BasicInsuranceSummary(
        insurer=cover.insurer, reason=reason, earliest_start=cover.start_date, late=cover.late,
        notice_deadline=switch.notice_deadline if switch else None,
        last_working_day=switch.last_working_day if switch else None, switch=switch,
        cover=cover, first_month_factor=first_month_factor(insurer, cover.start_date),
        explanations=texts)
