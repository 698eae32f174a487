"""Underwriting aid: from one person's answers, a suggestion per product.

"no_remark", "reservation_suggested" (with the condition and body part, e.g. "left knee,
meniscus surgery 2024") or "referral" to the insurer's medical officer. The rules are data
(`resources/questionnaires/underwriting_rules.toml`), each citing why. This is only a
suggestion: the insurer decides (004 art. 6 al. 5), and its decision is recorded apart
(`reservations.decide`, `lifecycle.record_decision`).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from app.services.proposals.answers import AnswerSet, Case, MonthYear
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    LocalText,
    Questionnaire,
    QuestionnaireError,
    Requirements,
    TomlReader,
    load_questionnaire,
    load_requirements,
)

RULES_FILE = QUESTIONNAIRE_DIR / "underwriting_rules.toml"


class Outcome(StrEnum):
    NO_REMARK = "no_remark"
    RESERVATION_SUGGESTED = "reservation_suggested"
    REFERRAL = "referral"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Outcome.NO_REMARK: 0, Outcome.RESERVATION_SUGGESTED: 1, Outcome.REFERRAL: 2}
MATCHES = ("answer", "case", "count")
_CASE_CONDITIONS = ("course", "recent_years", "body_part_not_in", "time_off_work")
WORDING_FIELDS = ("what", "when")
WHAT_FIELDS = ("diagnosis", "reason", "treatment")  # what a case is about, as typed


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    outcome: Outcome
    questions: tuple[str, ...]
    match: str
    source: str
    note: LocalText
    groups: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    course: str | None = None
    recent_years: int | None = None
    body_part_not_in: tuple[str, ...] = ()
    time_off_work: bool | None = None
    at_least: int | None = None
    wording: LocalText | None = None  # a suggestion's own wording, with {what} and {when}

    def concerns(self, product: str, groups: set[str]) -> bool:
        return product in self.products or bool(groups.intersection(self.groups))


@dataclass(frozen=True, eq=False)
class RuleBook:
    version: str
    questionnaire: str
    rules: tuple[Rule, ...]
    path: Path


def _positive_int(reader: TomlReader, raw: dict[str, Any], key: str, where: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise reader.fail(f"{where}.{key}", "expected a whole number of at least 1")
    return value


def _str_list(reader: TomlReader, raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise reader.fail(f"{where}.{key}", "expected a list of ids")
    return tuple(value)


def _rule(reader: TomlReader, raw: Any, where: str, questionnaire: Questionnaire,
          requirements: Requirements) -> Rule:
    raw = reader.table(raw, where)
    reader.keys(raw, where, {"id", "outcome", "questions", "match", "source", "note"},
                {"groups", "products", "at_least", "wording", *_CASE_CONDITIONS})
    where = f"{where} (id {raw['id']!r})"
    try:
        outcome = Outcome(raw["outcome"])
    except ValueError:
        raise reader.fail(f"{where}.outcome", f"expected one of {', '.join(Outcome)}") from None
    groups = _str_list(reader, raw, "groups", where)
    products = _str_list(reader, raw, "products", where)
    if bool(groups) == bool(products):
        raise reader.fail(where, "give either `groups` or `products`")
    for group in groups:
        if group not in requirements.groups:
            raise reader.fail(f"{where}.groups", f"unknown group {group!r}")
    for code in products:
        if code not in requirements.products:
            raise reader.fail(f"{where}.products", f"unknown product {code!r}")
    questions = _str_list(reader, raw, "questions", where)
    reachable = set(groups).union(*(requirements.products[c] for c in products))
    if not questions:
        raise reader.fail(f"{where}.questions", "name at least one question")
    for question_id in questions:
        try:
            question = questionnaire.question(question_id)
        except LookupError:
            raise reader.fail(f"{where}.questions", f"{questionnaire.version} has no question "
                                                    f"{question_id!r}") from None
        if not reachable.intersection(question.groups):
            raise reader.fail(f"{where}.questions", f"{question_id!r} is never asked for the "
                                                    "products this rule concerns")
    match = raw["match"]
    if match not in MATCHES:
        raise reader.fail(f"{where}.match", f"expected one of {', '.join(MATCHES)}")
    if outcome is Outcome.RESERVATION_SUGGESTED and match != "case":
        raise reader.fail(f"{where}.match", "a reservation is suggested from a case: use \"case\"")
    used = [key for key in _CASE_CONDITIONS if key in raw]
    if used and match != "case":
        raise reader.fail(f"{where}.{used[0]}", "case conditions need match = \"case\"")
    if (match == "count") != ("at_least" in raw):
        raise reader.fail(f"{where}.at_least", "match = \"count\" and at_least go together")
    course = raw.get("course")
    if course is not None and course not in questionnaire.options["course"]:
        raise reader.fail(f"{where}.course", f"not an option of the course list: {course!r}")
    time_off = raw.get("time_off_work")
    if time_off is not None and not isinstance(time_off, bool):
        raise reader.fail(f"{where}.time_off_work", "expected true or false")
    wording = None
    if "wording" in raw:
        if outcome is not Outcome.RESERVATION_SUGGESTED:
            raise reader.fail(f"{where}.wording", "only a suggested reservation has a wording")
        wording = reader.local(raw, "wording", where)
        for language, text in wording.texts.items():
            try:
                names = {name for _t, name, _f, _c in string.Formatter().parse(text) if name is not None}
            except ValueError as error:
                raise reader.fail(f"{where}.wording.{language}", str(error)) from None
            if not names <= set(WORDING_FIELDS) or "what" not in names:
                raise reader.fail(f"{where}.wording.{language}",
                                  "use {what} (and {when}), nothing else between braces")
    return Rule(
        id=raw["id"], outcome=outcome, questions=questions, match=match,
        source=reader.text(raw, "source", where), note=reader.local(raw, "note", where),
        groups=groups, products=products, course=course,
        recent_years=_positive_int(reader, raw, "recent_years", where),
        body_part_not_in=_str_list(reader, raw, "body_part_not_in", where),
        time_off_work=time_off, at_least=_positive_int(reader, raw, "at_least", where),
        wording=wording,
    )


def parse_rules(path: Path, questionnaire: Questionnaire, requirements: Requirements) -> RuleBook:
    reader = TomlReader(path)
    data = reader.load()
    reader.keys(data, "file", {"version", "questionnaire", "rules"}, set())
    if data["questionnaire"] != questionnaire.version:
        raise reader.fail("questionnaire", f"rules are for {data['questionnaire']!r}, the "
                                           f"questionnaire is {questionnaire.version!r}")
    raw_rules = data["rules"]
    if not isinstance(raw_rules, list) or not raw_rules:
        raise reader.fail("rules", "expected at least one [[rules]] entry")
    rules = tuple(_rule(reader, raw, f"rules[{i}]", questionnaire, requirements)
                  for i, raw in enumerate(raw_rules))
    ids = [rule.id for rule in rules]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise reader.fail("rules", f"duplicated rule id {duplicated[0]!r}")
    return RuleBook(reader.text(data, "version", "file"), data["questionnaire"], rules, path)


@cache
def load_rules(path: Path = RULES_FILE) -> RuleBook:
    requirements = load_requirements(path.parent / "requirements.toml")
    with path.open("rb") as handle:
        version = tomllib.load(handle).get("questionnaire")
    if not isinstance(version, str):
        raise QuestionnaireError(path, "questionnaire", "expected the questionnaire version")
    questionnaire = load_questionnaire(version, path.parent)
    return parse_rules(path, questionnaire, requirements)


# ------------------------------------------------------------------------------ assessing


@dataclass(frozen=True)
class Finding:
    rule_id: str
    outcome: Outcome
    note: LocalText
    source: str
    question_id: str
    case: int | None = None  # 1-based


@dataclass(frozen=True)
class SuggestedReservation:
    person_id: str
    condition: str  # "meniscus surgery 2024"
    body_part: str  # "left knee"
    products: tuple[str, ...]
    rule_id: str
    question_id: str
    case: int

    @property
    def wording(self) -> str:
        return f"{self.body_part}, {self.condition}" if self.body_part else self.condition


@dataclass(frozen=True)
class ProductAssessment:
    product: str
    outcome: Outcome
    findings: tuple[Finding, ...] = ()
    questions_asked: bool = True


@dataclass(frozen=True)
class PersonAssessment:
    person_id: str
    rules_version: str
    products: Mapping[str, ProductAssessment]
    reservations: tuple[SuggestedReservation, ...]

    @property
    def outcome(self) -> Outcome:
        return max((p.outcome for p in self.products.values()), key=lambda o: o.severity,
                   default=Outcome.NO_REMARK)


def _cases(answer_set: AnswerSet, question_ids: Iterable[str]) -> Iterator[tuple[str, int, Case]]:
    for question_id in question_ids:
        answer = answer_set.answers.get(question_id)
        if answer is not None and answer.value is True:
            for number, case in enumerate(answer.cases, start=1):
                yield question_id, number, case


def _began(case: Case) -> MonthYear | None:
    for key in ("from", "diagnosed_on", "planned_on", "planned_for"):
        value = case.get(key)
        if isinstance(value, MonthYear):
            return value
        if isinstance(value, date):
            return MonthYear.of(value)
    return None


def _case_matches(rule: Rule, case: Case, today: date) -> bool:
    if rule.course is not None and case.get("course") != rule.course:
        return False
    if rule.time_off_work is not None and case.get("time_off_work") is not rule.time_off_work:
        return False
    if case.get("body_part") in rule.body_part_not_in:
        return False
    if rule.recent_years is not None and case.get("course") != "ongoing":
        threshold = MonthYear(today.year - rule.recent_years, today.month)
        ended = case.get("to")
        reference = ended if isinstance(ended, MonthYear) else _began(case)
        if reference is None or reference < threshold:
            return False
    return True


def _distinct(case: Case) -> tuple[str, object, object]:
    return (str(case.get("diagnosis", "")).strip().casefold(), case.get("body_part"), case.get("side"))


def _matches(rule: Rule, answer_set: AnswerSet, today: date) -> list[tuple[str, int | None, Case | None]]:
    if rule.match == "answer":
        return [(q, None, None) for q in rule.questions
                if (a := answer_set.answers.get(q)) is not None and a.value is True]
    cases = list(_cases(answer_set, rule.questions))
    if rule.match == "count":
        distinct = {_distinct(case) for _q, _n, case in cases}
        return [(rule.questions[0], None, None)] if len(distinct) >= (rule.at_least or 1) else []
    return [(q, n, c) for q, n, c in cases if _case_matches(rule, c, today)]


def _suggestion_text(questionnaire: Questionnaire, case: Case, language: str | None,
                     wording: LocalText | None = None) -> tuple[str, str]:
    what = next((str(case[k]).strip() for k in WHAT_FIELDS if str(case.get(k) or "").strip()), "")
    began = _began(case)
    if wording is not None:
        when = f"{began.month:02d}.{began.year}" if began else ""
        condition = wording(language).format(what=what, when=when)
    else:
        condition = f"{what} {began.year}" if began else what
    part = case.get("body_part")
    side = case.get("side")
    body = (questionnaire.body_part_text(part, side if isinstance(side, str) else None, language)
            if isinstance(part, str) and part in questionnaire.options["body_parts"] else "")
    return condition, body


def assess(answer_set: AnswerSet, products: Iterable[str], *, today: date,
           language: str | None = None, exemptions: Iterable[str] = (),
           rulebook: RuleBook | None = None, requirements: Requirements | None = None) -> PersonAssessment:
    """Suggestions for one person's products from their (validated) answers.

    `language` is the client's, for the suggested reservation wording; `today` is the day
    of the assessment (for "in the last N years").
    """
    rulebook = rulebook or load_rules()
    requirements = requirements or load_requirements()
    if answer_set.version != rulebook.questionnaire:
        raise LookupError(f"rules {rulebook.version} are for {rulebook.questionnaire}, the answers "
                          f"for {answer_set.version}")
    questionnaire = load_questionnaire(answer_set.version, rulebook.path.parent)
    exemptions = tuple(exemptions)
    by_product: dict[str, ProductAssessment] = {}
    suggestions: dict[str, SuggestedReservation] = {}
    for product in dict.fromkeys(products):
        groups = requirements.groups_for([product], exemptions)
        if not groups:
            by_product[product] = ProductAssessment(product, Outcome.NO_REMARK, questions_asked=False)
            continue
        findings: list[Finding] = []
        for rule in rulebook.rules:
            if not rule.concerns(product, groups):
                continue
            for question_id, number, case in _matches(rule, answer_set, today):
                findings.append(Finding(rule.id, rule.outcome, rule.note, rule.source,
                                        question_id, number))
                if rule.outcome is Outcome.RESERVATION_SUGGESTED and case is not None and number:
                    condition, body = _suggestion_text(questionnaire, case, language, rule.wording)
                    key = f"{body}, {condition}".casefold()
                    known = suggestions.get(key)
                    codes = (known.products if known else ()) + (product,)
                    suggestions[key] = SuggestedReservation(
                        answer_set.person_id, condition, body, tuple(dict.fromkeys(codes)),
                        known.rule_id if known else rule.id,
                        known.question_id if known else question_id,
                        known.case if known else number)
        outcome = max((f.outcome for f in findings), key=lambda o: o.severity,
                      default=Outcome.NO_REMARK)
        by_product[product] = ProductAssessment(product, outcome, tuple(findings))
    return PersonAssessment(answer_set.person_id, rulebook.version, by_product,
                            tuple(suggestions.values()))
