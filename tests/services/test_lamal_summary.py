"""The summary the proposal wizard shows before the client signs."""

from datetime import date
from decimal import Decimal

import pytest

from app.i18n import use_language
from app.services.lamal.summary import basic_insurance_summary


def test_change_from_swica_to_egk() -> None:
    # Leaving SWICA on 10.02.2027 with the ordinary deductible: end 30.06.2027, notice by
    # 31.03.2027 (SWICA's rules); EGK covers from 01.07.2027 and charges the whole month.
    s = basic_insurance_summary("EGK", reason="change_of_insurer", today=date(2027, 2, 10),
                                previous_insurer="SWICA")
    assert (s.earliest_start, s.notice_deadline, s.last_working_day, s.late) == (
        date(2027, 7, 1), date(2027, 3, 31), date(2027, 3, 31), False)
    assert s.first_month_factor == Decimal(1)
    assert s.switch is not None and s.switch.insurer == "SWICA"
    texts = " ".join(s.explanations)
    assert "002 art. 16.1" in texts and "17:00" in texts and "001 art. 7.3" in texts


def test_change_from_an_insurer_without_a_file_uses_federal_law() -> None:
    # Premium announced, 03.11.2025: end 31.12.2025, notice by 30.11.2025, a Sunday -> Friday
    # 28.11.2025 (federal holidays); SWICA from 01.01.2026, whole January (31/31).
    s = basic_insurance_summary("SWICA", reason="change_of_insurer", today=date(2025, 11, 3),
                                new_premium_announced=True)
    assert (s.earliest_start, s.notice_deadline, s.last_working_day) == (
        date(2026, 1, 1), date(2025, 11, 30), date(2025, 11, 28))
    assert s.first_month_factor == Decimal(1)
    assert any("falls on a Sunday" in t for t in s.explanations)


def test_special_form_at_the_current_insurer() -> None:
    s = basic_insurance_summary("SWICA", reason="change_of_insurer", today=date(2027, 2, 10),
                                previous_insurer="EGK", deductible=Decimal("2500"))
    assert (s.earliest_start, s.notice_deadline) == (date(2028, 1, 1), date(2027, 9, 30))


def test_birth_at_swica_pro_rata() -> None:
    s = basic_insurance_summary("SWICA", reason="birth", today=date(2027, 5, 1),
                                event_date=date(2027, 3, 17))
    assert (s.earliest_start, s.late, s.notice_deadline, s.switch) == (
        date(2027, 3, 17), False, None, None)
    assert s.first_month_factor == Decimal(15) / Decimal(31)  # 17-31 March
    with use_language("de"):
        texts = basic_insurance_summary("SWICA", reason="birth", today=date(2027, 5, 1),
                                        event_date=date(2027, 3, 17)).explanations
    assert texts[-1].endswith("15 von 31 Tagen (002 art. 10.4, 19.3).")


def test_late_arrival() -> None:
    s = basic_insurance_summary("CMVEO", reason="arrival", today=date(2027, 6, 1),
                                event_date=date(2027, 1, 10))
    assert (s.earliest_start, s.late) == (date(2027, 6, 1), True)
    assert s.cover.surcharge is not None
    assert any("Assumption" in t for t in s.explanations)  # CMVEO's first month


def test_bad_requests() -> None:
    with pytest.raises(ValueError, match="previous_insurer"):
        basic_insurance_summary("EGK", reason="change_of_insurer", today=date(2027, 2, 10),
                                previous_insurer="EGK")
    with pytest.raises(ValueError, match="event_date"):
        basic_insurance_summary("EGK", reason="birth", today=date(2027, 2, 10))
    with pytest.raises(ValueError, match="reason"):
        basic_insurance_summary("EGK", reason="moving", today=date(2027, 2, 10))
    with pytest.raises(LookupError):
        basic_insurance_summary("EGK", reason="change_of_insurer", today=date(2027, 2, 10),
                                previous_insurer="Helsana")
