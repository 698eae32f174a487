"""Questions asked by age (issue 15, item 13): the pregnancy question of women from 12 to
55 only (health_v1.toml explains the bounds: the seeds name no age), counted in completed
years on the day the questionnaire is answered."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from app.services.application.draft import PersonDraft, ProductChoice, ProposalDraft
from app.services.application.questionnaire import QuestionnaireAdapter
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
    questions_for,
)

TODAY = date(2026, 11, 20)


def ids(questions: tuple) -> list[str]:
    return [q.id for q in questions]


@pytest.mark.parametrize(("age", "asked"), [
    (None, True), (5, False), (11, False), (12, True), (42, True), (55, True), (56, False)])
def test_pregnancy_is_asked_of_women_from_12_to_55(age: int | None, asked: bool) -> None:
    assert ("pregnancy" in ids(questions_for(["GM"], sex="female", age=age))) is asked
    assert "pregnancy" not in ids(questions_for(["GM"], sex="male", age=age))


def test_the_age_is_counted_on_the_day_of_the_questionnaire() -> None:
    adapter = QuestionnaireAdapter(lambda: TODAY)
    girl = PersonDraft(first_name="Mia", last_name="Rochat", sex="F", role="child",
                       birth_date=date(2014, 11, 21))  # 12 tomorrow
    draft = ProposalDraft(persons=[girl], products={girl.key: [ProductChoice("SC", "1")]})
    assert "pregnancy" not in [q.id for q in adapter.questions_for(girl, draft)]
    girl.birth_date = date(2014, 11, 20)  # 12 today
    assert "pregnancy" in [q.id for q in adapter.questions_for(girl, draft)]


def test_no_english_question_names_a_sex() -> None:
    """The same wording is read to a man, a woman, a boy or a girl (or their parent)."""
    for question in load_questionnaire().questions:
        words = set(re.findall(r"[a-z]+", question.text("en").lower()))
        assert not words & {"she", "her", "hers", "he", "him", "his"}, question.id


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in ("health_v1.toml", "requirements.toml"):
        shutil.copy(QUESTIONNAIRE_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("min_age = 12", 'min_age = "twelve"', "expected a whole number of years"),
    ("max_age = 55", "max_age = -1", "expected a whole number of years"),
    ("min_age = 12", "min_age = 60", "min_age (60) is above max_age (55)"),
])
def test_bad_ages_are_named(data_dir: Path, old: str, new: str, problem: str) -> None:
    path = data_dir / "health_v1.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as error:
        parse_questionnaire(path)
    assert error.value.where.startswith("questions[6] (id 'pregnancy')")
    assert problem in error.value.problem
