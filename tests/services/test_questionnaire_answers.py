"""Answer sets: every branch of the questionnaire, dates, versions, messages."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import use_language
from app.services.proposals.answers import (
    AnswerSet,
    Issue,
    MonthYear,
    Respondent,
    parse_number,
    validate,
)
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    Insured,
    load_questionnaire,
    questions_for,
)

TODAY = date(2026, 3, 2)
ADULT = Insured("p1", date(1985, 5, 3), "male", "Marc Muster")
CHILD = Insured("c1", date(2016, 5, 1), "female", "Léa Muster")
Q = load_questionnaire()
FULL_MALE = questions_for(["GM"], sex="male")


def all_no(person: Insured = ADULT, questions: tuple = FULL_MALE, **kwargs: Any) -> AnswerSet:
    answers = AnswerSet(person.id, Q.version, **kwargs)
    for question in questions:
        answers = answers.with_answer(question.id, False)
    return answers


def knee(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "diagnosis": "meniscus surgery", "body_part": "knee", "side": "left",
        "from": MonthYear(2024, 2), "course": "healed", "to": MonthYear(2024, 6),
        "treatment": "arthroscopy", "doctor": "Dr Rossi, Lausanne", "time_off_work": True,
        "weeks_off_work": Decimal(6),
    }
    case.update(changes)
    return {k: v for k, v in case.items() if v is not None}


def check(answers: AnswerSet, person: Insured = ADULT, questions: tuple = FULL_MALE,
          today: date = TODAY) -> list[Issue]:
    return list(validate(Q, answers, questions, person, today))


def codes(issues: list[Issue]) -> list[tuple[str, str | None, int | None, str | None]]:
    return [(i.code, i.question_id, i.case, i.field_id) for i in issues]


def with_knee(**changes: Any) -> AnswerSet:
    return all_no().with_answer("treatment_5y", True, [knee(**changes)])


def test_all_no_is_complete() -> None:
    assert check(all_no()) == []


def test_a_yes_with_a_complete_case_is_complete() -> None:
    assert check(with_knee()) == []


def test_unanswered_question_is_named() -> None:
    answers = all_no()
    answers = AnswerSet(answers.person_id, answers.version,
                        {k: v for k, v in answers.answers.items() if k != "hospital_10y"})
    issues = check(answers)
    assert codes(issues) == [("unanswered", "hospital_10y", None, None)]
    assert issues[0].message == "Hospital stays and operations in the last 10 years: please answer."


def test_wrong_format_of_a_yes_no_answer() -> None:
    issues = check(all_no().with_answer("disability", "yes"))  # type: ignore[arg-type]
    assert codes(issues) == [("wrong_format", "disability", None, None)]


def test_yes_opens_follow_ups_that_need_a_case() -> None:
    issues = check(all_no().with_answer("current_treatment", True))
    assert codes(issues) == [("no_cases", "current_treatment", None, None)]


def test_no_with_cases_is_inconsistent() -> None:
    issues = check(all_no().with_answer("current_treatment", False, [knee()]))
    assert codes(issues) == [("unexpected_cases", "current_treatment", None, None)]


@pytest.mark.parametrize("field", ["diagnosis", "body_part", "from", "course", "treatment",
                                   "doctor", "time_off_work"])
def test_each_required_follow_up(field: str) -> None:
    changes: dict[str, Any] = {field: None}
    if field == "body_part":
        changes["side"] = None
    if field == "time_off_work":
        changes["weeks_off_work"] = None
    assert codes(check(with_knee(**changes))) == [("missing", "treatment_5y", 1, field)]


def test_blank_text_counts_as_missing() -> None:
    assert codes(check(with_knee(diagnosis="   "))) == [("missing", "treatment_5y", 1, "diagnosis")]


def test_side_is_needed_for_a_paired_body_part_only() -> None:
    assert codes(check(with_knee(side=None))) == [("missing", "treatment_5y", 1, "side")]
    assert check(with_knee(body_part="spine", side=None)) == []


def test_healed_needs_an_end_ongoing_does_not() -> None:
    assert codes(check(with_knee(to=None))) == [("missing", "treatment_5y", 1, "to")]
    assert check(with_knee(course="ongoing", to=None)) == []


def test_time_off_work_needs_its_length() -> None:
    assert codes(check(with_knee(weeks_off_work=None))) == [
        ("missing", "treatment_5y", 1, "weeks_off_work")]
    assert check(with_knee(time_off_work=False, weeks_off_work=None)) == []


@pytest.mark.parametrize("weeks, ok", [(Decimal(0), False), (Decimal(1), True),
                                       (Decimal(520), True), (Decimal(521), False)])
def test_weeks_off_work_bounds(weeks: Decimal, ok: bool) -> None:
    issues = check(with_knee(weeks_off_work=weeks))
    assert codes(issues) == ([] if ok else [("out_of_range", "treatment_5y", 1, "weeks_off_work")])


def test_a_value_not_offered_is_refused() -> None:
    assert codes(check(with_knee(body_part="elbow"))) == [
        ("invalid_choice", "treatment_5y", 1, "body_part")]


def test_a_case_value_of_the_wrong_kind_is_refused() -> None:
    assert codes(check(with_knee(**{"from": date(2024, 2, 1)}))) == [
        ("wrong_format", "treatment_5y", 1, "from")]
    assert codes(check(with_knee(weeks_off_work=True))) == [
        ("wrong_format", "treatment_5y", 1, "weeks_off_work")]


@pytest.mark.parametrize("start, ok", [(MonthYear(1985, 4), False), (MonthYear(1985, 5), True)])
def test_month_not_before_the_birth_month(start: MonthYear, ok: bool) -> None:
    # Born 03.05.1985: May 1985 is possible, April 1985 is not.
    issues = check(with_knee(**{"from": start, "to": MonthYear(1986, 1)}))
    assert codes(issues) == ([] if ok else [("before_birth", "treatment_5y", 1, "from")])


@pytest.mark.parametrize("end, ok", [(MonthYear(2026, 3), True), (MonthYear(2026, 4), False)])
def test_month_not_in_the_future(end: MonthYear, ok: bool) -> None:
    # Checked on 02.03.2026: March 2026 is the current month, April is ahead.
    issues = check(with_knee(to=end))
    assert codes(issues) == ([] if ok else [("in_future", "treatment_5y", 1, "to")])


def test_end_not_before_start() -> None:
    assert codes(check(with_knee(to=MonthYear(2024, 1)))) == [
        ("end_before_start", "treatment_5y", 1, "to")]
    assert check(with_knee(to=MonthYear(2024, 2))) == []


KP = questions_for(["KP"])


def cancer(**changes: Any) -> dict[str, Any]:
    case: dict[str, Any] = {"diagnosis": "leukaemia", "diagnosed_on": date(2020, 3, 10),
                            "course": "healed", "to": MonthYear(2021, 9),
                            "treatment": "chemotherapy", "doctor": "CHUV, Lausanne"}
    case.update(changes)
    return {k: v for k, v in case.items() if v is not None}


def child_answers(**kwargs: Any) -> AnswerSet:
    kwargs.setdefault("answered_by", Respondent.LEGAL_REPRESENTATIVE)
    return all_no(CHILD, KP, **kwargs)


@pytest.mark.parametrize("diagnosed, code", [
    (date(2016, 4, 30), "before_birth"),  # the day before birth
    (date(2016, 5, 1), None),  # the birth day
    (TODAY, None),
    (date(2026, 3, 3), "in_future"),  # tomorrow
])
def test_exact_dates_against_birth_and_today(diagnosed: date, code: str | None) -> None:
    answers = child_answers().with_answer("cancer_ever", True, [cancer(diagnosed_on=diagnosed,
                                                                       to=MonthYear(2026, 3))])
    issues = check(answers, CHILD, KP)
    assert codes(issues) == ([] if code is None else [(code, "cancer_ever", 1, "diagnosed_on")])


def test_month_compared_with_a_date_by_month() -> None:
    same_month = cancer(diagnosed_on=date(2021, 9, 28), to=MonthYear(2021, 9))
    earlier = cancer(diagnosed_on=date(2021, 9, 28), to=MonthYear(2021, 8))
    assert check(child_answers().with_answer("cancer_ever", True, [same_month]), CHILD, KP) == []
    assert codes(check(child_answers().with_answer("cancer_ever", True, [earlier]), CHILD, KP)) == [
        ("end_before_start", "cancer_ever", 1, "to")]


def test_planned_dates_may_lie_ahead() -> None:
    planned = {"reason": "biopsy", "body_part": "blood", "planned_on": date(2026, 4, 15),
               "doctor": "HUG, Genève"}
    answers = child_answers().with_answer("cancer_suspected", True, [planned])
    assert check(answers, CHILD, KP) == []
    pregnant = all_no(Insured("p2", date(1990, 1, 1), "female"), questions_for(["GM"], sex="female"))
    pregnant = pregnant.with_answer("pregnancy", True, [{"expected_on": date(2026, 8, 20)}])
    assert check(pregnant, Insured("p2", date(1990, 1, 1), "female"),
                 questions_for(["GM"], sex="female")) == []


def test_cases_are_numbered_from_one() -> None:
    answers = all_no().with_answer("hospital_10y", True, [knee(), knee(doctor=None)])
    issues = check(answers)
    assert codes(issues) == [("missing", "hospital_10y", 2, "doctor")]
    assert issues[0].message == (
        "Hospital stays and operations in the last 10 years, case 2, “Doctor or hospital (name and "
        "place)”: this information is missing.")


def test_messages_in_the_interface_language() -> None:
    with use_language("fr"):
        issues = check(with_knee(side=None))
    assert issues[0].message == (
        "Traitements des 5 dernières années, cas 1, « Côté » : cette information manque.")
    with use_language("de"):
        issues = check(all_no().with_answer("current_treatment", True))
    assert issues[0].message == (
        "Laufende Behandlung: Die Antwort ist Ja; beschreiben Sie mindestens einen Fall.")


# ------------------------------------------------- legal representative (004 art. 6 al. 8)


def test_a_child_is_answered_for_by_the_legal_representative() -> None:
    issues = check(all_no(CHILD, KP), CHILD, KP)
    assert [i.code for i in issues] == ["legal_representative_required"]
    assert "Léa Muster" in issues[0].message
    assert check(child_answers(), CHILD, KP) == []


def test_the_rule_ends_on_the_eighteenth_birthday() -> None:
    teen = Insured("t", date(2008, 3, 2), "male")
    assert [i.code for i in check(all_no(teen, KP), teen, KP, today=date(2026, 3, 1))] == [
        "legal_representative_required"]
    assert check(all_no(teen, KP), teen, KP, today=date(2026, 3, 2)) == []


def test_an_adult_without_civil_capacity_too() -> None:
    ward = Insured("w", date(1960, 1, 1), "male", has_civil_capacity=False)
    assert [i.code for i in check(all_no(ward), ward)] == ["legal_representative_required"]
    answered = all_no(ward, answered_by=Respondent.LEGAL_REPRESENTATIVE)
    assert check(answered, ward) == []


# --------------------------------------------------------------------------- versions


def test_answers_keep_their_version(tmp_path: Path) -> None:
    for name in ("health_v1.toml", "requirements.toml"):
        shutil.copy(QUESTIONNAIRE_DIR / name, tmp_path / name)
    v2 = (tmp_path / "health_v1.toml").read_text(encoding="utf-8")
    v2 = v2.replace('version = "health_v1"', 'version = "health_v2"').replace(
        'id = "mental_health_10y"', 'id = "mental_health_5y"')
    (tmp_path / "health_v2.toml").write_text(v2, encoding="utf-8")
    old = load_questionnaire("health_v1", tmp_path)
    new = load_questionnaire("health_v2", tmp_path)
    answers = all_no()  # answered on health_v1
    assert validate(old, answers, old.questions[:6], ADULT, TODAY) == ()
    mismatch = validate(new, answers, new.questions[:6], ADULT, TODAY)
    assert [i.code for i in mismatch] == ["version_mismatch"]
    assert "health_v1" in mismatch[0].message and "health_v2" in mismatch[0].message


def test_unknown_question_in_an_answer_set() -> None:
    issues = check(all_no().with_answer("smoker", False))
    assert codes(issues) == [("unknown_question", "smoker", None, None)]


def test_restricted_to_keeps_only_the_questions_asked() -> None:
    answers = all_no().with_answer("cancer_ever", False)
    assert set(answers.restricted_to(FULL_MALE).answers) == {q.id for q in FULL_MALE}


values = st.one_of(
    st.booleans(), st.text(min_size=1), st.dates(),
    st.builds(MonthYear, st.integers(1900, 2100), st.integers(1, 12)),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)


@given(st.dictionaries(st.sampled_from([q.id for q in Q.questions]),
                       st.tuples(values, st.lists(st.dictionaries(st.text(min_size=1), values,
                                                                  max_size=3), max_size=3))),
       st.sampled_from(list(Respondent)), st.none() | st.dates())
def test_json_round_trip(answers: dict, respondent: Respondent, on: date | None) -> None:
    answer_set = AnswerSet("p1", "health_v1", answered_by=respondent, answered_on=on)
    for question_id, (value, cases) in answers.items():
        answer_set = answer_set.with_answer(question_id, value, cases)
    assert AnswerSet.from_json(answer_set.to_json()) == answer_set


def test_parse_number() -> None:
    assert parse_number(" 12,5 ") == Decimal("12.5")
    with pytest.raises(ValueError, match="not a number"):
        parse_number("twelve")
