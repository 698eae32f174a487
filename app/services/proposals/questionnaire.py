"""The health questionnaire as data: questions, follow-ups, which products need which.

The definition lives in `resources/questionnaires/<version>.toml`, the product requirements
in `resources/questionnaires/requirements.toml` (format described in both files and in the
docs/questionnaire-and-lifecycle.md). Both are checked on load; a mistake raises `QuestionnaireError` naming the file and
the field. One questionnaire per insured person covers all of that person's products: the
questions are the union of the products' groups (`questions_for`).

Answers and their validation are in `app.services.proposals.answers`; the rule of who
answers and signs (the person, or the legal representative of a child or of a person
without civil capacity) is here (`needs_legal_representative`, `required_signers`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from app.i18n import LANGUAGES, get_language
from app.paths import RESOURCES
from app.services.dates import age_on

QUESTIONNAIRE_DIR = RESOURCES / "questionnaires"
REQUIREMENTS_FILE = QUESTIONNAIRE_DIR / "requirements.toml"
SIDE_KEYS = ("left", "right", "both")
SEXES = ("female", "male")
# Civil majority at 18 (Swiss Civil Code art. 14); exercise of civil rights needs majority and
# capacity of discernment (CC art. 13).
MAJORITY_AGE = 18


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    TEXT = "text"
    DATE = "date"
    MONTH_YEAR = "month_year"
    CHOICE = "choice"
    NUMBER = "number"


class QuestionnaireError(ValueError):
    """Bad questionnaire or requirements data; the message names file and field."""

    def __init__(self, path: Path, where: str, problem: str) -> None:
        super().__init__(f"{path.name}: {where}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


@dataclass(frozen=True, eq=False)
class LocalText:
    """A text given in every language (fr, de, it, en)."""

    texts: Mapping[str, str]

    def __call__(self, language: str | None = None) -> str:
        return self.texts[language or get_language()]


@dataclass(frozen=True, eq=False)
class Option:
    id: str
    label: LocalText
    paired: bool = False
    sides: Mapping[str, LocalText] | None = None  # wording per side for paired body parts


@dataclass(frozen=True)
class RequiredIf:
    field: str
    equals: bool | str


@dataclass(frozen=True, eq=False)
class Field:
    """One follow-up field of a case (or the answer of a top-level question)."""

    id: str
    type: AnswerType
    label: LocalText
    required: bool = True
    required_if: RequiredIf | None = None
    options: str | None = None
    side_of: str | None = None
    not_before: str | None = None
    allow_future: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    groups: tuple[str, ...]
    type: AnswerType
    label: LocalText
    text: LocalText
    source: str
    followups: str | None = None
    sex: str | None = None
    min_age: int | None = None  # completed years on the day of the questionnaire, included
    max_age: int | None = None

    def applies_to(self, sex: str | None, age: int | None) -> bool:
        """Asked of this sex and age; an unknown sex or age asks rather than skips."""
        if self.sex is not None and sex is not None and self.sex != sex:
            return False
        if age is None:
            return True
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age)


@dataclass(frozen=True, eq=False)
class Questionnaire:
    version: str
    valid_from: date
    title: LocalText
    source: str
    options: Mapping[str, Mapping[str, Option]]
    followups: Mapping[str, tuple[Field, ...]]
    questions: tuple[Question, ...]
    path: Path

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise LookupError(f"questionnaire {self.version} has no question {question_id!r}")

    def fields_of(self, question: Question) -> tuple[Field, ...]:
        return self.followups[question.followups] if question.followups else ()

    def option(self, list_id: str, option_id: str) -> Option:
        return self.options[list_id][option_id]

    def body_part_text(self, body_part: str, side: str | None, language: str | None = None) -> str:
        """"knee" + "left" -> "left knee" / "genou gauche"; unpaired parts ignore the side."""
        option = self.option("body_parts", body_part)
        if option.paired and option.sides and side is not None and side in option.sides:
            return option.sides[side](language)
        return option.label(language)


@dataclass(frozen=True, eq=False)
class Group:
    id: str
    label: LocalText
    source: str


@dataclass(frozen=True, eq=False)
class Exemption:
    id: str
    products: tuple[str, ...]
    label: LocalText
    source: str


@dataclass(frozen=True, eq=False)
class Requirements:
    questionnaire: str
    groups: Mapping[str, Group]
    products: Mapping[str, tuple[str, ...]]
    sources: Mapping[str, str]
    exemptions: Mapping[str, Exemption]
    path: Path

    def groups_for(self, products: Iterable[str], exemptions: Iterable[str] = ()) -> set[str]:
        """Union of the groups of `products`; exempted products contribute none."""
        exempt: set[str] = set()
        for exemption_id in exemptions:
            if exemption_id not in self.exemptions:
                raise LookupError(f"unknown exemption {exemption_id!r}")
            exempt.update(self.exemptions[exemption_id].products)
        found: set[str] = set()
        for code in products:
            if code not in self.products:
                raise LookupError(f"no questionnaire requirement for product {code!r}")
            if code not in exempt:
                found.update(self.products[code])
        return found


# ------------------------------------------------------------------------------- loading


def _join(where: str, key: str) -> str:
    return key if where == "file" else f"{where}.{key}"


class TomlReader:
    """Typed access to parsed TOML that names file and field on every mistake."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> QuestionnaireError:
        return QuestionnaireError(self.path, where, problem)

    def table(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "expected a table")
        return data

    def keys(self, data: dict[str, Any], where: str, required: set[str], optional: set[str]) -> None:
        missing = sorted(required - data.keys())
        if missing:
            raise self.fail(_join(where, missing[0]), "missing")
        unknown = sorted(data.keys() - required - optional)
        if unknown:
            raise self.fail(_join(where, unknown[0]), "unknown key")

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(_join(where, key), "expected a non-empty text")
        return value

    def local(self, data: dict[str, Any], key: str, where: str) -> LocalText:
        at = _join(where, key)
        if key not in data:
            raise self.fail(at, "missing (a text in fr, de, it and en)")
        table = self.table(data[key], at)
        self.keys(table, at, set(LANGUAGES), set())
        return LocalText({lang: self.text(table, lang, at) for lang in LANGUAGES})

    def boolean(self, data: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"{where}.{key}", "expected true or false")
        return value

    def answer_type(self, data: dict[str, Any], where: str) -> AnswerType:
        value = data.get("type")
        try:
            return AnswerType(str(value))
        except ValueError:
            expected = ", ".join(t.value for t in AnswerType)
            raise self.fail(f"{where}.type", f"unknown answer type {value!r} (expected {expected})") from None

    def load(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as handle:
                return tomllib.load(handle)
        except FileNotFoundError:
            raise self.fail("file", "not found") from None
        except tomllib.TOMLDecodeError as error:
            raise self.fail("syntax", str(error)) from None


def _options(reader: TomlReader, data: dict[str, Any]) -> dict[str, dict[str, Option]]:
    lists: dict[str, dict[str, Option]] = {}
    for list_id, entries in reader.table(data, "options").items():
        where = f"options.{list_id}"
        entries = reader.table(entries, where)
        if not entries:
            raise reader.fail(where, "a choice list needs at least one option")
        lists[list_id] = {}
        for option_id, raw in entries.items():
            at = f"{where}.{option_id}"
            raw = reader.table(raw, at)
            reader.keys(raw, at, {"label"}, {"paired", *SIDE_KEYS})
            paired = reader.boolean(raw, "paired", at, False)
            sides = {key: reader.local(raw, key, at) for key in SIDE_KEYS} if paired else None
            if not paired and any(key in raw for key in SIDE_KEYS):
                raise reader.fail(at, "side wordings are only for `paired = true` options")
            lists[list_id][option_id] = Option(option_id, reader.local(raw, "label", at), paired, sides)
    return lists


def _field(reader: TomlReader, raw: Any, where: str, options: Mapping[str, Mapping[str, Option]]) -> Field:
    raw = reader.table(raw, where)
    reader.keys(raw, where, {"id", "type", "label"},
                {"required", "required_if", "options", "side_of", "not_before", "allow_future",
                 "min", "max"})
    kind = reader.answer_type(raw, where)
    list_id = raw.get("options")
    if (kind is AnswerType.CHOICE) != (list_id is not None):
        raise reader.fail(f"{where}.options", "a choice field names its option list, other types none")
    if list_id is not None and list_id not in options:
        raise reader.fail(f"{where}.options", f"unknown option list {list_id!r}")
    condition = None
    if "required_if" in raw:
        cond = reader.table(raw["required_if"], f"{where}.required_if")
        reader.keys(cond, f"{where}.required_if", {"field", "equals"}, set())
        if not isinstance(cond["equals"], bool | str):
            raise reader.fail(f"{where}.required_if.equals", "expected true, false or an option id")
        condition = RequiredIf(reader.text(cond, "field", f"{where}.required_if"), cond["equals"])
    bounds: dict[str, Decimal | None] = {"min": None, "max": None}
    for key in bounds:
        if key in raw:
            if kind is not AnswerType.NUMBER or not isinstance(raw[key], int | float):
                raise reader.fail(f"{where}.{key}", "bounds are numbers, for number fields only")
            bounds[key] = Decimal(str(raw[key]))
    allow_future = reader.boolean(raw, "allow_future", where, False)
    if allow_future and kind not in (AnswerType.DATE, AnswerType.MONTH_YEAR):
        raise reader.fail(f"{where}.allow_future", "only date and month_year fields have it")
    return Field(
        id=reader.text(raw, "id", where), type=kind, label=reader.local(raw, "label", where),
        required=reader.boolean(raw, "required", where, True), required_if=condition,
        options=list_id, side_of=raw.get("side_of"), not_before=raw.get("not_before"),
        allow_future=allow_future, minimum=bounds["min"], maximum=bounds["max"],
    )


def _check_references(reader: TomlReader, fields: Sequence[Field], where: str,
                      options: Mapping[str, Mapping[str, Option]]) -> None:
    by_id = {f.id: f for f in fields}
    if len(by_id) != len(fields):
        raise reader.fail(where, "duplicated field id")
    for index, item in enumerate(fields):
        at = f"{where}.fields[{index}] (id {item.id!r})"
        if item.required_if:
            other = by_id.get(item.required_if.field)
            if other is None:
                raise reader.fail(f"{at}.required_if.field", f"no field {item.required_if.field!r}")
            if other.type is AnswerType.YES_NO and not isinstance(item.required_if.equals, bool):
                raise reader.fail(f"{at}.required_if.equals", "a yes/no field compares to true or false")
            if other.type is AnswerType.CHOICE and (
                    not isinstance(item.required_if.equals, str)
                    or item.required_if.equals not in options[other.options or ""]):
                raise reader.fail(f"{at}.required_if.equals", "not an option of that field")
        if item.side_of:
            part = by_id.get(item.side_of)
            if part is None or part.type is not AnswerType.CHOICE or item.type is not AnswerType.CHOICE:
                raise reader.fail(f"{at}.side_of", "must name a choice field, on a choice field")
            sides = set(options[item.options or ""])
            for option in options[part.options or ""].values():
                if option.paired and set(option.sides or {}) != sides:
                    raise reader.fail(f"{at}.side_of", f"option {option.id!r} lacks a side wording")
        if item.not_before:
            other = by_id.get(item.not_before)
            dated = (AnswerType.DATE, AnswerType.MONTH_YEAR)
            if other is None or other.type not in dated or item.type not in dated:
                raise reader.fail(f"{at}.not_before", "must name a date field, on a date field")


def _questions(reader: TomlReader, raw_list: Any, followups: Mapping[str, tuple[Field, ...]]) -> tuple[Question, ...]:
    if not isinstance(raw_list, list) or not raw_list:
        raise reader.fail("questions", "expected at least one [[questions]] entry")
    seen: set[str] = set()
    questions = []
    for index, raw in enumerate(raw_list):
        where = f"questions[{index}]"
        raw = reader.table(raw, where)
        question_id = reader.text(raw, "id", where)
        where = f"questions[{index}] (id {question_id!r})"
        reader.keys(raw, where, {"id", "groups", "type", "label", "text", "source"},
                    {"followups", "sex", "min_age", "max_age"})
        if question_id in seen:
            raise reader.fail(f"{where}.id", "duplicated question id")
        seen.add(question_id)
        groups = raw["groups"]
        if not isinstance(groups, list) or not groups or not all(isinstance(g, str) for g in groups):
            raise reader.fail(f"{where}.groups", "expected a non-empty list of group ids")
        kind = reader.answer_type(raw, where)
        followup = raw.get("followups")
        if followup is not None:
            if kind is not AnswerType.YES_NO:
                raise reader.fail(f"{where}.followups", "only a yes/no question opens follow-ups")
            if followup not in followups:
                raise reader.fail(f"{where}.followups", f"unknown follow-up set {followup!r}")
        sex = raw.get("sex")
        if sex is not None and sex not in SEXES:
            raise reader.fail(f"{where}.sex", f"expected one of {', '.join(SEXES)}")
        ages: dict[str, int | None] = {}
        for key in ("min_age", "max_age"):
            value = raw.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                      or not 0 <= value <= 120):
                raise reader.fail(f"{where}.{key}", "expected a whole number of years (0 to 120)")
            ages[key] = value
        if ages["min_age"] is not None and ages["max_age"] is not None \
                and ages["min_age"] > ages["max_age"]:
            raise reader.fail(where, f"min_age ({ages['min_age']}) is above max_age "
                                     f"({ages['max_age']})")
        questions.append(Question(
            id=question_id, groups=tuple(groups), type=kind, label=reader.local(raw, "label", where),
            text=reader.local(raw, "text", where), source=reader.text(raw, "source", where),
            followups=followup, sex=sex, min_age=ages["min_age"], max_age=ages["max_age"],
        ))
    return tuple(questions)


