"""Reservations: content, wording edits, consent (004 art. 8) and the transition table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from app.services.proposals import reservations as res
from app.services.proposals.reservations import (
    Origin,
    Reservation,
    ReservationError,
    ReservationStatus,
    awaiting_consent,
    refused_products,
)

AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
P, C, A, R = (ReservationStatus.PROPOSED, ReservationStatus.CONSENT_REQUESTED,
              ReservationStatus.ACCEPTED_BY_CLIENT, ReservationStatus.REFUSED_BY_CLIENT)


def suggested() -> Reservation:
    reservation, event = res.create("r1", "p1", "prop1", condition="meniscus surgery 2024",
                                    body_part="left knee", products=["GM", "SC"],
                                    start=date(2027, 1, 1), origin=Origin.SUGGESTED,
                                    rule_id="healed_relapse_possible", actor="agent", at=AT)
    assert (event.subject, event.from_state, event.to_state, event.reason) == (
        "reservation", None, "proposed", "suggested")
    return reservation


def test_a_suggestion_keeps_its_first_wording_and_is_not_decided() -> None:
    reservation = suggested()
    assert reservation.wording == "left knee, meniscus surgery 2024"
    assert reservation.permanent  # 004 art. 8 al. 3: for the whole contract
    assert (reservation.origin, reservation.decided) == (Origin.SUGGESTED, False)
    edited, event = res.reword(reservation, condition="meniscus tear, operated 2024",
                               body_part="left knee", actor="agent", at=AT)
    assert edited.wording == "left knee, meniscus tear, operated 2024"
    assert edited.suggested_wording == "left knee, meniscus surgery 2024"
    assert event.reason == "reworded"


@pytest.mark.parametrize("kwargs, code", [
    ({"condition": " "}, "condition_missing"),
    ({"products": []}, "products_missing"),
    ({"until": date(2026, 12, 31)}, "until_before_start"),
])
def test_content_is_checked(kwargs: dict, code: str) -> None:
    values = {"condition": "asthma", "body_part": "", "products": ["GM"], "start": date(2027, 1, 1)}
    values.update(kwargs)
    with pytest.raises(ReservationError) as error:
        res.create("r", "p", None, actor="a", at=AT, **values)
    assert error.value.code == code


def test_a_limited_reservation() -> None:
    reservation, _event = res.create("r", "p", None, condition="asthma", body_part="",
                                     products=["GM"], start=date(2027, 1, 1),
                                     until=date(2031, 12, 31), actor="a", at=AT)
    assert not reservation.permanent and reservation.wording == "asthma"


def test_no_rewording_once_consent_is_asked_or_the_insurer_decided() -> None:
    asked, _e = res.request_consent(suggested(), due=date(2026, 3, 31), actor="a", at=AT)
    with pytest.raises(ReservationError) as error:
        res.reword(asked, condition="x", body_part="", actor="a", at=AT)
    assert error.value.code == "consent_under_way"
    decided, _e = res.decide(suggested(), actor="insurer", at=AT)
    with pytest.raises(ReservationError) as error:
        res.reword(decided, condition="x", body_part="", actor="a", at=AT)
    assert error.value.code == "decided_by_insurer"


def test_consent_given_and_then_the_same_wording_decided_stays_consented() -> None:
    asked, event = res.request_consent(suggested(), due=date(2026, 3, 31), actor="a", at=AT)
    assert (event.from_state, event.to_state) == ("proposed", "consent_requested")
    accepted, _e = res.accept(asked, on=date(2026, 3, 2), actor="client", at=AT)
    decided, event = res.decide(accepted, actor="insurer", at=AT)
    assert (decided.status, decided.decided, decided.origin) == (A, True, Origin.SUGGESTED)
    assert event.reason == "decided by the insurer"


def test_another_wording_decided_needs_a_new_consent() -> None:
    asked, _e = res.request_consent(suggested(), due=None, actor="a", at=AT)
    accepted, _e = res.accept(asked, on=date(2026, 3, 2), actor="client", at=AT)
    decided, event = res.decide(accepted, condition="meniscus and cruciate ligament 2024",
                                actor="insurer", at=AT)
    assert decided.status is C and decided.consent_on is None
    assert (event.from_state, event.to_state) == ("accepted_by_client", "consent_requested")


def test_refusal_drops_the_products_concerned() -> None:
    asked, _e = res.request_consent(suggested(), due=None, actor="a", at=AT)
    refused, event = res.refuse(asked, on=date(2026, 3, 5), actor="client", at=AT)
    assert event.to_state == "refused_by_client"
    assert refused_products([refused, suggested()]) == {("p1", "GM"), ("p1", "SC")}
    with pytest.raises(ReservationError) as error:
        res.decide(refused, actor="insurer", at=AT)
    assert error.value.code == "refused_by_client"


@pytest.mark.parametrize("today, lapses", [(date(2026, 3, 31), False), (date(2026, 4, 1), True)])
def test_no_consent_within_the_time_limit(today: date, lapses: bool) -> None:
    # 004 art. 8 al. 2: without consent in the time given, the cover is taken as renounced.
    asked, _e = res.request_consent(suggested(), due=date(2026, 3, 31), actor="a", at=AT)
    if lapses:
        lapsed, event = res.lapse(asked, today=today, actor="system", at=AT)
        assert lapsed.status is R and event.reason == "no consent within the time limit"
    else:
        with pytest.raises(ReservationError) as error:
            res.lapse(asked, today=today, actor="system", at=AT)
        assert error.value.code == "consent_not_due"


@pytest.mark.parametrize("status", [P, A, R])
def test_an_answer_deadline_is_set_only_while_the_answer_is_awaited(
        status: ReservationStatus) -> None:
    # A reservation the insurer decided arrives without a deadline (sync); the agent sets
    # the one the insurer gave (004 art. 8 al. 2), the status stays "consent requested".
    insurer, _e = res.create("r9", "p1", "prop1", condition="asthma", body_part="",
                             products=["HC"], start=date(2026, 3, 2), origin=Origin.INSURER,
                             actor="insurer", at=AT)
    asked, _e = res.request_consent(insurer, due=None, actor="sync", at=AT)
    dated, event = res.set_answer_deadline(asked, due=date(2026, 3, 31), actor="agent", at=AT)
    assert (dated.status, dated.consent_due) == (C, date(2026, 3, 31))
    assert (event.from_state, event.to_state, event.reason) == (
        "consent_requested", "consent_requested", "answer deadline set")
    with pytest.raises(ReservationError) as error:
        res.set_answer_deadline(replace(asked, status=status), due=date(2026, 3, 31),
                                actor="agent", at=AT)
    assert error.value.code == "not_awaiting_consent"


def test_awaiting_consent() -> None:
    proposed = suggested()
    accepted = replace(proposed, id="r2", status=A)
    assert awaiting_consent([proposed, accepted]) == [proposed]


EXPECTED = {(P, C), (C, A), (C, R), (A, C)}


@pytest.mark.parametrize("source", list(ReservationStatus))
@pytest.mark.parametrize("target", list(ReservationStatus))
def test_transition_table(source: ReservationStatus, target: ReservationStatus) -> None:
    reservation = replace(suggested(), status=source, consent_due=date(2026, 3, 1))
    moves = {
        C: lambda r: res.request_consent(r, due=None, actor="a", at=AT),
        A: lambda r: res.accept(r, on=date(2026, 3, 2), actor="a", at=AT),
        R: lambda r: res.refuse(r, on=date(2026, 3, 2), actor="a", at=AT),
    }
    if target is P:
        assert (source, target) not in EXPECTED  # nothing goes back to proposed
        return
    if (source, target) in EXPECTED:
        moved, event = moves[target](reservation)
        assert moved.status is target and (event.from_state, event.to_state) == (source, target)
    else:
        with pytest.raises(ReservationError) as error:
            moves[target](reservation)
        assert error.value.code == "invalid_transition"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        res.request_consent(suggested(), due=None, actor="a", at=datetime(2026, 3, 2, 10, 0))  # noqa: DTZ001
