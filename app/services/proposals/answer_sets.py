"""Health questionnaire answers, stored encrypted (health data, FADP art. 5 let. c).

The questionnaire feature calls `save_answer_set` as the client answers (one
set per person, proposal and questionnaire; saving again replaces the answers)
and `answer_sets_of` to read them back. Answers are any JSON-serialisable dict;
they are encrypted with the logged-in agent's data key before they reach SQLite,
so the store must be unlocked (`StoreLocked` otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.models import AnswerSet, Person, Proposal
from app.models.base import new_id
from app.services.proposals.records import EDITABLE, InvalidState
from app.services.store.database import NotFound, Store, check_version
from app.services.validation import ValidationError

TABLE, COLUMN = "answer_sets", "answers_ciphertext"


@dataclass(frozen=True)
class AnswerSetRecord:
    id: str
    version: int
    proposal_id: str
    person_id: str
    questionnaire_id: str
    questionnaire_version: str
    answers: dict[str, Any]
    completed_at: datetime | None


def save_answer_set(
    store: Store,
    proposal_id: str,
    person_id: str,
    questionnaire_id: str,
    questionnaire_version: str,
    answers: dict[str, Any],
    *,
    completed_at: datetime | None = None,
    expected_version: int | None = None,
) -> AnswerSetRecord:
    vault = store.vault
    if not questionnaire_id or not questionnaire_version:
        raise ValidationError("questionnaire_id", "questionnaire id and version are required")
    with store.unit_of_work() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFound(f"proposal {proposal_id}")
        if proposal.status not in EDITABLE:
            raise InvalidState(f"proposal {proposal_id} is {proposal.status}")
        person = session.get(Person, person_id)
        if person is None or person.household_id != proposal.household_id:
            raise NotFound(f"person {person_id} in the proposal's household")
        row = session.scalar(
            select(AnswerSet).where(
                AnswerSet.proposal_id == proposal_id,
                AnswerSet.person_id == person_id,
                AnswerSet.questionnaire_id == questionnaire_id,
            )
        )
        if row is None:
            row = AnswerSet(
                id=new_id(),
                proposal_id=proposal_id,
                person_id=person_id,
                questionnaire_id=questionnaire_id,
            )
            session.add(row)
        else:
            check_version("answer_set", row.id, row.version, expected_version)
        row.questionnaire_version = questionnaire_version
        row.answers_ciphertext = vault.encrypt_json(answers, table=TABLE, column=COLUMN, row_id=row.id)
        row.completed_at = completed_at
        session.flush()
        return AnswerSetRecord(
            row.id, row.version, proposal_id, person_id, questionnaire_id,
            questionnaire_version, dict(answers), completed_at,
        )


def answer_sets_of(store: Store, proposal_id: str) -> list[AnswerSetRecord]:
    vault = store.vault
    with store.reading() as session:
        rows = session.scalars(
            select(AnswerSet).where(AnswerSet.proposal_id == proposal_id).order_by(AnswerSet.created_at)
        )
        return [
            AnswerSetRecord(
                row.id, row.version, row.proposal_id, row.person_id, row.questionnaire_id,
                row.questionnaire_version,
                vault.decrypt_json(row.answers_ciphertext, table=TABLE, column=COLUMN, row_id=row.id),
                row.completed_at,
            )
            for row in rows
        ]
