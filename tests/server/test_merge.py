"""The field-by-field merge rules, without a database."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.server.merge import (
    AGENT,
    OFFICE,
    Change,
    EditRefused,
    EntityState,
    apply_agent_change,
    apply_office_edit,
    resolve_for_agent,
)

ANNA = uuid.UUID(int=1)
BRUNO = uuid.UUID(int=2)
PERSON = uuid.UUID(int=100)
PROPOSAL = uuid.UUID(int=200)


def change(seq: int, fields: dict[str, Any], *, entity: uuid.UUID = PERSON,
           entity_type: str = "person", base: int = 0, op: str = "upsert",
           parent: uuid.UUID | None = None, tx: str | None = None) -> Change:
    return Change(uuid.uuid4(), seq, entity_type, entity, op, fields, base_version=base,
                  parent_id=parent, tx=tx)


def test_create_then_update_counts_server_versions() -> None:
    state, first = apply_agent_change(None, change(1, {"last_name": "Muster", "phone": "+41791"}),
                                      ANNA)
    assert (first.status, first.version) == ("applied", 1)
    state, second = apply_agent_change(state, change(2, {"phone": "+41792"}, base=1), ANNA)
    assert (second.status, second.version) == ("applied", 2)
    assert state.fields == {"last_name": "Muster", "phone": "+41792"}
    assert state.meta["phone"].to_json() == [2, AGENT, 2]
    assert state.meta["last_name"].to_json() == [1, AGENT, 1]


def test_an_older_change_arriving_late_is_stale() -> None:
    state, _ = apply_agent_change(None, change(5, {"phone": "+41795"}), ANNA)
    state, late = apply_agent_change(state, change(4, {"phone": "+41794"}), ANNA)
    assert late.status == "stale"
    assert state.fields["phone"] == "+41795"
    assert state.version == 1


def test_an_older_change_still_fills_the_fields_it_alone_set() -> None:
    state, _ = apply_agent_change(None, change(5, {"phone": "+41795"}), ANNA)
    state, late = apply_agent_change(state, change(4, {"phone": "+41794", "email": "a@b.ch"}),
                                     ANNA)
    assert late.status == "applied"
    assert late.applied == ["email"]
    assert state.fields == {"phone": "+41795", "email": "a@b.ch"}


def test_office_and_agent_changing_the_same_field_is_a_conflict_keeping_the_server_value() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791", "city": "Sion"}), ANNA)
    assert apply_office_edit(state, {"phone": "+41220000000"}, base_version=1) == []
    assert state.version == 2
    # The agent, offline since version 1, changes the phone too.
    state, outcome = apply_agent_change(state, change(2, {"phone": "+41799", "city": "Sierre"},
                                                      base=1), ANNA)
    assert outcome.status == "conflict"
    [conflict] = outcome.conflicts
    assert (conflict.field, conflict.base_version, conflict.server_version) == ("phone", 1, 2)
    assert (conflict.server_value, conflict.client_value) == ("+41220000000", "+41799")
    assert state.fields == {"phone": "+41220000000", "city": "Sierre"}  # city merged
    assert state.version == 3


def test_different_fields_edited_on_both_sides_merge() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791", "email": "a@b.ch"}), ANNA)
    apply_office_edit(state, {"email": "anna@muster.ch"}, base_version=1)
    state, outcome = apply_agent_change(state, change(2, {"phone": "+41792"}, base=1), ANNA)
    assert outcome.status == "applied"
    assert state.fields == {"phone": "+41792", "email": "anna@muster.ch"}
    # What the agent lacks since version 1 goes back with the answer.
    assert state.office_fields_since(1) == {"email": "anna@muster.ch"}
    assert state.office_fields_since(2) == {}


def test_same_value_on_both_sides_is_no_conflict() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    apply_office_edit(state, {"phone": "+41799"}, base_version=1)
    state, outcome = apply_agent_change(state, change(2, {"phone": "+41799"}, base=1), ANNA)
    assert outcome.status == "applied" and outcome.conflicts == []
    assert state.version == 2  # nothing changed


def test_an_agent_who_saw_the_office_edit_overwrites_it() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    apply_office_edit(state, {"phone": "+41799"}, base_version=1)
    state, outcome = apply_agent_change(state, change(2, {"phone": "+41700"}, base=2), ANNA)
    assert outcome.status == "applied"
    assert state.fields["phone"] == "+41700"


def test_office_edit_conflicts_with_an_agent_write_it_has_not_seen() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    state, _ = apply_agent_change(state, change(2, {"phone": "+41792"}, base=1), ANNA)
    conflicts = apply_office_edit(state, {"phone": "+41220000000", "email": "x@y.ch"},
                                  base_version=1)
    assert [(c.field, c.server_value, c.client_value) for c in conflicts] == [
        ("phone", "+41792", "+41220000000")]
    assert state.fields == {"phone": "+41792"}  # all or nothing
    assert state.version == 2


def test_signed_proposal_refuses_later_changes_but_takes_its_own_history() -> None:
    state, _ = apply_agent_change(None, change(10, {"status": "draft"}, entity=PROPOSAL,
                                               entity_type="proposal"), ANNA)
    state, signed = apply_agent_change(state, change(12, {"status": "signed"}, entity=PROPOSAL,
                                                     entity_type="proposal", tx="t12"), ANNA)
    assert state.sealed and state.sealed_seq == 12
    state, late_history = apply_agent_change(state, change(11, {"place": "Sion"},
                                                           entity=PROPOSAL,
                                                           entity_type="proposal"), ANNA)
    assert late_history.status == "applied"
    state, same_tx = apply_agent_change(state, change(13, {"signed_at": "2026-03-01"},
                                                      entity=PROPOSAL, entity_type="proposal",
                                                      tx="t12"), ANNA)
    assert same_tx.status == "applied"
    state, after = apply_agent_change(state, change(14, {"status": "draft"}, entity=PROPOSAL,
                                                     entity_type="proposal"), ANNA)
    assert after.status == "refused" and "signed" in (after.reason or "")
    assert state.fields["status"] == "signed"
    state, moved_and_edited = apply_agent_change(state, change(15, {"status": "submitted",
                                                                    "place": "Bern"},
                                                                entity=PROPOSAL,
                                                                entity_type="proposal"), ANNA)
    assert moved_and_edited.status == "refused"
    state, submitted = apply_agent_change(state, change(16, {"status": "submitted"},
                                                         entity=PROPOSAL,
                                                         entity_type="proposal"), ANNA)
    assert submitted.status == "applied" and state.fields["status"] == "submitted"
    with pytest.raises(EditRefused):
        apply_office_edit(state, {"place": "Sierre"}, base_version=state.version)


def test_children_of_a_signed_proposal_are_frozen_too() -> None:
    proposal, _ = apply_agent_change(None, change(3, {"status": "signed"}, entity=PROPOSAL,
                                                  entity_type="proposal"), ANNA)
    item = uuid.uuid4()
    _, before = apply_agent_change(None, change(2, {"product": "HOSPITA"}, entity=item,
                                                entity_type="proposal_item", parent=PROPOSAL),
                                   ANNA, parent=proposal)
    assert before.status == "applied"
    _, after = apply_agent_change(None, change(4, {"product": "MEDICO"}, entity=item,
                                               entity_type="proposal_item", parent=PROPOSAL),
                                  ANNA, parent=proposal)
    assert after.status == "refused"
    # The insurer's reservations and the client's consent come after signing.
    _, consent = apply_agent_change(None, change(5, {"accepted_at": "2026-07-01T10:00:00"},
                                                 entity=uuid.uuid4(), entity_type="reservation",
                                                 parent=PROPOSAL), ANNA, parent=proposal)
    assert consent.status == "applied"


def test_deletion_is_final_and_older_changes_only_fill_the_tombstone() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    state, deleted = apply_agent_change(state, change(3, {}, op="delete"), ANNA)
    assert deleted.status == "applied" and state.deleted_seq == 3
    state, older = apply_agent_change(state, change(2, {"phone": "+41792"}), ANNA)
    assert older.status == "stale" and state.deleted_seq == 3
    state, newer = apply_agent_change(state, change(4, {"phone": "+41794"}), ANNA)
    assert newer.status == "refused"
    # What the laptop had when it deleted the record (seq 2 was its last write).
    assert state.fields == {"phone": "+41792"}


def test_a_deletion_arriving_first_gives_the_same_tombstone() -> None:
    state, _ = apply_agent_change(None, change(3, {}, op="delete"), ANNA)
    state, _ = apply_agent_change(state, change(2, {"phone": "+41792"}), ANNA)
    state, _ = apply_agent_change(state, change(1, {"phone": "+41791", "city": "Sion"}), ANNA)
    assert (state.deleted_seq, state.fields) == (3, {"phone": "+41792", "city": "Sion"})


def test_another_agents_record_is_refused() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    state, outcome = apply_agent_change(state, change(1, {"phone": "+41000"}), BRUNO)
    assert outcome.status == "refused" and "another agent" in (outcome.reason or "")
    assert state.fields == {"phone": "+41791"}


def test_sensitive_fields_are_marked_and_kept_from_the_office() -> None:
    state, _ = apply_agent_change(None, Change(uuid.uuid4(), 1, "person", PERSON, "upsert",
                                               {"iban": "CH93", "phone": "+41"},
                                               sensitive=frozenset({"iban"})), ANNA)
    assert state.sensitive == {"iban"}
    answer, _ = apply_agent_change(None, change(2, {"answer": "yes"}, entity=uuid.uuid4(),
                                                entity_type="answer_set"), ANNA)
    assert answer.sensitive == {"answer"}
    with pytest.raises(EditRefused, match="iban"):
        apply_office_edit(state, {"iban": "CH00"}, base_version=1)


def test_resolving_for_the_agent_writes_on_top() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    apply_office_edit(state, {"phone": "+41799"}, base_version=1)
    resolve_for_agent(state, "phone", "+41791")
    assert state.fields["phone"] == "+41791"
    assert state.meta["phone"].writer == AGENT and state.version == 3


# Reordered delivery: any order of one agent's changes ends in the same state. -------------

FIELDS = ("first_name", "phone", "email", "city")
change_lists = st.lists(
    st.dictionaries(st.sampled_from(FIELDS), st.integers(0, 5), min_size=1, max_size=3),
    min_size=1, max_size=8)


def _final(changes: list[Change]) -> dict[str, Any]:
    state: EntityState | None = None
    for item in changes:
        state, _ = apply_agent_change(state, item, ANNA)
    assert state is not None
    return state.fields


@settings(max_examples=200, deadline=None)
@given(edits=change_lists, deleted=st.booleans(), order=st.randoms(use_true_random=False))
def test_any_delivery_order_converges_to_the_journal_order_result(
        edits: list[dict[str, int]], deleted: bool, order: Any) -> None:
    changes = [change(seq, fields) for seq, fields in enumerate(edits, start=1)]
    if deleted:
        changes.append(change(len(changes) + 1, {}, op="delete"))
    shuffled = list(changes)
    order.shuffle(shuffled)
    expected: dict[str, int] = {}
    for fields in edits:
        expected.update(fields)  # the laptop's own final values
    assert _final(changes) == expected
    assert _final(shuffled) == expected
    assert _final(shuffled + changes) == expected  # and delivered twice


def test_office_meta_records_the_writer() -> None:
    state, _ = apply_agent_change(None, change(1, {"phone": "+41791"}), ANNA)
    apply_office_edit(state, {"phone": "+41799"}, base_version=1)
    assert state.meta["phone"].to_json() == [2, OFFICE, 1]


def test_after_signing_only_the_lifecycle_moves() -> None:
    proposal, _ = apply_agent_change(None, change(1, {"status": "signed"}, entity=PROPOSAL,
                                                  entity_type="proposal"), ANNA)
    as_proposal = {"entity": PROPOSAL, "entity_type": "proposal"}
    # "accepted" only once the insurer has decided (the server knows).
    proposal, early = apply_agent_change(proposal, change(2, {"status": "accepted"},
                                                          **as_proposal), ANNA)
    assert early.status == "refused"
    proposal, accepted = apply_agent_change(proposal, change(3, {"status": "accepted"},
                                                             **as_proposal), ANNA, decided=True)
    assert accepted.status == "applied"
    # Backwards is never a lifecycle move (lifecycle.TRANSITIONS).
    proposal, back = apply_agent_change(proposal, change(4, {"status": "submitted"},
                                                         **as_proposal), ANNA, decided=True)
    assert back.status == "refused" and proposal.fields["status"] == "accepted"
    # An item of the signed proposal receives its decision, nothing else.
    item = uuid.uuid4()
    _, decision = apply_agent_change(None, change(5, {"decision": "dropped"}, entity=item,
                                                  entity_type="proposal_item", parent=PROPOSAL),
                                     ANNA, parent=proposal)
    assert decision.status == "applied"
    _, product = apply_agent_change(None, change(6, {"product_code": "X"}, entity=item,
                                                 entity_type="proposal_item", parent=PROPOSAL),
                                    ANNA, parent=proposal)
    assert product.status == "refused"
