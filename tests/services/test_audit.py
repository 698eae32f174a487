"""The audit trail: who, what, when; append-only; no personal values copied."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.services import agents
from app.services.proposals import households as hh
from app.services.store import audit
from app.services.store.database import Store
from tests.services.conftest import PASSWORD, TODAY, family


def test_changes_are_attributed_to_the_logged_in_agent(store: Store, agent: agents.AgentRecord) -> None:
    household = hh.create_household(store, family(), today=TODAY)
    data = household.to_data()
    data.persons[0].email = "zoe@example.org"
    hh.update_household(store, household.id, data, household.version, today=TODAY)
    trail = audit.history(store, household.persons[0].id)
    assert [(a.action, a.actor_id) for a in trail] == [("insert", agent.id), ("update", agent.id)]
    assert trail[1].fields == ["email"]
    assert trail[0].at <= trail[1].at and trail[1].at.tzinfo is not None
    # Field names only: the address itself is not copied into the trail.
    assert "zoe@example.org" not in json.dumps([a.detail for a in trail] + [a.fields for a in trail])


def test_logins_are_audited(store: Store, agent: agents.AgentRecord) -> None:
    store.lock()
    with pytest.raises(agents.WrongPassword):
        agents.login(store, "wrong password")
    agents.login(store, PASSWORD)
    actions = [a.action for a in audit.history(store, agent.id)]
    assert actions == ["create_profile", "login_failed", "login"]


def test_the_trail_cannot_be_edited_or_deleted(store: Store) -> None:
    hh.create_household(store, family(), today=TODAY)
    with pytest.raises(DBAPIError, match="append-only"), store.unit_of_work() as session:
        session.execute(text("UPDATE audit_entries SET actor_id = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"), store.unit_of_work() as session:
        session.execute(text("DELETE FROM audit_entries"))
    assert len(audit.history(store)) == 4
