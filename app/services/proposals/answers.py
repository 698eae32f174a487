"""Answers to the health questionnaire and their validation.

An `AnswerSet` belongs to one insured person and keeps the questionnaire version it was
answered against; it is checked against that version only. A "yes" to a question with
follow-ups needs one or more cases, each complete. Dates may not lie before the birth date
nor in the future (except planned dates). Every problem is an `Issue` with a machine code
and a message naming the question, in the interface language.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.i18n import N_, _
from app.services.formatting import format_date
from app.services.proposals.questionnaire import (
    AnswerType,
    Field,
    Insured,
    Question,
    Questionnaire,
    needs_legal_representative,
)


@dataclass(frozen=True, order=True)
class MonthYear:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.year}-{self.month}")

    @classmethod
    def of(cls, day: date) -> MonthYear:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> MonthYear:
        """"2024-03" -> MonthYear(2024, 3)."""
        year, _sep, month = text.partition("-")
        return cls(int(year), int(month))

    def __str__(self) -> str:
        return f"{self.month:02d}.{self.year}"


AnswerValue = bool | str | date | MonthYear | Decimal
Case = Mapping[str, AnswerValue]


class Respondent(StrEnum):
    SELF = "self"
    LEGAL_REPRESENTATIVE = "legal_representative"


@dataclass(frozen=True)
class Answer:
    value: AnswerValue | None
    cases: tuple[Case, ...] = ()


@dataclass(frozen=True)
class AnswerSet:
    """One person's answers, tied to the questionnaire version they were given on."""

    person_id: str
    version: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    answered_by: Respondent = Respondent.SELF
    answered_on: date | None = None

    def with_answer(self, question_id: str, value: AnswerValue | None,
                    cases: Sequence[Case] = ()) -> AnswerSet:
        answers = dict(self.answers)
        answers[question_id] = Answer(value, tuple(dict(c) for c in cases))
        return replace(self, answers=answers)

    def restricted_to(self, questions: Sequence[Question]) -> AnswerSet:
        """Only the answers the products need: nothing more is stored (data minimisation)."""
        wanted = {q.id for q in questions}
        return replace(self, answers={k: v for k, v in self.answers.items() if k in wanted})

    def to_json(self) -> str:
        return json.dumps({
            "person_id": self.person_id, "version": self.version,
            "answered_by": self.answered_by.value,
            "answered_on": self.answered_on.isoformat() if self.answered_on else None,
            "answers": {qid: {"value": _encode(a.value),
                              "cases": [{k: _encode(v) for k, v in c.items()} for c in a.cases]}
                        for qid, a in self.answers.items()},
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> AnswerSet:
        data = json.loads(text)
        answers = {
            qid: Answer(_decode(raw["value"]),
                        tuple({k: _decoded(v) for k, v in case.items()} for case in raw["cases"]))
            for qid, raw in data["answers"].items()
        }
        answered_on = date.fromisoformat(data["answered_on"]) if data["answered_on"] else None
        return cls(data["person_id"], data["version"], answers, Respondent(data["answered_by"]),
                   answered_on)


def _encode(value: AnswerValue | None) -> Any:
    # Tagged, so a stored set decodes without the questionnaire at hand.
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, MonthYear):
        return {"month": f"{value.year:04d}-{value.month:02d}"}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"number": str(value)}
    return {"text": value}


def _decode(raw: Any) -> AnswerValue | None:
    if raw is None or isinstance(raw, bool):
        return raw
    (tag, text), = raw.items()
    if tag == "month":
        return MonthYear.parse(text)
    if tag == "date":
        return date.fromisoformat(text)
    if tag == "number":
        return Decimal(text)
    if tag == "text":
        return str(text)
    raise ValueError(f"unknown answer tag {tag!r}")


def _decoded(raw: Any) -> AnswerValue:
    value = _decode(raw)
    if value is None:
        raise ValueError("a case field holds no value")
    return value


# ---------------------------------------------------------------------------- validation

_MESSAGES = {
    "unanswered": N_("{where}: please answer."),
    "wrong_format": N_("{where}: the answer has the wrong format."),
    "no_cases": N_("{where}: the answer is yes, so describe at least one case."),
    "unexpected_cases": N_("{where}: the answer is no, but cases are described; remove them or answer yes."),
    "missing": N_("{where}: this information is missing."),
    "invalid_choice": N_("{where}: choose one of the values offered."),
    "before_birth": N_("{where}: the date lies before the birth date ({birth})."),
    "in_future": N_("{where}: the date lies in the future."),
    "end_before_start": N_("{where}: the date lies before “{other}”."),
    "out_of_range": N_("{where}: enter a number from {low} to {high}."),
}


@dataclass(frozen=True)
class Issue:
    """One problem in an answer set: a machine `code` and a message for the agent."""

    code: str
    message: str
    question_id: str | None = None
    case: int | None = None  # 1-based, as shown to the agent
    field_id: str | None = None


def _where(question: Question, case: int | None, item: Field | None) -> str:
    if case is None or item is None:
        return question.label()
    return _("{question}, case {case}, “{field}”").format(
        question=question.label(), case=case, field=item.label())


