"""Demo proposals taken through the real lifecycle (`proposal_flow`), never set by hand.

A "ready" demo proposal has every health questionnaire answered and every product eligible
(`proposal_flow.complete`); a "signed" one also has a signature of every required signer
on a stored, hashed proposal document (`proposal_flow.sign`). The signatures are made-up
pen strokes (`scribble`) drawn into the document and stored as PNG images; the document is
a one-page demo PDF, not the full proposal of `app.services.documents`.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.services.catalogue import Catalogue
from app.services.proposals import flow, scribble
from app.services.proposals.answers import AnswerSet, Case, MonthYear, Respondent
from app.services.proposals.households import HouseholdRecord
from app.services.proposals.questionnaire import (
    SignerRole,
    load_questionnaire,
    needs_legal_representative,
)
from app.services.proposals.records import get_proposal
from app.services.proposals.signatures import add_signature
from app.services.proposals.stored_documents import add_document
from app.services.store.database import Store

# One adult in some demo proposals reports a healed knee operation: the underwriting aid
# then suggests a reservation (stored with the answers), which does not block completion.
KNEE_DIAGNOSIS = {"fr": "opération du ménisque", "de": "Meniskusoperation", "it": "intervento al menisco"}
TITLE = {"fr": "Proposition d'assurance (démonstration)", "de": "Versicherungsantrag (Demo)",
         "it": "Proposta d'assicurazione (dimostrazione)"}
ROLE = {
    "fr": {"policyholder": "Preneur d'assurance", "insured_person": "Personne assurée",
           "legal_representative": "Représentant légal de"},
    "de": {"policyholder": "Versicherungsnehmer/in", "insured_person": "Versicherte Person",
           "legal_representative": "Gesetzliche Vertretung von"},
    "it": {"policyholder": "Stipulante", "insured_person": "Persona assicurata",
           "legal_representative": "Rappresentante legale di"},
}


def _knee(household: HouseholdRecord) -> Case:
    locality = household.policyholder.locality
    return {"diagnosis": KNEE_DIAGNOSIS.get(household.language, KNEE_DIAGNOSIS["fr"]),
            "body_part": "knee", "side": "left", "from": MonthYear(2024, 2), "course": "healed",
            "to": MonthYear(2024, 6), "treatment": "arthroscopy", "doctor": f"Dr Rossi, {locality}",
            "time_off_work": True, "weeks_off_work": Decimal(6)}


def answer_questionnaires(store: Store, household: HouseholdRecord, proposal_id: str, *,
                          today: date, at: datetime, knee: bool = False) -> None:
    """Answer every person's questionnaire "no"; with `knee`, the first adult asked the
    five-year treatment question reports a healed knee operation instead."""
    version = load_questionnaire().version
    persons = {p.id: p for p in household.persons}
    for person_id, products in flow.products_by_person(store, proposal_id).items():
        who = flow.insured(persons[person_id], household, today)
        questions = flow.questions_of(who, products, today)
        if not questions:
            continue
        minor = needs_legal_representative(who, today)
        answers = AnswerSet(person_id, version, answered_by=Respondent.LEGAL_REPRESENTATIVE if minor
                            else Respondent.SELF)
        for question in questions:
            answers = answers.with_answer(question.id, False)
        if knee and not minor and "treatment_5y" in answers.answers:
            answers = answers.with_answer("treatment_5y", True, [_knee(household)])
            knee = False
        record = flow.save_answers(store, proposal_id, answers, today=today, actor=store.actor_id or "",
                                   at=at, language=household.language)
        if record.issues:  # the demo data is wrong: say where
            raise ValueError(f"demo answers of {persons[person_id].full_name}: {record.issues[0].message}")


def complete(store: Store, household: HouseholdRecord, proposal_id: str, catalogue: Catalogue, *,
             today: date, at: datetime, knee: bool = False) -> None:
    answer_questionnaires(store, household, proposal_id, today=today, at=at, knee=knee)
    flow.complete(store, proposal_id, eligibility=flow.catalogue_eligibility(store, proposal_id, catalogue),
                  today=today, actor=store.actor_id or "", at=at)


def sign(store: Store, household: HouseholdRecord, proposal_id: str, documents_root: Path, *,
         today: date, at: datetime) -> None:
    """Every required signer signs the demo document, which is stored and hashed; then sign."""
    persons = {p.id: p for p in household.persons}
    signatures = []
    for signer in flow.signers(store, proposal_id, on=today):
        signing = persons.get(signer.signer_id or "")
        name = signing.full_name if signing else signer.name
        signatures.append((signer.role, signer.for_person, name,
                           scribble.strokes(f"{signer.signer_id}:{signer.for_person}")))
    content = _document(store, household, proposal_id, signatures, today)
    relative = f"documents/{proposal_id}.pdf"
    (documents_root / "documents").mkdir(parents=True, exist_ok=True)
    (documents_root / relative).write_bytes(content)
    document = add_document(store, proposal_id, "proposal", household.language, relative,
                            hashlib.sha256(content).hexdigest())
    for role, for_person, name, strokes in signatures:
        add_signature(store, proposal_id, name, role.value, scribble.png(strokes), at,
                      person_id=for_person, document_id=document.id)
    flow.sign(store, proposal_id, signed_on=today, document_id=document.id,
              actor=store.actor_id or "", at=at)


def _document(store: Store, household: HouseholdRecord, proposal_id: str,
              signatures: list[tuple[SignerRole, str, str, tuple[scribble.Stroke, ...]]],
              today: date) -> bytes:
    language = household.language if household.language in TITLE else "fr"
    persons = {p.id: p for p in household.persons}
    proposal = get_proposal(store, proposal_id)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    y = height - 25 * mm
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(20 * mm, y, TITLE[language])
    canvas.setFont("Helvetica", 10)
    for line in (household.name, f"{proposal.start_date or ''}  ·  {today.isoformat()}", ""):
        y -= 7 * mm
        canvas.drawString(20 * mm, y, line)
    for item in proposal.items:
        y -= 5 * mm
        level = f" {item.level}" if item.level else ""
        canvas.drawString(25 * mm, y, f"{persons[item.person_id].full_name}: {item.product_code}{level}")
    for role, for_person, name, strokes in signatures:
        y -= 32 * mm
        label = ROLE[language][role.value] if role.value in ROLE[language] else role.value
        concerned = f" {persons[for_person].full_name}" if role is SignerRole.LEGAL_REPRESENTATIVE else ""
        canvas.drawString(20 * mm, y + 20 * mm, f"{label}{concerned}: {name}")
        path = canvas.beginPath()
        for stroke in strokes:  # image pixels, y downwards, drawn 0.25 mm per pixel
            path.moveTo(20 * mm + stroke[0][0] * 0.25 * mm, y + 18 * mm - stroke[0][1] * 0.25 * mm)
            for x, sy in stroke[1:]:
                path.lineTo(20 * mm + x * 0.25 * mm, y + 18 * mm - sy * 0.25 * mm)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