def parse_questionnaire(path: Path) -> Questionnaire:
    """Read and check one questionnaire file (no caching; see `load_questionnaire`)."""
    reader = TomlReader(path)
    data = reader.load()
    reader.keys(data, "file", {"version", "valid_from", "title", "source", "options", "followups",
                               "questions"}, set())
    version = reader.text(data, "version", "file")
    if version != path.stem:
        raise reader.fail("version", f"{version!r} differs from the file name {path.stem!r}")
    if not isinstance(data["valid_from"], date):
        raise reader.fail("valid_from", "expected a date (YYYY-MM-DD)")
    options = _options(reader, data["options"])
    followups: dict[str, tuple[Field, ...]] = {}
    for set_id, raw_set in reader.table(data["followups"], "followups").items():
        where = f"followups.{set_id}"
        raw_set = reader.table(raw_set, where)
        reader.keys(raw_set, where, {"fields"}, set())
        raw_fields = raw_set["fields"]
        if not isinstance(raw_fields, list) or not raw_fields:
            raise reader.fail(f"{where}.fields", "expected at least one field")
        fields = tuple(_field(reader, raw, f"{where}.fields[{i}]", options)
                       for i, raw in enumerate(raw_fields))
        _check_references(reader, fields, where, options)
        followups[set_id] = fields
    return Questionnaire(
        version=version, valid_from=data["valid_from"], title=reader.local(data, "title", "file"),
        source=reader.text(data, "source", "file"), options=options, followups=followups,
        questions=_questions(reader, data["questions"], followups), path=path,
    )