class _Checker:
    def __init__(self, questionnaire: Questionnaire, person: Insured, today: date) -> None:
        self.questionnaire = questionnaire
        self.person = person
        self.today = today
        self.issues: list[Issue] = []

    def add(self, code: str, question: Question, case: int | None = None,
            item: Field | None = None, **params: object) -> None:
        message = _(_MESSAGES[code]).format(where=_where(question, case, item), **params)
        self.issues.append(Issue(code, message, question.id, case, item.id if item else None))

    def question(self, question: Question, answer: Answer | None) -> None:
        if answer is None or answer.value is None or answer.value == "":
            self.add("unanswered", question)
            return
        if question.type is AnswerType.YES_NO:
            if not isinstance(answer.value, bool):
                self.add("wrong_format", question)
            elif answer.value and question.followups and not answer.cases:
                self.add("no_cases", question)
            elif not answer.value and answer.cases:
                self.add("unexpected_cases", question)
            elif answer.value:
                for number, case in enumerate(answer.cases, start=1):
                    self.case(question, number, case)
            return
        top = Field(question.id, question.type, question.label)
        self.value(question, None, top, answer.value, {}, {})

    def case(self, question: Question, number: int, case: Case) -> None:
        fields = {item.id: item for item in self.questionnaire.fields_of(question)}
        for item in fields.values():
            value = case.get(item.id)
            if value is None or (isinstance(value, str) and not value.strip()):
                if self.is_required(item, case, fields):
                    self.add("missing", question, number, item)
                continue
            self.value(question, number, item, value, case, fields)

    def is_required(self, item: Field, case: Case, fields: Mapping[str, Field]) -> bool:
        if item.side_of:  # a side only for a paired body part (knee, eye...)
            part = case.get(item.side_of)
            options = self.questionnaire.options[fields[item.side_of].options or ""]
            option = options.get(part) if isinstance(part, str) else None
            return bool(option and option.paired)
        if item.required_if:
            return case.get(item.required_if.field) == item.required_if.equals
        return item.required

    def value(self, question: Question, number: int | None, item: Field, value: AnswerValue,
              case: Case, fields: Mapping[str, Field]) -> None:
        kind = item.type
        expected: type | tuple[type, ...] = {
            AnswerType.YES_NO: bool, AnswerType.TEXT: str, AnswerType.CHOICE: str,
            AnswerType.MONTH_YEAR: MonthYear, AnswerType.NUMBER: Decimal, AnswerType.DATE: date,
        }[kind]
        if not isinstance(value, expected) or (kind is not AnswerType.YES_NO and isinstance(value, bool)):
            self.add("wrong_format", question, number, item)
            return
        if kind is AnswerType.CHOICE and value not in self.questionnaire.options[item.options or ""]:
            self.add("invalid_choice", question, number, item)
        elif kind is AnswerType.NUMBER:
            assert isinstance(value, Decimal)
            low, high = item.minimum, item.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                self.add("out_of_range", question, number, item, low=low, high=high)
        elif kind in (AnswerType.DATE, AnswerType.MONTH_YEAR):
            self.dated(question, number, item, value, case, fields)

    def dated(self, question: Question, number: int | None, item: Field, value: AnswerValue,
              case: Case, fields: Mapping[str, Field]) -> None:
        def month(v: AnswerValue) -> MonthYear | None:
            if isinstance(v, MonthYear):
                return v
            return MonthYear.of(v) if isinstance(v, date) else None

        # A month-year is compared by month: "03.2024" is fine for someone born 15.03.2024.
        if isinstance(value, MonthYear):
            before = value < MonthYear.of(self.person.birth_date)
            future = value > MonthYear.of(self.today)
        elif isinstance(value, date):
            before, future = value < self.person.birth_date, value > self.today
        else:
            return
        if before:
            self.add("before_birth", question, number, item,
                     birth=format_date(self.person.birth_date))
        elif future and not item.allow_future:
            self.add("in_future", question, number, item)
        elif item.not_before and case.get(item.not_before) is not None:
            other = case[item.not_before]
            if isinstance(other, date) and isinstance(value, date):
                early = value < other
            else:  # compared by month as soon as one of them is a month-year
                start, end = month(other), month(value)
                early = start is not None and end is not None and end < start
            if early:
                self.add("end_before_start", question, number, item,
                         other=fields[item.not_before].label())


def validate(questionnaire: Questionnaire, answer_set: AnswerSet, questions: Sequence[Question],
             person: Insured, today: date) -> tuple[Issue, ...]:
    """Everything wrong with `answer_set` for `questions` (from `questions_for`); () when ready.

    `today` is the day of the check: dates after it are in the future.
    """
    if answer_set.version != questionnaire.version:
        message = _("The answers were given on questionnaire {answered} and cannot be checked "
                    "against {current}.").format(answered=answer_set.version,
                                                 current=questionnaire.version)
        return (Issue("version_mismatch", message),)
    issues: list[Issue] = []
    if (needs_legal_representative(person, today)
            and answer_set.answered_by is not Respondent.LEGAL_REPRESENTATIVE):
        issues.append(Issue("legal_representative_required", _(
            "{person}: for a child under 18 or a person without civil capacity, the legal "
            "representative answers and signs.").format(person=person.name or person.id)))
    known = {q.id for q in questionnaire.questions}
    for question_id in answer_set.answers:
        if question_id not in known:
            issues.append(Issue("unknown_question", _(
                "The answers contain a question “{question}” that questionnaire {version} does "
                "not have.").format(question=question_id, version=questionnaire.version),
                question_id))
    checker = _Checker(questionnaire, person, today)
    for question in questions:
        checker.question(question, answer_set.answers.get(question.id))
    return tuple(issues + checker.issues)


def parse_number(text: str) -> Decimal:
    """An agent's typed number ("12", "12.5", "12,5") as Decimal; ValueError if it is none."""
    try:
        return Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
