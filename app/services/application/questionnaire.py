"""The health questionnaire, its checks and the underwriting aid (issue 4) for the screens.

Everything here works on the draft alone, so the form is checked as the agent types;
storing the answers and reservations is the store adapter's (through `proposal_flow`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from app.i18n import _
from app.services.application.draft import PersonDraft, ProposalDraft, ReservationDraft
from app.services.application.ports import Option, Question, Referral
from app.services.catalogue import LAMAL_CODE
from app.services.dates import age_on
from app.services.proposals import questionnaire as qn
from app.services.proposals import reservations as rs
from app.services.proposals.answers import (
    Answer,
    AnswerSet,
    MonthYear,
    Respondent,
    validate,
)
from app.services.proposals.underwriting import Outcome, PersonAssessment, assess

SEXES = {"F": "female", "M": "male"}


def products_of(draft: ProposalDraft, person: PersonDraft) -> list[str]:
    return [c.product for c in draft.products.get(person.key, []) if c.product != LAMAL_CODE]


def questions_of(person: PersonDraft, draft: ProposalDraft,
                 today: date) -> tuple[qn.Question, ...]:
    """The questions `person` answers on `today`: their products', by sex and age (the
    pregnancy question of women from 12 to 55, health_v1.toml)."""
    products = products_of(draft, person)
    if not products:
        return ()
    age = age_on(person.birth_date, today) if person.birth_date else None
    return qn.questions_for(products, sex=SEXES.get(person.sex), age=age)


def insured(person: PersonDraft, draft: ProposalDraft) -> qn.Insured | None:
    """The questionnaire's view of a person; the policyholder represents the children."""
    if person.birth_date is None:
        return None
    holder = draft.policyholder
    representative = holder.key if holder is not None and holder is not person else None
    return qn.Insured(person.key, person.birth_date, SEXES.get(person.sex, ""),
                      person.full_name, True, representative)


def to_answer_set(person: PersonDraft, draft: ProposalDraft, questionnaire: qn.Questionnaire,
                  today: date, person_id: str | None = None) -> AnswerSet:
    """The draft's answers of one person as the service's record (months as MonthYear)."""
    who = insured(person, draft)
    respondent = Respondent.LEGAL_REPRESENTATIVE if who is not None and \
        qn.needs_legal_representative(who, today) else Respondent.SELF
    answers: dict[str, Answer] = {}
    for question_id, raw in draft.answers.get(person.key, {}).items():
        if not isinstance(raw, dict):
            continue
        try:
            question = questionnaire.question(question_id)
        except LookupError:
            continue
        kinds = {f.id: f.type for f in questionnaire.fields_of(question)}
        value = _service_value(raw.get("value"), question.type)
        cases = tuple({fid: _service_value(v, kinds.get(fid)) for fid, v in case.items()
                       if v is not None} for case in raw.get("cases", []))
        answers[question_id] = Answer(value, cases)  # type: ignore[arg-type]
    return AnswerSet(person_id or person.key, questionnaire.version, answers, respondent, today)


def _service_value(value: Any, kind: qn.AnswerType | None) -> Any:
    if kind is qn.AnswerType.MONTH_YEAR and isinstance(value, str) and len(value) == 7:
        try:
            return MonthYear.parse(value)
        except ValueError:
            return value
    return value


def from_answer_set(answers: AnswerSet) -> dict[str, object]:
    """The service's record as the draft holds it."""
    def plain(value: Any) -> Any:
        return f"{value.year:04d}-{value.month:02d}" if isinstance(value, MonthYear) else value

    return {qid: {"value": plain(a.value), "cases": [{k: plain(v) for k, v in c.items()}
                                                     for c in a.cases]}
            for qid, a in answers.answers.items()}


