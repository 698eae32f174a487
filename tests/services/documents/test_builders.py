"""From catalogue + premium engine + household to the frozen record, and on to the PDFs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D
from functools import cache

import pytest

from app.i18n import LANGUAGES
from app.services.catalogue import load_catalogue
from app.services.documents.builders import (
    VariantSpec,
    build_offer_record,
    questionnaire_record,
    reservation_record,
    signature_records,
    split_street,
)
from app.services.documents.records import Agent, LocalText, ProposalRecord, RecordError
from app.services.documents.render import render_document
from app.services.pricing.engine import (
    HouseholdInput,
    ItemInput,
    PersonInput,
    PricingError,
    load_tariffs,
    quote,
)
from app.services.proposals.answers import AnswerSet, MonthYear
from app.services.proposals.households import HouseholdRecord, PersonRecord
from app.services.proposals.questionnaire import Question, load_questionnaire, questions_for
from app.services.proposals.records import ItemRecord
from app.services.proposals.reservations import Reservation as StoreReservation
from app.services.proposals.signatures import SignatureRecord
from tests.services.documents.helpers import text_of

CAT = load_catalogue()
TARIFFS = load_tariffs()
LEA = PersonInput("p1", "Léa", "Favre", date(1986, 4, 17), "F", "VS", 1, "policyholder", "1950")
NOE = PersonInput("p3", "Noé", "Rossi", date(2018, 6, 23), "M", "VS", 1, "child", "1950")
HOUSEHOLD = HouseholdInput((LEA, NOE), lamal_insurer="EGK")
ITEMS_A = [
    ItemInput("p1", "LAMAL", deductible=D(300)),
    ItemInput("p1", "HC", level="2", deductible=D(1000)),
    ItemInput("p1", "MU"),
    ItemInput("p3", "LAMAL"),
    ItemInput("p3", "DP", level="0"),
]
ITEMS_B = [ItemInput("p1", "LAMAL", deductible=D(2500), model="telmed", accident_cover=False),
           *ITEMS_A[1:]]
AGENT = Agent("Sébastien Crettenand", "ACC-VS-20417")


@cache
def built() -> ProposalRecord:
    return build_offer_record(
        CAT, TARIFFS, HOUSEHOLD,
        [VariantSpec("A", LocalText.same("Deductible 300"), ITEMS_A),
         VariantSpec("B", LocalText.same("Deductible 2500, telmed"), ITEMS_B)],
        agent=AGENT, reference="R-2026-1", issued=date(2026, 10, 20), place="Sion",
        language="fr", year=2027, chosen_variant="B", compare_deductibles=True,
    )


def test_premiums_are_the_engines_with_the_surcharge_as_fee() -> None:
    record = built()
    monthly = quote(CAT, TARIFFS, HOUSEHOLD, ITEMS_B, 2027, "monthly")
    annual = quote(CAT, TARIFFS, HOUSEHOLD, ITEMS_B, 2027, "annual")
    variant = record.main_variant()
    items = [c.basic for c in variant.coverages if c.basic] + [
        i for c in variant.coverages for i in c.items]
    assert len(items) == len(monthly.lines) == 5
    by_key = {(line.person_id, line.product): (line, year)
              for line, year in zip(monthly.lines, annual.lines, strict=True)}
    for coverage in variant.coverages:
        pairs = ([("LAMAL", coverage.basic)] if coverage.basic else []) + [
            (i.product_code, i) for i in coverage.items]
        for code, entry in pairs:
            assert entry is not None
            line, year = by_key[(coverage.person, code)]
            # The record keeps the premium before the monthly instalment surcharge...
            assert entry.premium.monthly_gross == line.gross
            assert entry.premium.monthly_net == line.net - line.surcharge
            assert entry.premium.annual_net == year.net - year.surcharge
            assert [d.monthly_amount for d in entry.premium.discounts] == [
                d.amount for d in line.discounts if d.amount]
    # ... and the surcharge is the fee of the monthly total, which is the engine's total.
    totals = {t.frequency: t for t in variant.totals}
    assert totals["monthly"].amount == monthly.total
    assert totals["monthly"].fees == sum((line.surcharge for line in monthly.lines), D(0))
    assert totals["annual"].amount == annual.total


def test_discount_reasons_in_every_language() -> None:
    lamal = built().main_variant().coverages[0].basic
    assert lamal is not None and lamal.model == "telmed" and not lamal.accident_cover
    reasons = lamal.premium.discounts
    assert len(reasons) == 3  # telmed model, optional deductible, accident cover suspended
    assert reasons[1].reason.get("en") == "Optional deductible of CHF 2'500.– instead of CHF 300.–"
    assert reasons[1].reason.get("fr") == "Franchise à option de CHF 2'500.– au lieu de CHF 300.–"
    assert len({reasons[0].reason.get(lang) for lang in LANGUAGES}) == 4


def test_catalogue_facts_and_insurers() -> None:
    record = built()
    lea, noe = record.main_variant().coverages
    hc = lea.items[0]
    assert (hc.product_code, hc.level, hc.deductible) == ("HC", "2", D(1000))
    assert hc.product_name.get("de") == CAT.product("HC").name("de")
    assert hc.insurer == "GMA" and record.insurer("GMA").name == "Groupe Mutuel Assurances GMA SA"
    # 003 HC: 12 months for hospital stays for pregnancy and childbirth.
    assert hc.waiting_periods[0].get("en") == (
        "12 months from the start of the contract: Hospital stays for pregnancy and childbirth.")
    assert hc.waiting_periods[0].get("de").startswith("12 Monate ab Vertragsbeginn: ")
    # 003 DP: 3 months for dental treatment, 12 for prosthetics.
    dp = noe.items[0]
    assert [w.get("en")[:2] for w in dp.waiting_periods] == ["3 ", "12"]
    assert len(dp.exclusions) == len(CAT.product("DP").exclusions)
    # 003 "Durée minimale": Mundo 1 year, the others 3.
    assert {i.product_code: i.minimum_term_years for i in lea.items} == {"HC": 3, "MU": 1}
    assert record.insurer("EGK").address.city == "Laufon"  # seed 001
    assert [i.code for i in record.insurers] == ["EGK", "GMA"]


def test_key_dates_from_the_contract_rules() -> None:
    dates = built().key_dates
    # No medical report asked for: bound 14 days (LCA art. 1; four weeks only with one,
    # issue 17 item 4) from 20.10.2026 = 03.11.2026; revocation 14 days (art. 2a) =
    # 03.11.2026; 3 insurance periods from 01.01.2027 end 31.12.2029, notice 3 months
    # before = 30.09.2029.
    assert dates.binding_until == date(2026, 11, 3)
    assert dates.revocation_until == date(2026, 11, 3)
    # HC and DP: 3 insurance periods from 01.01.2027, to 31.12.2029, notice by 30.09.2029;
    # MU one year (003 "Durée minimale"): 31.12.2027, by 30.09.2027. They differ, so the
    # variant names none and each product carries its own (issue 17, item 6).
    assert (dates.minimum_term_end, dates.notice_deadline) == (None, None)
    own = {i.product_code: (i.minimum_term_end, i.notice_deadline)
           for c in built().main_variant().coverages for i in c.items}
    assert own == {"HC": (date(2029, 12, 31), date(2029, 9, 30)),
                   "MU": (date(2027, 12, 31), date(2027, 9, 30)),
                   "DP": (date(2029, 12, 31), date(2029, 9, 30))}
    assert dates.offer_valid_until is None


def test_deductible_comparison_of_the_basic_insurance() -> None:
    lea, noe = built().deductible_comparisons
    # OAMal art. 93: adults 300 to 2500, children 0 to 600; LAMal art. 64 co-payment caps.
    assert [o.deductible for o in lea.options] == [D(300), D(500), D(1000), D(1500), D(2000), D(2500)]
    assert [o.deductible for o in noe.options] == [D(d) for d in (0, 100, 200, 300, 400, 500, 600)]
    assert {o.max_copayment for o in lea.options} == {D(700)}
    assert {o.max_copayment for o in noe.options} == {D(350)}
    assert lea.chosen == D(2500) and noe.chosen == D(0)
    premiums = [o.monthly_premium for o in lea.options]
    assert premiums == sorted(premiums, reverse=True)  # a higher deductible costs less


@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_record_prints(lang: str) -> None:
    record = built()
    offer = text_of(render_document("offer", record, lang, compare_deductibles=True))
    assert "EGK-Caisse de Santé" in offer and "Brislachstrasse 2, 4242 Laufon" in offer
    proposal = text_of(render_document("proposal", record, lang))
    assert "R-2026-1" in proposal and "Noé Rossi" in proposal


def test_store_records_are_accepted() -> None:
    now = datetime(2026, 10, 20, tzinfo=UTC)
    person = PersonRecord(
        id="a1", version=1, household_id="h1", position=0, role="policyholder",
        first_name="Anna", last_name="Rochat", sex="F", birth_date=date(1986, 5, 1),
        ahv_number="756.1234.5678.97", nationality="CH", street="Rue du Grand-Pont 18",
        postal_code="1950", locality="Sion", municipality="Sion", canton="VS",
        premium_region=1, language="de", phone="+41 79 555 00 00", email="anna@example.ch", iban="")
    household = HouseholdRecord("h1", 1, "Rochat", "de", None, (person,), now, now)
    item = ItemRecord("i1", 1, "p", "a1", 0, "SO", None, D(150), None, {}, None)
    record = build_offer_record(
        CAT, TARIFFS, household, [VariantSpec("A", LocalText.same("A"), [item])], agent=AGENT,
        reference="R", issued=date(2026, 10, 20), place="Sion", language="de", year=2027)
    anna = record.policyholder
    assert (anna.address and anna.address.street, anna.address and anna.address.house_number) == (
        "Rue du Grand-Pont", "18")
    assert anna.ahv == "756.1234.5678.97" and anna.language == "de"
    assert record.household.email == "anna@example.ch"
    assert record.main_variant().coverages[0].items[0].deductible == D(150)


def test_split_street() -> None:
    assert split_street("Rue du Grand-Pont 18") == ("Rue du Grand-Pont", "18")
    assert split_street("Bahnhofstrasse 12a") == ("Bahnhofstrasse", "12a")
    assert split_street("Chemin des Vignes") == ("Chemin des Vignes", "")
    assert split_street("Route 66 Nord") == ("Route 66 Nord", "")


def test_unknown_product_and_unknown_insurer() -> None:
    with pytest.raises(PricingError, match="Unknown product XX"):
        build_offer_record(CAT, TARIFFS, HOUSEHOLD, [VariantSpec("A", LocalText.same("A"),
                                                                 [ItemInput("p1", "XX")])],
                           agent=AGENT, reference="R", issued=date(2026, 10, 20), place="Sion",
                           language="fr", year=2027)
    with pytest.raises(RecordError, match="no address known for the insurer 'EGK'"):
        build_offer_record(CAT, TARIFFS, HOUSEHOLD, [VariantSpec("A", LocalText.same("A"), ITEMS_A)],
                           agent=AGENT, reference="R", issued=date(2026, 10, 20), place="Sion",
                           language="fr", year=2027, insurers={})


def _health_answers(person: str, questions: tuple[Question, ...]) -> AnswerSet:
    answers = AnswerSet(person, "health_v1", answered_on=date(2026, 10, 20))
    for question in questions:
        answers = answers.with_answer(question.id, False)
    knee = {"diagnosis": "Déchirure du ménisque", "body_part": "knee", "side": "left",
            "from": MonthYear(2022, 3), "course": "healed", "to": MonthYear(2022, 6),
            "treatment": "Arthroscopie", "doctor": "Dr Rey, Sion", "time_off_work": True,
            "weeks_off_work": D(6)}
    return answers.with_answer("treatment_5y", True, [knee])


def test_questionnaire_record_words_each_case_in_every_language() -> None:
    questionnaire = load_questionnaire()
    questions = questions_for(["HC", "MU"], sex="female")
    record = questionnaire_record(questionnaire, questions, _health_answers("p1", questions))
    assert [a.key for a in record.answers] == [q.id for q in questions]
    treated = next(a for a in record.answers if a.key == "treatment_5y")
    assert treated.answer == "yes" and treated.details is not None
    assert treated.question.get("de") == questionnaire.question("treatment_5y").text("de")
    # The side goes with its body part, as a reservation would word it.
    assert "Partie du corps: genou gauche" in treated.details.get("fr")
    assert "Körperteil: linkes Knie" in treated.details.get("de")
    assert "Depuis (mois et année): 03.2022" in treated.details.get("fr")
    assert "Course: healed without after-effects" in treated.details.get("en")
    # Yes/no follow-ups are translated; numbers without ".00"; free text as typed.
    assert "Arbeitsunfähigkeit: Ja; Dauer der Arbeitsunfähigkeit (Wochen): 6" in treated.details.get("de")
    assert "Incapacità lavorativa: Sì" in treated.details.get("it")
    assert "Diagnosis or kind of condition: Déchirure du ménisque" in treated.details.get("en")
    others = [a for a in record.answers if a.key != "treatment_5y"]
    assert {a.answer for a in others} == {"no"} and all(a.details is None for a in others)


def test_unanswered_question_is_named() -> None:
    questionnaire = load_questionnaire()
    questions = questions_for(["HC"], sex="female")
    answers = AnswerSet("p1", "health_v1")
    with pytest.raises(RecordError, match=f"person 'p1': question '{questions[0].id}' has no answer"):
        questionnaire_record(questionnaire, questions, answers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_full_case_from_the_store_prints_as_proposal_and_consent(lang: str) -> None:
    questionnaire = load_questionnaire()
    asked = {pid: questions_for(codes, sex=sex) for pid, codes, sex in
             (("p1", ["HC", "MU"], "female"), ("p3", ["DP"], "male"))}
    health = tuple(questionnaire_record(questionnaire, q, _health_answers(pid, q)
                                        if pid == "p1" else _no_answers(pid, q))
                   for pid, q in asked.items())
    reservation = StoreReservation(
        "r1", "p1", None, condition="meniscus tear 2022", body_part="genou gauche",
        products=("HC",), start=date(2027, 1, 1), consent_due=date(2026, 11, 30))
    signed = datetime(2026, 10, 20, 16, 40, tzinfo=UTC)
    png = render_png()
    signatures = signature_records([
        SignatureRecord("s1", "x", "p1", None, "Léa Favre", "policyholder", signed, png),
        SignatureRecord("s2", "x", "p3", None, "Léa Favre", "legal_representative", signed, png),
    ], "Sion")
    assert signatures[1].for_person == "p3" and signatures[1].person is None
    case = replace(built(), questionnaires=health, reservations=(reservation_record(reservation),),
                   signatures=signatures)
    proposal = text_of(render_document("proposal", case, lang))
    details = health[0].answers[1].details
    assert details is not None
    assert details.get(lang)[:40] in proposal
    consent = text_of(render_document("consent", case, lang))
    assert "genou gauche, meniscus tear 2022" in consent and "30.11.2026" in consent


def _no_answers(person: str, questions: tuple[Question, ...]) -> AnswerSet:
    answers = AnswerSet(person, "health_v1")
    for question in questions:
        answers = answers.with_answer(question.id, False)
    return answers


def render_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (60, 20), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def test_reservation_needs_its_answer_deadline() -> None:
    reservation = StoreReservation("r9", "p1", None, condition="asthma", body_part="",
                                   products=("HC",), start=date(2027, 1, 1))
    with pytest.raises(RecordError, match="reservation r9: no answer deadline"):
        reservation_record(reservation)


def test_each_product_carries_its_own_term_and_notice() -> None:
    """Issue 17, item 6 (and 16, item 5): one end of the minimum term and one notice date per
    variant, chosen by max() among equal end dates, printed 30.11 or 30.09 for GO + HC
    depending on item order. Each product has its own, on the record and in the offer."""
    items = [ItemInput("p1", "LAMAL", deductible=D(300)),
             ItemInput("p1", "GO", level="1", start_date=date(2026, 3, 1)),
             ItemInput("p1", "HC", level="2", deductible=D(1000), start_date=date(2026, 3, 1)),
             ItemInput("p1", "MU", start_date=date(2026, 3, 1))]
    for order in (items, [items[0], items[2], items[1], items[3]]):
        record = build_offer_record(
            CAT, TARIFFS, HouseholdInput((LEA,), lamal_insurer="EGK"),
            [VariantSpec("A", LocalText.same("A"), order)], agent=AGENT, reference="R-1",
            issued=date(2026, 2, 10), place="Sion", language="en", year=2026)
        dates = {i.product_code: (i.minimum_term_end, i.notice_deadline)
                 for c in record.main_variant().coverages for i in c.items}
        # three insurance periods from 01.03.2026 (004 art. 13 al. 2), GO a month's notice,
        # HC three (003 "Fin du contrat"); MU a year of contract (003 "Durée minimale")
        assert dates == {"GO": (date(2028, 12, 31), date(2028, 11, 30)),
                         "HC": (date(2028, 12, 31), date(2028, 9, 30)),
                         "MU": (date(2027, 12, 31), date(2027, 9, 30))}
        # no single date for the variant when the products differ
        assert (record.key_dates.minimum_term_end, record.key_dates.notice_deadline) == (
            None, None)
        text = text_of(render_document("offer", record, "en"))
        for day in ("30.11.2028", "30.09.2028", "30.09.2027"):
            assert day in text