def parse_requirements(path: Path) -> Requirements:
    reader = TomlReader(path)
    data = reader.load()
    reader.keys(data, "file", {"questionnaire", "groups", "products"}, {"exemptions"})
    groups = {}
    for group_id, raw in reader.table(data["groups"], "groups").items():
        where = f"groups.{group_id}"
        raw = reader.table(raw, where)
        reader.keys(raw, where, {"label", "source"}, set())
        groups[group_id] = Group(group_id, reader.local(raw, "label", where), reader.text(raw, "source", where))
    products: dict[str, tuple[str, ...]] = {}
    sources: dict[str, str] = {}
    for code, raw in reader.table(data["products"], "products").items():
        where = f"products.{code}"
        raw = reader.table(raw, where)
        reader.keys(raw, where, {"groups", "source"}, set())
        names = raw["groups"]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise reader.fail(f"{where}.groups", "expected a list of group ids (empty: no question)")
        for name in names:
            if name not in groups:
                raise reader.fail(f"{where}.groups", f"unknown group {name!r}")
        products[code] = tuple(names)
        sources[code] = reader.text(raw, "source", where)
    exemptions = {}
    for exemption_id, raw in reader.table(data.get("exemptions", {}), "exemptions").items():
        where = f"exemptions.{exemption_id}"
        raw = reader.table(raw, where)
        reader.keys(raw, where, {"products", "label", "source"}, set())
        codes = raw["products"]
        if not isinstance(codes, list) or not codes or any(c not in products for c in codes):
            raise reader.fail(f"{where}.products", "expected a list of listed product codes")
        exemptions[exemption_id] = Exemption(exemption_id, tuple(codes), reader.local(raw, "label", where),
                                             reader.text(raw, "source", where))
    return Requirements(reader.text(data, "questionnaire", "file"), groups, products, sources,
                        exemptions, path)