class QuestionnaireAdapter:
    def __init__(self, today: Callable[[], date]) -> None:
        self.today = today

    @property
    def questionnaire(self) -> qn.Questionnaire:
        return qn.load_questionnaire()

    def _questions(self, person: PersonDraft, draft: ProposalDraft) -> tuple[qn.Question, ...]:
        return questions_of(person, draft, self.today())

    # --- the form -----------------------------------------------------------------

    def questions_for(self, person: PersonDraft, draft: ProposalDraft) -> Sequence[Question]:
        questionnaire = self.questionnaire
        return [Question(q.id, q.text(), q.type.value,
                         case_fields=tuple(self._field(f, questionnaire)
                                           for f in questionnaire.fields_of(q)))
                for q in self._questions(person, draft)]

    @staticmethod
    def _field(field: qn.Field, questionnaire: qn.Questionnaire) -> Question:
        options = questionnaire.options.get(field.options or "", {})
        choices = tuple(Option(o.id, o.label()) for o in options.values())
        visible_if: tuple[str, tuple[str, ...]] | None = None
        if field.side_of:  # a side only for a paired body part
            parts = questionnaire.options.get("body_parts", {})
            visible_if = (field.side_of, tuple(i for i, o in parts.items() if o.paired))
        elif field.required_if is not None:
            wanted = field.required_if.equals
            visible_if = (field.required_if.field,
                          ("yes" if wanted is True else "no" if wanted is False else str(wanted),))
        return Question(field.id, field.label(), field.type.value, field.required, choices,
                        visible_if=visible_if)

    def answered_by_representative(self, person: PersonDraft, draft: ProposalDraft) -> bool:
        who = insured(person, draft)
        return who is not None and qn.needs_legal_representative(who, self.today())

    def check(self, person: PersonDraft, draft: ProposalDraft) -> dict[str, str]:
        questions = self._questions(person, draft)
        who = insured(person, draft)
        if not questions or who is None:
            return {}
        questionnaire = self.questionnaire
        answers = to_answer_set(person, draft, questionnaire, self.today())
        problems: dict[str, str] = {}
        for issue in validate(questionnaire, answers, questions, who, self.today()):
            if issue.question_id is None:
                key = "_"
            elif issue.case is None or issue.field_id is None:
                key = issue.question_id
            else:
                key = f"{issue.question_id}.{issue.case}.{issue.field_id}"
            problems.setdefault(key, issue.message)
        return problems

    # --- the underwriting aid -----------------------------------------------------

    def assessment(self, person: PersonDraft, draft: ProposalDraft) -> PersonAssessment | None:
        """The suggestion for a person whose answers are complete; None otherwise."""
        if not self._questions(person, draft) or self.check(person, draft):
            return None
        holder = draft.policyholder  # the proposal's language is the policyholder's
        language = (holder.language if holder else person.language) or None
        answers = to_answer_set(person, draft, self.questionnaire, self.today())
        return assess(answers, products_of(draft, person), today=self.today(),
                      language=language)

    def suggestions(self, draft: ProposalDraft) -> Sequence[ReservationDraft]:
        found = []
        for person in draft.persons:
            assessment = self.assessment(person, draft)
            for suggestion in assessment.reservations if assessment else ():
                found.append(ReservationDraft(
                    person.key, suggestion.condition, suggestion.body_part,
                    suggestion.products, origin=rs.Origin.SUGGESTED.value,
                    key=suggestion_key(person.store_id or person.key, suggestion.rule_id,
                                       suggestion.question_id, suggestion.case),
                    rule_id=suggestion.rule_id))
        return found

    def referrals(self, draft: ProposalDraft) -> list[Referral]:
        """Per person, the products whose answers go to the insurer's medical officer, who
        decides (004 art. 6 al. 5, art. 7), and the rules' reasons in the agent's language."""
        found: list[Referral] = []
        for person in draft.persons:
            assessment = self.assessment(person, draft)
            if assessment is None:
                continue
            products: list[str] = []
            reasons: list[str] = []
            for product in assessment.products.values():
                for finding in product.findings:
                    if finding.outcome is Outcome.REFERRAL:
                        products.append(product.product)
                        reasons.append(finding.note())
            if products:
                found.append(Referral(person.key, tuple(dict.fromkeys(products)),
                                      tuple(dict.fromkeys(reasons))))
        return found

    def remarks(self, draft: ProposalDraft) -> Sequence[tuple[str, str]]:
        """What the agent tells the client and that is neither a reservation nor a referral
        (a product's own exclusion, a waiting period): the rules' notes of "no remark"."""
        found: list[tuple[str, str]] = []
        for person in draft.persons:
            assessment = self.assessment(person, draft)
            for product in assessment.products.values() if assessment else ():
                for finding in product.findings:
                    if finding.outcome is Outcome.NO_REMARK \
                            and (person.key, finding.note()) not in found:
                        found.append((person.key, finding.note()))
        return found

    def check_reservation(self, draft: ProposalDraft,
                          reservation: ReservationDraft) -> dict[str, str]:
        """A reservation the agent enters or edits, checked as the store will: by field."""
        start = draft.start_date or self.today()
        problems = rs.content_problems(reservation.condition, reservation.products, start,
                                       reservation.until)
        held = set(products_of(draft, draft.person(reservation.person_key)))
        foreign = [code for code in reservation.products if code not in held]
        if foreign:
            problems.setdefault("products", _("%(person)s has no %(products)s in this proposal.")
                                % {"person": draft.person(reservation.person_key).full_name,
                                   "products": ", ".join(foreign)})
        return problems

    def reservation_problems(self, draft: ProposalDraft) -> dict[str, str]:
        start = draft.start_date or self.today()
        waiting = rs.awaiting_consent(service_reservation(r, start) for r in draft.reservations)
        names = {p.key: p.full_name for p in draft.persons}
        problems = {r.id: _("%(person)s: the client has not yet accepted or refused the "
                            "reservation “%(wording)s”.")
                    % {"person": names.get(r.person_id, ""), "wording": r.wording}
                    for r in waiting}
        for r in draft.reservations:  # the consent declaration states it (004 art. 8 al. 2)
            if r.consent_due is None and r.status != rs.ReservationStatus.REFUSED_BY_CLIENT:
                problems.setdefault(r.key, _(
                    "%(person)s: enter the date by which the client must answer the "
                    "reservation “%(wording)s”.") % {
                        "person": names.get(r.person_key, ""),
                        "wording": f"{r.body_part}, {r.condition}" if r.body_part
                        else r.condition})
        return problems


def suggestion_key(person: str, rule: str, question: str, case: int) -> str:
    """The same finding keeps the same id (a UUID, as the store's records have)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"propono:{person}:{rule}:{question}:{case}"))


def service_reservation(draft: ReservationDraft, start: date,
                        proposal_id: str | None = None,
                        person_id: str | None = None) -> rs.Reservation:
    return rs.Reservation(
        draft.key, person_id or draft.person_key, proposal_id, draft.condition,
        draft.body_part, draft.products, start, draft.until,
        rs.ReservationStatus(draft.status), rs.Origin(draft.origin), draft.rule_id,
        decided=draft.decided, consent_due=draft.consent_due)

