"""Answer sets, reservations, signatures and documents; encryption at rest."""

import base64
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.services import agents
from app.services.proposals import households as hh
from app.services.proposals import records as pr
from app.services.proposals.answer_sets import answer_sets_of, save_answer_set
from app.services.proposals.reservations import accept_reservation, add_reservation, reservations_of
from app.services.proposals.signatures import add_signature, signatures_of
from app.services.proposals.stored_documents import add_document, documents_of
from app.services.store import journal
from app.services.store.crypto import DecryptionError
from app.services.store.database import Store, StoreLocked
from app.services.store.schema import open_store
from app.services.validation import ValidationError
from tests.services.conftest import PASSWORD, TODAY, family

ANSWER = "Hernie discale L4-L5 operee en 2019, suivi physiotherapie"
RESERVATION = "Exclusion: genou gauche, menisque"
SIGNATURE = b"\x89PNG fake strokes of Zoe Rochat's signature"
NOW = datetime(2026, 6, 15, 10, 30, tzinfo=UTC)


@pytest.fixture
def proposal(store: Store, agent: agents.AgentRecord) -> pr.ProposalRecord:
    household = hh.create_household(store, family(), today=TODAY)
    return pr.create_proposal(store, household.id)


def _fill(store: Store, proposal: pr.ProposalRecord) -> str:
    household = hh.get_household(store, proposal.household_id)
    zoe = household.persons[0]
    save_answer_set(store, proposal.id, zoe.id, "GM-HEALTH", "2024-01",
                    {"q1_back_pain": True, "q1_details": ANSWER})
    add_reservation(store, proposal.id, zoe.id, "HC", {"text": RESERVATION, "years": 5})
    add_signature(store, proposal.id, "Zoé Rochat", "policyholder", SIGNATURE, NOW, person_id=zoe.id)
    return zoe.id


def test_answers_round_trip_and_resave(store: Store, proposal: pr.ProposalRecord) -> None:
    zoe_id = _fill(store, proposal)
    (answers,) = answer_sets_of(store, proposal.id)
    assert answers.answers == {"q1_back_pain": True, "q1_details": ANSWER}
    assert (answers.questionnaire_id, answers.questionnaire_version) == ("GM-HEALTH", "2024-01")
    again = save_answer_set(store, proposal.id, zoe_id, "GM-HEALTH", "2024-01",
                            {"q1_back_pain": False}, completed_at=NOW,
                            expected_version=answers.version)
    assert again.id == answers.id and again.version == 2
    assert answer_sets_of(store, proposal.id)[0].answers == {"q1_back_pain": False}


def test_reservations_signatures_documents(store: Store, proposal: pr.ProposalRecord) -> None:
    _fill(store, proposal)
    (reservation,) = reservations_of(store, proposal.id)
    assert reservation.details == {"text": RESERVATION, "years": 5}
    assert accept_reservation(store, reservation.id, NOW, reservation.version) == 2
    assert reservations_of(store, proposal.id)[0].accepted_at == NOW
    (signature,) = signatures_of(store, proposal.id)
    assert (signature.image, signature.role, signature.signed_at) == (SIGNATURE, "policyholder", NOW)
    with pytest.raises(ValidationError):
        add_signature(store, proposal.id, "X", "witness", SIGNATURE, NOW)
    digest = "a" * 64
    document = add_document(store, proposal.id, "proposal", "fr", "documents/p.pdf", digest)
    assert documents_of(store, proposal.id) == [document]
    with pytest.raises(ValidationError):
        add_document(store, proposal.id, "proposal", "fr", "documents/p.pdf", "not-a-hash")


def test_locked_store_reveals_nothing(store: Store, proposal: pr.ProposalRecord) -> None:
    _fill(store, proposal)
    store.lock()
    with pytest.raises(StoreLocked):
        answer_sets_of(store, proposal.id)
    with pytest.raises(StoreLocked):
        reservations_of(store, proposal.id)
    agents.login(store, PASSWORD)
    assert answer_sets_of(store, proposal.id)[0].answers["q1_details"] == ANSWER


def _raw(path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        file = Path(str(path) + suffix)
        if file.exists():
            data += file.read_bytes()
    return data


def test_database_file_does_not_contain_health_data(
    store: Store, proposal: pr.ProposalRecord, tmp_path: Path
) -> None:
    _fill(store, proposal)
    secrets = (ANSWER.encode(), b"Hernie discale", RESERVATION.encode(), b"genou gauche", SIGNATURE)
    # While the application runs, the data sits in the WAL file too.
    assert Path(str(store.path) + "-wal").stat().st_size > 0
    raw = _raw(store.path)
    assert b"Famille Rochat" in raw  # the grep does see plain text
    for secret in secrets:
        assert secret not in raw
    # The journal ships ciphertext, not the answers.
    answer_entries = [e for e in journal.pending(store) if e.entity == "answer_set"]
    assert "$base64" in str(answer_entries[0].payload["answers_ciphertext"])

    # The file copied to another machine: without the password, no key.
    store.close()
    copy = tmp_path / "stolen.sqlite"
    shutil.copy(store.path, copy)
    for secret in secrets:
        assert secret not in _raw(copy)
    thief = open_store(copy)
    with pytest.raises(StoreLocked):
        answer_sets_of(thief, proposal.id)
    with pytest.raises((agents.WrongPassword, DecryptionError)):
        agents.login(thief, "guessed password")
    agents.login(thief, PASSWORD)  # the agent, on a new laptop, gets everything back
    assert answer_sets_of(thief, proposal.id)[0].answers["q1_details"] == ANSWER
    thief.close()


def test_sync_gets_the_plain_payload_only_when_logged_in(store: Store, proposal: pr.ProposalRecord) -> None:
    _fill(store, proposal)
    entries = {e.entity: e for e in journal.pending(store)}
    assert journal.plain_payload(store, entries["answer_set"])["answers"] == {
        "q1_back_pain": True, "q1_details": ANSWER,
    }
    assert journal.plain_payload(store, entries["reservation"])["details"]["text"] == RESERVATION
    image = journal.plain_payload(store, entries["signature"])["image"]
    assert base64.b64decode(image) == SIGNATURE
    store.lock()
    with pytest.raises(StoreLocked):
        journal.plain_payload(store, entries["answer_set"])