def check_consistency(questionnaire: Questionnaire, requirements: Requirements) -> None:
    """Every group a question names is defined, and every defined group asks something."""
    used = {group for question in questionnaire.questions for group in question.groups}
    for index, question in enumerate(questionnaire.questions):
        for group in question.groups:
            if group not in requirements.groups:
                raise QuestionnaireError(questionnaire.path, f"questions[{index}] (id {question.id!r}).groups",
                                         f"group {group!r} is not defined in {requirements.path.name}")
    for group in requirements.groups:
        if group not in used:
            raise QuestionnaireError(requirements.path, f"groups.{group}",
                                     f"no question of {questionnaire.version} belongs to it")


@cache
def load_requirements(path: Path = REQUIREMENTS_FILE) -> Requirements:
    return parse_requirements(path)


@cache
def load_questionnaire(version: str | None = None, directory: Path = QUESTIONNAIRE_DIR) -> Questionnaire:
    """The questionnaire of `version` (default: the one requirements.toml names as current).

    An answer set is always checked against the version it was answered on, so old versions
    stay loadable as long as their file is shipped.
    """
    requirements = load_requirements(directory / REQUIREMENTS_FILE.name)
    questionnaire = parse_questionnaire(directory / f"{version or requirements.questionnaire}.toml")
    check_consistency(questionnaire, requirements)
    return questionnaire


