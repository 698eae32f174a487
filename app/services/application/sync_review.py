"""After a sync (issue 7): the conflicts the agent settles and the offers repriced by a newer
tariff, over `sync_service` and `stale_offers`.

The sync stack is slow to import, so it is imported on first use, never at start-up.
Names (who a conflict concerns, whose premium changed) are read here, in one short read,
so the dialogs show words rather than ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select

from app.i18n import _
from app.models import Household, Person, Proposal, Repricing, SyncConflict
from app.services.application.ports import ConflictRow, RepricedLine, RepricedOffer, ReviewError
from app.services.store.database import NotFound, Store

ProductName = Callable[[str], str]  # product code -> its name in the interface language


def _full_name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def _holder_names(session: Any, household_ids: set[str]) -> dict[str, str]:
    """Household id -> the policyholder's name (the household's name if none)."""
    names = {h.id: h.name for h in session.scalars(
        select(Household).where(Household.id.in_(household_ids)))}
    for person in session.scalars(select(Person).where(Person.household_id.in_(household_ids),
                                                       Person.role == "policyholder")):
        names[person.household_id] = _full_name(person)
    return names


class StoreConflicts:
    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self) -> int:
        with self.store.reading() as session:
            return int(session.scalar(select(func.count()).select_from(SyncConflict)
                                      .where(SyncConflict.status == "open")) or 0)

    def open_conflicts(self) -> Sequence[ConflictRow]:
        from app.services.sync.service import open_conflicts

        records = open_conflicts(self.store)
        subjects = self._subjects({(r.entity, r.entity_id) for r in records})
        return [ConflictRow(r.id, r.entity, r.field, subjects.get(r.entity_id, ""), r.mine,
                            r.theirs, r.created_at) for r in records]

    def _subjects(self, keys: set[tuple[str, str]]) -> dict[str, str]:
        ids = {kind: {i for k, i in keys if k == kind} for kind in
               ("person", "household", "proposal")}
        found: dict[str, str] = {}
        with self.store.reading() as session:
            for person in session.scalars(select(Person).where(Person.id.in_(ids["person"]))):
                found[person.id] = _full_name(person)
            proposals = {p.id: p.household_id for p in session.scalars(
                select(Proposal).where(Proposal.id.in_(ids["proposal"])))}
            holders = _holder_names(session, ids["household"] | set(proposals.values()))
        found.update({hid: name for hid, name in holders.items() if hid in ids["household"]})
        found.update({pid: holders.get(hid, "") for pid, hid in proposals.items()})
        return found

    def resolve(self, conflict_id: int, keep: str) -> None:
        from app.services.sync.api import ServerRefused, TransportError
        from app.services.sync.client import SyncInterrupted
        from app.services.sync.service import resolve_conflict
        from app.services.sync.settings import NotConfigured

        try:
            resolve_conflict(self.store, conflict_id, keep)
        except NotConfigured as error:
            raise ReviewError(_("Sync is not set up: ask the insurer for the server address "
                                "and your token.")) from error
        except (SyncInterrupted, TransportError) as error:
            raise ReviewError(_("The insurer's server cannot be reached: your choice was not "
                                "sent. Try again once you are online.")) from error
        except ServerRefused as error:
            raise ReviewError(_("The insurer refused this choice: {reason}").format(
                reason=error.detail)) from error


class StoreRepricings:
    def __init__(self, store: Store, product_name: ProductName) -> None:
        self.store = store
        self.product_name = product_name

    def count(self) -> int:
        with self.store.reading() as session:
            return int(session.scalar(select(func.count()).select_from(Repricing)
                                      .where(Repricing.acknowledged_at.is_(None))) or 0)

    def unreviewed(self) -> Sequence[RepricedOffer]:
        from app.services.sync.stale_offers import stale_offers

        records = stale_offers(self.store)
        person_ids = {line.person_id for r in records for line in r.lines}
        with self.store.reading() as session:
            persons = {p.id: _full_name(p) for p in session.scalars(
                select(Person).where(Person.id.in_(person_ids)))}
            households = {p.id: p.household_id for p in session.scalars(
                select(Proposal).where(Proposal.id.in_({r.proposal_id for r in records})))}
            clients = _holder_names(session, set(households.values()))
        return [RepricedOffer(
            r.id, r.proposal_id, clients.get(households.get(r.proposal_id, ""), ""),
            r.old_tariff_version, r.new_tariff_version,
            tuple(RepricedLine(persons.get(line.person_id, line.person_id),
                               self.product_name(line.product), line.old, line.new)
                  for line in r.lines), r.created_at) for r in records]

    def acknowledge(self, repricing_id: str) -> None:
        from app.services.sync.stale_offers import acknowledge

        try:
            acknowledge(self.store, repricing_id)
        except NotFound as error:
            raise ReviewError(_("This repriced offer is no longer there.")) from error
