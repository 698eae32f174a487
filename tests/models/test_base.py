"""The declarative base: naming convention, mixins, optimistic lock, no lazy loads."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.models import Base, Household, Person, ProposalItem


@pytest.fixture
def session() -> Session:
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
    Base.metadata.create_all(engine)
    return Session(engine)


def test_constraint_names_follow_the_convention() -> None:
    table = Person.__table__
    assert table.primary_key.name == "pk_persons"
    assert {fk.name for fk in table.foreign_key_constraints} == {"fk_persons_household_id_households"}
    assert "ix_persons_ahv_number" in {ix.name for ix in table.indexes}


def test_mixins_fill_id_timestamps_and_version(session: Session) -> None:
    household = Household(name="H", language="fr")
    session.add(household)
    session.flush()
    assert len(household.id) == 36 and household.version == 1
    assert household.created_at.tzinfo is UTC
    household.name = "H2"
    session.flush()
    assert household.version == 2 and household.updated_at >= household.created_at


def test_stale_update_is_detected(session: Session) -> None:
    household = Household(name="H", language="fr")
    session.add(household)
    session.commit()
    assert household.version == 1  # read by the form
    # Another writer (the sync, another window) changes the row meanwhile.
    session.execute(Household.__table__.update().values(version=5))
    household.name = "changed meanwhile"
    with pytest.raises(StaleDataError):
        session.flush()


def test_relationships_never_load_lazily(session: Session) -> None:
    household = Household(name="H", language="fr")
    session.add(household)
    session.commit()
    session.expunge_all()
    loaded = session.scalar(select(Household))
    assert loaded is not None
    with pytest.raises(InvalidRequestError):
        _ = loaded.persons


def test_decimals_are_exact_and_datetimes_must_be_aware(session: Session) -> None:
    household = Household(name="H", language="fr")
    person = Person(household=household, role="policyholder", first_name="A", last_name="B",
                    sex="F", birth_date=date(1990, 1, 1), postal_code="1003", canton="VD",
                    language="fr")
    session.add_all([household, person])
    session.flush()
    from app.models import Proposal

    proposal = Proposal(household_id=household.id)
    session.add(proposal)
    session.flush()
    item = ProposalItem(proposal_id=proposal.id, person_id=person.id, product_code="HC",
                        capital=Decimal("0.10") + Decimal("0.20"))
    session.add(item)
    session.commit()
    session.expire_all()
    assert session.get(ProposalItem, item.id).capital == Decimal("0.30")  # type: ignore[union-attr]
    household.created_at = datetime(2026, 1, 1)  # noqa: DTZ001 - naive on purpose
    with pytest.raises(Exception, match="naive datetime"):
        session.flush()