def questions_for(products: Iterable[str], *, sex: str | None = None, age: int | None = None,
                  exemptions: Iterable[str] = (), questionnaire: Questionnaire | None = None,
                  requirements: Requirements | None = None) -> tuple[Question, ...]:
    """The questions one insured person answers for all of their `products`, in file order.

    `sex` drops questions asked of the other sex only, `age` (completed years on the day of
    the questionnaire) those outside a question's ages (pregnancy: 12 to 55, health_v1.toml);
    `exemptions` are ids of requirements.toml (e.g. "gt_admission") whose products then
    need no question.
    """
    requirements = requirements or load_requirements()
    questionnaire = questionnaire or load_questionnaire(requirements.questionnaire)
    groups = requirements.groups_for(products, exemptions)
    return tuple(q for q in questionnaire.questions
                 if groups.intersection(q.groups) and q.applies_to(sex, age))


def questions_of(person: Insured, products: Iterable[str], on: date, *,
                 exemptions: Iterable[str] = ()) -> tuple[Question, ...]:
    """The questions `person` answers on `on` for `products` (by sex and age)."""
    return questions_for(products, sex=person.sex or None, age=age_on(person.birth_date, on),
                         exemptions=exemptions)


# ---------------------------------------------------- who answers and who signs (004 art. 6)


@dataclass(frozen=True)
class Insured:
    """What the questionnaire rules need to know about a person."""

    id: str
    birth_date: date
    sex: str
    name: str = ""
    has_civil_capacity: bool = True  # False e.g. under general curatorship (CC art. 398)
    legal_representative_id: str | None = None


def needs_legal_representative(person: Insured, on: date) -> bool:
    """A child under 18 or a person without civil capacity is answered for and signed for by
    the legal representative (002 art. 8 al. 1; 004 art. 6 al. 8; CC art. 13-14)."""
    return age_on(person.birth_date, on) < MAJORITY_AGE or not person.has_civil_capacity


class SignerRole(StrEnum):
    POLICYHOLDER = "policyholder"
    INSURED_PERSON = "insured_person"
    LEGAL_REPRESENTATIVE = "legal_representative"
    AGENT = "agent"


@dataclass(frozen=True)
class Signer:
    """A signature the proposal needs: `role` signs for `for_person`.

    `signer_id` is who is expected to sign when known (None: a legal representative not
    recorded in the household); signatures are matched on role and person concerned.
    """

    role: SignerRole
    for_person: str
    signer_id: str | None
    name: str = ""


def required_signers(policyholder: Insured, answering: Iterable[Insured], on: date, *,
                     agent_id: str | None = None) -> tuple[Signer, ...]:
    """Signatures needed on `on` (the signing day).

    The proposer signs the proposal (004 art. 5 al. 1, art. 6 al. 1); each person whose
    health questionnaire is part of it signs their own answers (004 art. 6 al. 4); for a child
    under 18 or a person without civil capacity the legal representative signs instead
    (004 art. 6 al. 8, 002 art. 8 al. 1). The policyholder's signature covers their own
    answers. `agent_id` adds the agent's signature when the insurer's form asks for it.
    """

    def signer_for(person: Insured, role: SignerRole) -> Signer:
        if needs_legal_representative(person, on):
            return Signer(SignerRole.LEGAL_REPRESENTATIVE, person.id, person.legal_representative_id,
                          person.name)
        return Signer(role, person.id, person.id, person.name)

    signers = [signer_for(policyholder, SignerRole.POLICYHOLDER)]
    seen = {policyholder.id}
    for person in answering:
        if person.id not in seen:
            seen.add(person.id)
            signers.append(signer_for(person, SignerRole.INSURED_PERSON))
    if agent_id is not None:
        signers.append(Signer(SignerRole.AGENT, agent_id, agent_id))
    return tuple(signers)
