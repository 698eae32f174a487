"""Laptops for sync tests: a local store with an agent, realistic records, and a check
that the laptop and the server hold exactly the same data."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import JournalEntry
from app.server.config import ServerConfig
from app.server.crypto import ServerKeys
from app.server.db import make_engine, make_sessionmaker
from app.server.entities import to_state
from app.server.models import Entity, Principal
from app.services import agents
from app.services.catalogue import load_catalogue
from app.services.proposals import flow, scribble, signatures
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals import stored_documents as document_records
from app.services.proposals.answers import AnswerSet, MonthYear, Respondent
from app.services.proposals.households import HouseholdData, PersonData
from app.services.proposals.questionnaire import load_questionnaire, questions_for
from app.services.proposals.records import ItemData, ProposalData
from app.services.store.crypto import KdfParams
from app.services.store.database import Store
from app.services.store.journal import ENTITIES, snapshot
from app.services.store.schema import open_store
from app.services.sync import settings
from app.services.sync.wire import wire_fields

FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
TODAY = date(2026, 6, 15)
START = date(2027, 1, 1)
HEALTH_ANSWER = "Morbus Crohn, treated since 2019"


def laptop(folder: Path, accreditation: str, name: str = "Claire Demierre") -> Store:
    store = open_store(folder / "propono.sqlite", synchronous="OFF")
    agents.create_profile(store, agents.ProfileData(name, accreditation, ["fr"], "correct horse"),
                          kdf=FAST_KDF)
    return store


def connect(store: Store, url: str, token: str) -> None:
    settings.configure(store, url, token)


def person(**changes: Any) -> PersonData:
    values: dict[str, Any] = {
        "first_name": "Zoé", "last_name": "Rochat", "sex": "F", "birth_date": date(1985, 3, 2),
        "role": "policyholder", "ahv_number": "756.1234.5678.97", "postal_code": "1003",
        "locality": "Lausanne", "language": "fr", "phone": "079 123 45 67",
        "email": "zoe.rochat@example.ch", "iban": "CH93 0076 2011 6238 5295 7"}
    values.update(changes)
    return PersonData(**values)


def family(name: str = "Famille Rochat") -> HouseholdData:
    return HouseholdData(name, "fr", [
        person(),
        person(first_name="Jérôme", sex="M", birth_date=date(1983, 7, 9), role="spouse",
               ahv_number="", phone="", email="", iban=""),
        person(first_name="Léa", birth_date=date(2016, 1, 20), role="child", ahv_number="",
               phone="", email="", iban="")])


def crohn() -> dict[str, Any]:
    """Zoé's reported condition: ongoing since 2019 (a health detail the server must keep sealed)."""
    return {"diagnosis": HEALTH_ANSWER, "body_part": "digestive", "from": MonthYear(2019, 4),
            "course": "ongoing", "treatment": "medication", "doctor": "Dr Favre, Lausanne",
            "time_off_work": False}


def signed_proposal(store: Store, documents: Path | None = None) -> tuple[Any, Any]:
    """A family, a proposal with two covers, health answers, signatures, signed: every step
    through `proposal_flow` (the lifecycle), as the desktop does it.

    Zoé takes the hospital cover HC (full questionnaire) and reports her Crohn's disease;
    Léa (10) takes the dental cover DP level 0 (0-18 years, 003 §DP), answered and signed
    for by her mother. The signed document is written under `documents` when given.
    """
    household = hh.create_household(store, family(), today=TODAY)
    zoe, lea = household.persons[0], household.persons[2]
    proposal = pr.create_proposal(store, household.id, ProposalData(start_date=START, items=[
        ItemData(zoe.id, "HC", "2"), ItemData(lea.id, "DP", "0")]))
    actor, at = store.actor_id or "", datetime(2026, 6, 15, 10, tzinfo=UTC)
    for person, products, answered_by in ((zoe, ["HC"], Respondent.SELF),
                                          (lea, ["DP"], Respondent.LEGAL_REPRESENTATIVE)):
        answers = AnswerSet(person.id, load_questionnaire().version, answered_by=answered_by)
        for question in questions_for(products, sex="female"):
            answers = answers.with_answer(question.id, False)
        if person is zoe:
            answers = answers.with_answer("current_treatment", True, [crohn()])
        assert flow.save_answers(store, proposal.id, answers, today=TODAY, actor=actor, at=at).issues == ()
    flow.complete(store, proposal.id, eligibility=flow.catalogue_eligibility(
        store, proposal.id, load_catalogue()), today=TODAY, actor=actor, at=at)
    content = b"%PDF-1.7 signed proposal " + proposal.id.encode()
    relative = f"documents/{proposal.id}.pdf"
    if documents is not None:
        (documents / "documents").mkdir(parents=True, exist_ok=True)
        (documents / relative).write_bytes(content)
    document = document_records.add_document(store, proposal.id, "proposal", "fr", relative,
                                             hashlib.sha256(content).hexdigest())
    # Zoé signs as policyholder (covering her own answers) and for Léa as her mother.
    for role, for_person in (("policyholder", zoe.id), ("legal_representative", lea.id)):
        signatures.add_signature(store, proposal.id, zoe.full_name, role,
                                 scribble.png(scribble.strokes(role)), at, person_id=for_person,
                                 document_id=document.id)
    flow.sign(store, proposal.id, signed_on=TODAY, document_id=document.id, actor=actor, at=at)
    return household, pr.get_proposal(store, proposal.id)


def pending(store: Store) -> int:
    with store.reading() as session:
        return len(session.scalars(select(JournalEntry.id)
                                   .where(JournalEntry.shipped_at.is_(None))).all())


def local_state(store: Store) -> dict[str, dict[str, Any]]:
    """Every journalled record of the laptop, as the server should hold it."""
    found: dict[str, dict[str, Any]] = {}
    with store.reading() as session:
        for model, entity in ENTITIES.items():
            for row in session.scalars(select(model)):
                fields, _ = wire_fields(entity, row.id, snapshot(row), store.vault)
                found[row.id] = {"entity": entity, "fields": fields, "version": row.version}
    return found


def server_state(config: ServerConfig, accreditation: str) -> dict[str, dict[str, Any]]:
    engine = make_engine(config.database_url)
    keys = ServerKeys(config.master_key)
    try:
        with make_sessionmaker(engine)() as session:
            owner = session.scalar(select(Principal.id).where(
                Principal.accreditation == accreditation))
            rows = session.scalars(select(Entity).where(Entity.owner_id == owner))
            return {str(row.id): {"entity": row.entity_type, "state": to_state(row, keys)}
                    for row in rows}
    finally:
        engine.dispose()


def assert_same_data(store: Store, config: ServerConfig, accreditation: str) -> None:
    """Both sides hold the same records with the same values; deletions are tombstones."""
    local = local_state(store)
    remote = server_state(config, accreditation)
    live = {k: v for k, v in remote.items() if v["state"].deleted_seq is None}
    assert set(live) == set(local), (set(live) ^ set(local))
    for record_id, mine in local.items():
        theirs = live[record_id]
        assert theirs["entity"] == mine["entity"]
        assert theirs["state"].fields == mine["fields"], (mine["entity"], record_id)


def applied_change_count(config: ServerConfig) -> tuple[int, int]:
    """(rows in applied_changes, distinct change ids): equal when nothing was doubled."""
    from sqlalchemy import text

    engine = make_engine(config.database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT count(*), count(DISTINCT change_id) FROM applied_changes")).one()
            return int(row[0]), int(row[1])
    finally:
        engine.dispose()


def new_id() -> str:
    return str(uuid.uuid4())
