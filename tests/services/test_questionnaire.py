"""The questionnaire definition, the product requirements and who answers and signs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.i18n import LANGUAGES
from app.services.proposals.questionnaire import (
    QUESTIONNAIRE_DIR,
    AnswerType,
    Insured,
    QuestionnaireError,
    SignerRole,
    load_questionnaire,
    load_requirements,
    needs_legal_representative,
    parse_questionnaire,
    parse_requirements,
    questions_for,
    required_signers,
)

# Every product code of the overview (seed 003, "Vue d'ensemble").
ALL_PRODUCTS = ("GE", "GI", "GL", "GM", "GP", "GX", "GT", "GO", "SC", "SB", "SD", "SO", "HC",
                "HS", "KH", "MU", "DP", "AB", "AJ", "PI", "LJ", "LS", "ID", "KP")
FULL = ["current_treatment", "treatment_5y", "hospital_10y", "planned_treatment",
        "mental_health_10y", "disability", "pregnancy"]


def ids(questions: tuple) -> list[str]:
    return [q.id for q in questions]


# ----------------------------------------------------------------------- shipped data


def test_shipped_questionnaire_loads_with_every_text_in_every_language() -> None:
    questionnaire = load_questionnaire()
    assert questionnaire.version == "health_v1"
    assert len(questionnaire.questions) == 11
    for question in questionnaire.questions:
        assert question.type is AnswerType.YES_NO and question.followups
        assert question.source
        for language in LANGUAGES:
            assert question.text(language).endswith("?")
            assert question.label(language)
    for fields in questionnaire.followups.values():
        for item in fields:
            assert all(item.label(language) for language in LANGUAGES)


def test_requirements_list_every_product_of_the_overview() -> None:
    requirements = load_requirements()
    assert sorted(requirements.products) == sorted(ALL_PRODUCTS)
    assert all(requirements.sources[code] for code in ALL_PRODUCTS)


@pytest.mark.parametrize("codes, expected", [
    # Hospital and outpatient covers: the full questionnaire (004 art. 6 al. 4, art. 8).
    (["GM"], FULL),
    (["SC"], FULL),
    (["HC"], FULL),
    # GT: the examination happens when GT is taken (003 GT).
    (["GT"], FULL),
    # KP asks about cancer only (003 KP).
    (["KP"], ["cancer_ever", "cancer_suspected"]),
    # Legal protection: none (003 LJ, LS: any person domiciled in Switzerland).
    (["LJ"], []),
    (["LS"], []),
    (["LJ", "LS"], []),
    # Travel: short (003 MU exclusions).
    (["MU"], ["current_treatment", "planned_treatment"]),
    (["DP"], ["teeth_missing", "dental_planned"]),
    (["AJ"], ["current_treatment", "disability"]),
    (["AB", "ID"], ["current_treatment", "disability"]),
])
def test_questions_per_product(codes: list[str], expected: list[str]) -> None:
    assert ids(questions_for(codes, sex="female")) == expected


def test_one_questionnaire_per_person_is_the_union_in_file_order() -> None:
    # A child with hospital cover, KidsProtect and dental cover answers each question once.
    asked = ids(questions_for(["KP", "GM", "DP", "MU"], sex="male"))
    assert asked == [q for q in ids(load_questionnaire().questions) if q != "pregnancy"]
    assert len(asked) == len(set(asked))


def test_pregnancy_is_asked_of_women_only() -> None:
    assert "pregnancy" in ids(questions_for(["GM"], sex="female"))
    assert "pregnancy" not in ids(questions_for(["GM"], sex="male"))
    assert "pregnancy" in ids(questions_for(["GM"]))  # sex unknown: ask


def test_gt_later_admission_needs_no_new_health_examination() -> None:
    # 003 GT: "admission ultérieure sans nouvel examen de santé" (GL, GM, GP).
    assert ids(questions_for(["GM"], exemptions=["gt_admission"])) == []
    # The exemption does not cover another product of the same person.
    assert ids(questions_for(["GM", "KP"], exemptions=["gt_admission"])) == [
        "cancer_ever", "cancer_suspected"]
    assert ids(questions_for(["SC"], exemptions=["gt_admission"], sex="male")) == FULL[:-1]


def test_activita_replacing_acrobat_needs_no_health_examination() -> None:
    # 004 ActiVita art. 9 al. 1.
    assert ids(questions_for(["AJ"], exemptions=["ab_to_aj"])) == []


def test_unknown_product_or_exemption_is_refused() -> None:
    with pytest.raises(LookupError, match="XX"):
        questions_for(["XX"])
    with pytest.raises(LookupError, match="nope"):
        questions_for(["GM"], exemptions=["nope"])


def test_body_part_wording_with_side_in_every_language() -> None:
    questionnaire = load_questionnaire()
    assert [questionnaire.body_part_text("knee", "left", lang) for lang in LANGUAGES] == [
        "genou gauche", "linkes Knie", "ginocchio sinistro", "left knee"]
    assert questionnaire.body_part_text("shoulder", "right", "it") == "spalla destra"
    assert questionnaire.body_part_text("hip", "both", "de") == "beide Hüften"
    # An unpaired part ignores a side.
    assert questionnaire.body_part_text("spine", "left", "fr") == "colonne vertébrale"


# --------------------------------------------------------------------- bad data files


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    for name in ("health_v1.toml", "requirements.toml", "underwriting_rules.toml"):
        shutil.copy(QUESTIONNAIRE_DIR / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.mark.parametrize("old, new, where, problem", [
    ('type = "yes_no"\nfollowups = "condition"\nsource = "004 art. 8 al. 1 (illness',
     'type = "yesno"\nfollowups = "condition"\nsource = "004 art. 8 al. 1 (illness',
     "questions[0] (id 'current_treatment').type", "unknown answer type 'yesno'"),
    ('followups = "pregnancy"', 'followups = "pregnant"',
     "questions[6] (id 'pregnancy').followups", "unknown follow-up set 'pregnant'"),
    ('id = "hospital_10y"', 'id = "treatment_5y"',
     "questions[2] (id 'treatment_5y').id", "duplicated question id"),
    ('sex = "female"', 'sex = "f"', "questions[6] (id 'pregnancy').sex", "expected one of"),
    ('version = "health_v1"', 'version = "health_v2"', "version", "differs from the file name"),
    ('title = { fr = "Questionnaire de santé", ', 'title = { ',
     "title.fr", "missing"),
    ('it = "Gravidanza", en = "Pregnancy" }', 'it = "", en = "Pregnancy" }',
     "questions[6] (id 'pregnancy').label.it", "non-empty text"),
    ('options = "course"\nlabel = { fr = "Évolution", de = "Verlauf", it = "Decorso", en = "Course" }\n'
     '[[followups.condition.fields]]',
     'label = { fr = "Évolution", de = "Verlauf", it = "Decorso", en = "Course" }\n'
     '[[followups.condition.fields]]',
     "followups.condition.fields[4].options", "a choice field names its option list"),
    ('required_if = { field = "course", equals = "healed" }\nnot_before = "from"',
     'required_if = { field = "course", equals = "cured" }\nnot_before = "from"',
     "followups.condition.fields[5] (id 'to').required_if.equals", "not an option of that field"),
    ('required_if = { field = "time_off_work", equals = true }',
     'required_if = { field = "off_work", equals = true }',
     "followups.condition.fields[9] (id 'weeks_off_work').required_if.field", "no field 'off_work'"),
    ('not_before = "from"', 'not_before = "doctor"',
     "followups.condition.fields[5] (id 'to').not_before", "must name a date field"),
    ('both = { fr = "les deux genoux", de = "beide Knie", it = "entrambe le ginocchia", en = "both knees" }\n',
     '', "options.body_parts.knee.both", "missing"),
    ('[options.sides.both]', '[options.sides.front]\nlabel = { fr = "devant", de = "vorne", it = "davanti", en = "front" }\n[options.sides.both]',
     "followups.condition.fields[2] (id 'side').side_of", "option 'eye' lacks a side wording"),
    ('min = 1\n', 'min = "one"\n', "followups.condition.fields[9].min", "bounds are numbers"),
    ('type = "number"', 'type = "text"', "followups.condition.fields[9].min", "bounds are numbers"),
    ('allow_future = true\nlabel = { fr = "Date prévue"', 'allow_future = "yes"\nlabel = { fr = "Date prévue"',
     "followups.planned.fields[3].allow_future", "expected true or false"),
    ('[[questions]]\nid = "current_treatment"', '[[questions]]\nid = "current_treatment"\nrequird = true',
     "questions[0] (id 'current_treatment').requird", "unknown key"),
    ('valid_from = 2025-01-01', 'valid_from = "soon"', "valid_from", "expected a date"),
])
def test_bad_questionnaire_names_file_and_field(data_dir: Path, old: str, new: str, where: str,
                                                problem: str) -> None:
    path = data_dir / "health_v1.toml"
    edit(path, old, new)
    with pytest.raises(QuestionnaireError) as error:
        parse_questionnaire(path)
    assert error.value.where == where
    assert problem in error.value.problem
    assert str(error.value).startswith("health_v1.toml: ")


def test_syntax_error_names_file(data_dir: Path) -> None:
    path = data_dir / "health_v1.toml"
    edit(path, 'version = "health_v1"', 'version = "health_v1')
    with pytest.raises(QuestionnaireError, match=r"health_v1\.toml: syntax"):
        parse_questionnaire(path)


@pytest.mark.parametrize("old, new, where, problem", [
    ('[products.KP]\ngroups = ["cancer"]', '[products.KP]\ngroups = ["tumour"]',
     "products.KP.groups", "unknown group 'tumour'"),
    ('[products.LS]\ngroups = []\nsource = "003 LS: patient legal protection open to any person '
     'domiciled in Switzerland"\n', '[products.LS]\ngroups = []\n', "products.LS.source", "missing"),
    ('products = ["AJ"]', 'products = ["AX"]', "exemptions.ab_to_aj.products", "listed product codes"),
    ('[groups.dental]\nlabel = { fr = "Questions dentaires", ',
     '[groups.dental]\nlabel = { ', "groups.dental.label.fr", "missing"),
])
def test_bad_requirements_name_file_and_field(data_dir: Path, old: str, new: str, where: str,
                                              problem: str) -> None:
    path = data_dir / "requirements.toml"
    edit(path, old, new)
    with pytest.raises(QuestionnaireError) as error:
        parse_requirements(path)
    assert (error.value.path.name, error.value.where) == ("requirements.toml", where)
    assert problem in error.value.problem


def test_group_without_question_or_question_without_group_is_refused(data_dir: Path) -> None:
    edit(data_dir / "health_v1.toml", 'groups = ["dental"]', 'groups = ["teeth"]', count=2)
    with pytest.raises(QuestionnaireError) as error:
        load_questionnaire("health_v1", data_dir)
    assert error.value.where == "questions[9] (id 'teeth_missing').groups"
    assert "'teeth' is not defined in requirements.toml" in error.value.problem
    edit(data_dir / "health_v1.toml", 'groups = ["teeth"]', 'groups = ["cancer"]', count=2)
    with pytest.raises(QuestionnaireError) as error:
        load_questionnaire("health_v1", data_dir)
    assert (error.value.path.name, error.value.where) == ("requirements.toml", "groups.dental")


def test_a_missing_version_file_is_named(data_dir: Path) -> None:
    with pytest.raises(QuestionnaireError, match=r"health_v9\.toml: file: not found"):
        load_questionnaire("health_v9", data_dir)


# --------------------------------------------- legal representative (004 art. 6, 002 art. 8)


def test_legal_representative_until_the_eighteenth_birthday() -> None:
    child = Insured("c", date(2008, 6, 15), "female")
    assert needs_legal_representative(child, date(2026, 6, 14))  # 17 the day before
    assert not needs_legal_representative(child, date(2026, 6, 15))  # 18 on the birthday
    ward = Insured("w", date(1960, 1, 1), "male", has_civil_capacity=False)
    assert needs_legal_representative(ward, date(2026, 6, 15))


def test_required_signers_of_a_family() -> None:
    on = date(2026, 3, 2)
    mother = Insured("m", date(1986, 4, 2), "female", "Anna Muster")
    father = Insured("f", date(1984, 9, 30), "male", "Marc Muster")
    lea = Insured("l", date(2016, 5, 1), "female", "Léa Muster", legal_representative_id="m")
    signers = required_signers(mother, [mother, father, lea], on)
    assert [(s.role, s.for_person, s.signer_id) for s in signers] == [
        (SignerRole.POLICYHOLDER, "m", "m"),  # her signature covers her own answers
        (SignerRole.INSURED_PERSON, "f", "f"),
        (SignerRole.LEGAL_REPRESENTATIVE, "l", "m"),  # the child does not sign
    ]
    # A child without a questionnaire (legal protection only) needs no signature of its own.
    assert len(required_signers(mother, [father], on)) == 2


def test_required_signers_when_the_policyholder_lacks_capacity_and_with_agent() -> None:
    on = date(2026, 3, 2)
    ward = Insured("w", date(1950, 1, 1), "male", "Paul Tuteur", has_civil_capacity=False)
    signers = required_signers(ward, [ward], on, agent_id="agent-1")
    assert [(s.role, s.for_person) for s in signers] == [
        (SignerRole.LEGAL_REPRESENTATIVE, "w"), (SignerRole.AGENT, "agent-1")]
