"""Underwriting aid: each rule, its near misses, the suggested reservation wording."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.i18n import LANGUAGES
from app.services.proposals.answers import AnswerSet, MonthYear
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    questions_for,
)
from app.services.proposals.underwriting import Outcome, assess, load_rules, parse_rules

TODAY = date(2026, 3, 2)
R, S, N = Outcome.REFERRAL, Outcome.RESERVATION_SUGGESTED, Outcome.NO_REMARK
EVERYTHING = ["GM", "KP", "MU", "DP", "AJ", "PI", "LJ"]


def base() -> AnswerSet:
    answers = AnswerSet("p1", "health_v1")
    for question in questions_for(EVERYTHING, sex="female"):
        answers = answers.with_answer(question.id, False)
    return answers


def case(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "diagnosis": "meniscus surgery", "body_part": "knee", "side": "left",
        "from": MonthYear(2024, 2), "course": "healed", "to": MonthYear(2024, 6),
        "treatment": "arthroscopy", "doctor": "Dr Rossi", "time_off_work": False,
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def answers(**yes: list[dict[str, Any]] | bool) -> AnswerSet:
    result = base()
    for question_id, cases in yes.items():
        result = result.with_answer(question_id, True, [] if cases is True else cases)
    return result


def outcomes(answer_set: AnswerSet, products: list[str] = EVERYTHING) -> dict[str, Outcome]:
    result = assess(answer_set, products, today=TODAY, language="en")
    return {code: p.outcome for code, p in result.products.items()}


def rules_found(answer_set: AnswerSet, product: str) -> set[str]:
    result = assess(answer_set, [product], today=TODAY)
    return {f.rule_id for f in result.products[product].findings}


def test_all_no_gives_no_remark_everywhere() -> None:
    assert set(outcomes(base()).values()) == {N}
    assert assess(base(), EVERYTHING, today=TODAY).reservations == ()


# rule id -> (answers, product it concerns, expected outcome, products it must leave alone)
RULE_CASES: dict[str, tuple[AnswerSet, str, Outcome, list[str]]] = {
    "ongoing_treatment": (answers(current_treatment=[case(course="ongoing", to=None)]), "GM", R,
                          ["KP", "DP", "LJ"]),
    "several_conditions": (answers(treatment_5y=[
        case(), case(diagnosis="asthma", body_part="lungs", side=None, to=MonthYear(2015, 1),
                     **{"from": MonthYear(2010, 1)}),
        case(diagnosis="sprain", body_part="foot", side="right", to=MonthYear(2012, 2),
             **{"from": MonthYear(2012, 1)})]), "GM", R, ["KP", "MU"]),
    "healed_relapse_possible": (answers(treatment_5y=[case()]), "GM", S, ["MU", "KP", "LJ"]),
    "planned_treatment": (answers(planned_treatment=[{"reason": "hip replacement", "body_part": "hip",
                                                      "side": "right", "planned_on": date(2026, 5, 4),
                                                      "doctor": "Clinique X"}]), "GM", R, ["DP"]),
    "mental_health": (answers(mental_health_10y=[case(diagnosis="burnout", body_part="psyche",
                                                      side=None)]), "GM", R, ["MU", "AJ"]),
    "disability": (answers(disability=[case(diagnosis="hearing loss", body_part="ear", side="both",
                                            course="ongoing", to=None)]), "AJ", R, ["MU", "DP"]),
    "pregnancy": (answers(pregnancy=[{"expected_on": date(2026, 8, 1)}]), "GM", N, ["AJ"]),
    "kp_cancer": (answers(cancer_ever=[{"diagnosis": "nephroblastoma", "diagnosed_on": date(2012, 4, 2),
                                        "course": "healed", "to": MonthYear(2013, 1),
                                        "treatment": "surgery", "doctor": "CHUV"}]), "KP", R, ["GM"]),
    "kp_suspected_tumour": (answers(cancer_suspected=[{"reason": "lump", "body_part": "skin",
                                                       "planned_on": date(2026, 3, 20),
                                                       "doctor": "HUG"}]), "KP", R, ["GM"]),
    "travel_not_stabilised": (answers(current_treatment=[case(course="ongoing", to=None)]), "MU", N,
                              ["DP"]),
    "travel_planned_treatment": (answers(planned_treatment=[{"reason": "dental implant abroad",
                                                             "body_part": "head",
                                                             "planned_on": date(2026, 6, 1),
                                                             "doctor": "Budapest"}]), "MU", N, ["DP"]),
    "dental_existing": (answers(teeth_missing=[{"teeth": "36", "replacement": "implant"}]), "DP", N,
                        ["GM"]),
    "dental_planned": (answers(dental_planned=[{"treatment": "braces", "planned_for": MonthYear(2026, 9),
                                                "dentist": "Dr Weiss"}]), "DP", S, ["GM"]),  # 003 DP
    "daily_allowance_time_off": (answers(treatment_5y=[case(time_off_work=True,
                                                            weeks_off_work=Decimal(8))]), "PI", R, ["GM"]),
    "accident_sequelae": (answers(current_treatment=[case(course="ongoing", to=None)]), "AJ", N, ["MU"]),
}


def test_every_rule_of_the_file_has_a_case_here() -> None:
    assert sorted(RULE_CASES) == sorted(rule.id for rule in load_rules().rules)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_each_rule(rule_id: str) -> None:
    answer_set, product, expected, untouched = RULE_CASES[rule_id]
    result = assess(answer_set, [product, *untouched], today=TODAY)
    assessed = result.products[product]
    assert rule_id in {f.rule_id for f in assessed.findings}
    assert assessed.outcome is expected
    for other in untouched:
        assert rule_id not in {f.rule_id for f in result.products[other].findings}
    finding = next(f for f in assessed.findings if f.rule_id == rule_id)
    assert finding.source and all(finding.note(lang) for lang in LANGUAGES)


def test_ongoing_treatment_is_referral_for_gm_but_no_remark_for_mundo() -> None:
    answer_set = RULE_CASES["ongoing_treatment"][0]
    result = outcomes(answer_set)
    assert (result["GM"], result["MU"], result["AJ"], result["LJ"]) == (R, N, N, N)


def test_two_conditions_and_a_repeated_one_are_not_several() -> None:
    # The same knee reported under two questions counts once.
    two = answers(treatment_5y=[case(), case(diagnosis="asthma", body_part="lungs", side=None,
                                             to=MonthYear(2015, 1), **{"from": MonthYear(2010, 1)})],
                  hospital_10y=[case(diagnosis="Meniscus surgery ")])
    assert "several_conditions" not in rules_found(two, "GM")


@pytest.mark.parametrize("healed, expected", [
    (MonthYear(2021, 3), S),  # 5 years before March 2026: still recent
    (MonthYear(2021, 2), N),  # one month more: no remark
])
def test_recent_means_healed_within_five_years(healed: MonthYear, expected: Outcome) -> None:
    answer_set = answers(treatment_5y=[case(to=healed, **{"from": MonthYear(2021, 1)})])
    assert outcomes(answer_set, ["GM"])["GM"] is expected


def test_no_reservation_is_suggested_for_the_psyche_or_the_whole_body() -> None:
    for part in ("psyche", "whole_body"):
        answer_set = answers(treatment_5y=[case(body_part=part, side=None)])
        assert "healed_relapse_possible" not in rules_found(answer_set, "GM")


def test_time_off_work_long_ago_is_no_matter_for_the_daily_allowance() -> None:
    old = answers(hospital_10y=[case(time_off_work=True, weeks_off_work=Decimal(3),
                                     to=MonthYear(2019, 6), **{"from": MonthYear(2019, 1)})])
    assert outcomes(old, ["PI"])["PI"] is N


def test_suggested_reservation_wording_and_products() -> None:
    result = assess(answers(treatment_5y=[case()]), ["GM", "SC", "LJ"], today=TODAY, language="en")
    (suggestion,) = result.reservations
    assert suggestion.wording == "left knee, meniscus surgery 2024"
    assert (suggestion.condition, suggestion.body_part) == ("meniscus surgery 2024", "left knee")
    assert suggestion.products == ("GM", "SC")  # not LJ: no questions asked for it
    assert (suggestion.rule_id, suggestion.question_id, suggestion.case) == (
        "healed_relapse_possible", "treatment_5y", 1)
    assert result.products["LJ"].questions_asked is False
    assert result.outcome is S


@pytest.mark.parametrize("language, wording", [
    ("fr", "genou gauche, meniscus surgery 2024"),
    ("de", "linkes Knie, meniscus surgery 2024"),
    ("it", "ginocchio sinistro, meniscus surgery 2024"),
])
def test_body_part_in_the_clients_language(language: str, wording: str) -> None:
    # The diagnosis stays as the client gave it; the agent may reword it.
    result = assess(answers(treatment_5y=[case()]), ["GM"], today=TODAY, language=language)
    assert result.reservations[0].wording == wording


def test_the_same_condition_under_two_questions_is_one_suggestion() -> None:
    answer_set = answers(treatment_5y=[case()], hospital_10y=[case()])
    assert len(assess(answer_set, ["GM"], today=TODAY).reservations) == 1


def test_referral_wins_over_a_suggested_reservation() -> None:
    answer_set = answers(treatment_5y=[case()], planned_treatment=[
        {"reason": "check", "body_part": "knee", "side": "left", "planned_on": date(2026, 4, 1),
         "doctor": "Dr Rossi"}])
    result = assess(answer_set, ["GM"], today=TODAY)
    assert result.products["GM"].outcome is R
    assert len(result.reservations) == 1  # still shown to the agent


def test_rules_are_for_one_questionnaire_version() -> None:
    with pytest.raises(LookupError, match="health_v0"):
        assess(AnswerSet("p", "health_v0"), ["GM"], today=TODAY)


@pytest.fixture()
def rules_file(tmp_path: Path) -> Path:
    for name in ("health_v1.toml", "requirements.toml", "underwriting_rules.toml"):
        shutil.copy(QUESTIONNAIRE_DIR / name, tmp_path / name)
    return tmp_path / "underwriting_rules.toml"


@pytest.mark.parametrize("old, new, where, problem", [
    ('outcome = "referral"\ngroups = ["full"]\nquestions = ["current_treatment", "treatment_5y", "hospital_10y"]',
     'outcome = "refer"\ngroups = ["full"]\nquestions = ["current_treatment", "treatment_5y", "hospital_10y"]',
     "rules[0] (id 'ongoing_treatment').outcome", "expected one of"),
    ('products = ["KP"]\nquestions = ["cancer_ever"]', 'products = ["KX"]\nquestions = ["cancer_ever"]',
     "rules[7] (id 'kp_cancer').products", "unknown product 'KX'"),
    ('products = ["KP"]\nquestions = ["cancer_ever"]', 'products = ["KP"]\nquestions = ["cancer"]',
     "rules[7] (id 'kp_cancer').questions", "no question 'cancer'"),
    ('products = ["KP"]\nquestions = ["cancer_ever"]', 'products = ["KP"]\nquestions = ["pregnancy"]',
     "rules[7] (id 'kp_cancer').questions", "never asked"),
    ('products = ["KP"]\nquestions = ["cancer_ever"]',
     'products = ["KP"]\ngroups = ["full"]\nquestions = ["cancer_ever"]',
     "rules[7] (id 'kp_cancer')", "either `groups` or `products`"),
    ('match = "count"\nat_least = 3', 'match = "count"', "rules[1] (id 'several_conditions').at_least",
     "go together"),
    ('course = "healed"\nrecent_years = 5', 'course = "cured"\nrecent_years = 5',
     "rules[2] (id 'healed_relapse_possible').course", "not an option"),
    ('course = "healed"\nrecent_years = 5', 'course = "healed"\nrecent_years = 0',
     "rules[2] (id 'healed_relapse_possible').recent_years", "at least 1"),
    ('questions = ["planned_treatment"]\nmatch = "answer"',
     'questions = ["planned_treatment"]\nmatch = "answer"\ncourse = "ongoing"',
     "rules[3] (id 'planned_treatment').course", "need match"),
    ('outcome = "reservation_suggested"\ngroups = ["full"]\nquestions = ["current_treatment", "treatment_5y", "hospital_10y"]\nmatch = "case"',
     'outcome = "reservation_suggested"\ngroups = ["full"]\nquestions = ["current_treatment", "treatment_5y", "hospital_10y"]\nmatch = "answer"',
     "rules[2] (id 'healed_relapse_possible').match", "suggested from a case"),
    ('id = "mental_health"', 'id = "planned_treatment"', "rules", "duplicated rule id"),
])
def test_bad_rules_name_file_and_rule(rules_file: Path, old: str, new: str, where: str,
                                      problem: str) -> None:
    text = rules_file.read_text(encoding="utf-8")
    assert old in text
    rules_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    from app.services.proposals.questionnaire import load_questionnaire, load_requirements
    questionnaire = load_questionnaire("health_v1", rules_file.parent)
    requirements = load_requirements(rules_file.parent / "requirements.toml")
    with pytest.raises(QuestionnaireError) as error:
        parse_rules(rules_file, questionnaire, requirements)
    assert (error.value.path.name, error.value.where) == ("underwriting_rules.toml", where)
    assert problem in error.value.problem
