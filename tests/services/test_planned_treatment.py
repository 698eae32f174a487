"""A treatment already planned when applying, on the dental product (issue 15, item 12).

Seed 003, Dentaire plus, line 227: "exclusion des prestations: pour les dents qui
manqueraient ou auraient déjà été remplacées au moment de l'adhésion, [...] et les
traitements déjà envisagés lors de la demande d'affiliation". Dentaire plus-Kids (DP0,
line 221) pays orthodontics only: a planned orthodontic treatment is exactly what it would
not pay. The answer raised nothing; it now suggests a reservation naming the treatment on
DP, which the client consents to or refuses (004 art. 8 al. 2), so the exclusion is on the
proposal in so many words.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.services.application.draft import PersonDraft, ProductChoice, ProposalDraft
from app.services.application.questionnaire import QuestionnaireAdapter
from app.services.proposals.answers import AnswerSet, MonthYear
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    QuestionnaireError,
    load_questionnaire,
    load_requirements,
    questions_for,
)
from app.services.proposals.underwriting import Outcome, assess, parse_rules

TODAY = date(2026, 11, 20)
BRACES = {"treatment": "orthodontic treatment (braces)", "planned_for": MonthYear(2027, 3),
          "dentist": "Dr Weiss, Lausanne"}


def _answers(*cases: dict[str, object]) -> AnswerSet:
    answers = AnswerSet("noah", "health_v1")
    for question in questions_for(["DP", "SC"], sex="male"):
        answers = answers.with_answer(question.id, False)
    return answers.with_answer("dental_planned", True, list(cases))


@pytest.mark.parametrize(("language", "wording"), [
    ("fr", "orthodontic treatment (braces), envisagé lors de la demande (prévu pour 03.2027)"),
    ("de", "orthodontic treatment (braces), bei der Antragstellung geplant (vorgesehen für "
           "03.2027)"),
    ("it", "orthodontic treatment (braces), previsto al momento della domanda (per 03.2027)"),
    ("en", "orthodontic treatment (braces), envisaged when applying (planned for 03.2027)"),
])
def test_a_planned_dental_treatment_suggests_a_reservation_on_dp(language: str,
                                                                 wording: str) -> None:
    result = assess(_answers(BRACES), ["DP", "SC"], today=TODAY, language=language)
    assert result.products["DP"].outcome is Outcome.RESERVATION_SUGGESTED
    assert result.products["SC"].outcome is Outcome.NO_REMARK  # SC does not ask about teeth
    [suggestion] = result.reservations
    assert (suggestion.condition, suggestion.body_part, suggestion.products) == (
        wording, "", ("DP",))
    assert suggestion.rule_id == "dental_planned"


def test_each_planned_treatment_is_its_own_reservation() -> None:
    check_up = {"treatment": "extraction of a milk tooth", "planned_for": MonthYear(2027, 1),
                "dentist": "Dr Weiss"}
    result = assess(_answers(BRACES, check_up), ["DP"], today=TODAY, language="en")
    assert [r.condition.split(",")[0] for r in result.reservations] == [
        "orthodontic treatment (braces)", "extraction of a milk tooth"]


def test_the_meeting_suggests_it_for_a_child_with_dp0() -> None:
    noah = PersonDraft(first_name="Noah", last_name="Rochat", sex="M", role="child",
                       birth_date=date(2016, 6, 21), language="fr")
    draft = ProposalDraft(persons=[noah], products={noah.key: [ProductChoice("DP", "0")]})
    adapter = QuestionnaireAdapter(lambda: TODAY)
    draft.answers[noah.key] = {q.id: {"value": False, "cases": []}
                               for q in adapter.questions_for(noah, draft)}
    draft.answers[noah.key]["dental_planned"] = {"value": True, "cases": [
        {"treatment": "appareil dentaire", "planned_for": "2027-03", "dentist": "Dr Weiss"}]}
    assert adapter.check(noah, draft) == {}
    [reservation] = adapter.suggestions(draft)
    assert (reservation.person_key, reservation.condition, reservation.products,
            reservation.origin) == (
        noah.key, "appareil dentaire, envisagé lors de la demande (prévu pour 03.2027)", ("DP",),
        "suggested")
    assert adapter.referrals(draft) == []  # nothing for the medical officer


def test_a_products_own_exclusion_is_said_to_the_agent() -> None:
    """Missing teeth are excluded by DP itself (003 DP, line 227): no reservation, but the
    agent reads the rule's note on the reservations step, to tell the client."""
    noah = PersonDraft(first_name="Noah", last_name="Rochat", sex="M", role="child",
                       birth_date=date(2016, 6, 21), language="fr")
    draft = ProposalDraft(persons=[noah], products={noah.key: [ProductChoice("DP", "1")]})
    adapter = QuestionnaireAdapter(lambda: TODAY)
    draft.answers[noah.key] = {"teeth_missing": {"value": True, "cases": [
        {"teeth": "36", "replacement": "none"}]}, "dental_planned": {"value": False, "cases": []}}
    assert adapter.suggestions(draft) == []
    assert adapter.remarks(draft) == [
        (noah.key, "Dentaire plus excludes missing or already replaced teeth: tell the client.")]


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    for name in ("health_v1.toml", "requirements.toml", "underwriting_rules.toml"):
        shutil.copy(QUESTIONNAIRE_DIR / name, tmp_path / name)
    return tmp_path / "underwriting_rules.toml"


@pytest.mark.parametrize(("old", "new", "where", "problem"), [
    ('en = "{what}, envisaged when applying (planned for {when})"',
     'en = "{what}, envisaged when applying (planned for {day})"',
     "rules[12] (id 'dental_planned').wording.en", "use {what} (and {when})"),
    ('en = "{what}, envisaged when applying (planned for {when})"',
     'en = "{what, envisaged when applying"',
     "rules[12] (id 'dental_planned').wording.en", "expected '}'"),
    ('note = { fr = "Plusieurs affections', 'wording = { fr = "{what}", de = "{what}", '
     'it = "{what}", en = "{what}" }\nnote = { fr = "Plusieurs affections',
     "rules[1] (id 'several_conditions').wording", "only a suggested reservation"),
])
def test_a_bad_wording_is_named(rules_file: Path, old: str, new: str, where: str,
                                problem: str) -> None:
    text = rules_file.read_text(encoding="utf-8")
    assert old in text
    rules_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    questionnaire = load_questionnaire("health_v1", rules_file.parent)
    requirements = load_requirements(rules_file.parent / "requirements.toml")
    with pytest.raises(QuestionnaireError) as error:
        parse_rules(rules_file, questionnaire, requirements)
    assert error.value.where == where
    assert problem in error.value.problem
