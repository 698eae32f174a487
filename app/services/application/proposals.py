"""Proposals as the wizard sees them: the clients list, drafts to and from the store, cancel,
delete, sign.

The wizard's draft is written to the store as households, persons and proposal items in
one unit of work; a household the store refuses (an invalid or missing field) is kept in
a recovery file instead, so nothing is lost and nothing half-written reaches the
database. Which screen step a proposal was on is screen state, kept with the preferences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.i18n import _
from app.services import agents, validation
from app.services.application.draft import (
    BasicInsuranceChoice,
    PersonDraft,
    ProductChoice,
    ProposalDraft,
)
from app.services.application.households import person_data, person_draft
from app.services.application.ports import (
    ProposalRow,
    SaveError,
    ScreenMemory,
    Signer,
)
from app.services.application.recovery import RecoveryFiles
from app.services.catalogue import LAMAL_CODE
from app.services.proposals import flow, households
from app.services.proposals import records as proposals
from app.services.proposals.households import HouseholdData
from app.services.proposals.records import EDITABLE, ItemData, ProposalData, ProposalStatus
from app.services.store.audit_event import TransitionError
from app.services.store.database import NotFound, StaleRecord, Store
from app.services.validation import ValidationErrors

if TYPE_CHECKING:
    from app.services.application.health import HealthRecords

# Options of a LAMAL item: what the basic-insurance step chose (pricing reads the first three).
BASIC_OPTIONS = ("insurer", "model", "accident_cover", "reason", "event_date", "current_insurer",
                 "current_deductible", "current_model", "premium_announced")


def _basic_options(choice: BasicInsuranceChoice) -> dict[str, Any]:
    return {
        "insurer": choice.insurer, "model": choice.model,
        "accident_cover": choice.accident_cover, "reason": choice.reason,
        "event_date": choice.event_date.isoformat() if choice.event_date else None,
        "current_insurer": choice.current_insurer,
        "current_deductible": str(choice.current_deductible)
        if choice.current_deductible is not None else None,
        "current_model": choice.current_model,
        "premium_announced": choice.premium_announced,
    }


def _basic_choice(item: proposals.ItemRecord) -> BasicInsuranceChoice:
    options = item.options
    event = options.get("event_date")
    current = options.get("current_deductible")
    cover = options.get("accident_cover", True)
    return BasicInsuranceChoice(
        insurer=str(options.get("insurer") or ""), model=str(options.get("model") or "standard"),
        deductible=item.deductible, accident_cover=cover not in (False, "suspended"),
        reason=str(options.get("reason") or "change_of_insurer"),
        event_date=date.fromisoformat(event) if event else None, start_date=item.start_date,
        current_insurer=str(options.get("current_insurer") or ""),
        current_deductible=Decimal(current) if current else None,
        current_model=str(options.get("current_model") or "standard"),
        premium_announced=bool(options.get("premium_announced")), item_id=item.id)


def _ahv_shown(compact: str | None) -> str:
    """756.1234.5678.97, as validation.format_ahv writes it, without its cost per line."""
    if not compact:
        return ""
    if len(compact) == 13 and compact.isdigit():
        return f"{compact[:3]}.{compact[3:7]}.{compact[7:11]}.{compact[11:]}"
    return validation.format_ahv(compact)


def members_text(names: Sequence[tuple[str, str]]) -> str:
    """A household's members as the list shows them, in the household's order, each last
    name once for the first names that follow it: "Rochat Sophie, Thomas, Noah, Favre Mia"."""
    parts, previous = [], None
    for last, first in names:
        if not (last or first):
            continue
        parts.append(first if last == previous else f"{last} {first}".strip())
        previous = last
    return ", ".join(parts)


class StoreProposals:
    """Drafts to and from the store; the directory of clients and proposals."""

    def __init__(self, store: Store, recovery: RecoveryFiles, screens: ScreenMemory,
                 health: Callable[[], HealthRecords], today: Callable[[], date],
                 priced: Callable[[str], object] | None = None) -> None:
        self.store = store
        self._priced = priced  # records what an offer is priced with (stale offers, sync)
        self.recovery = recovery
        self.screens = screens
        self._health_factory = health
        self._health: HealthRecords | None = None
        self.today = today
        self._deleted: set[str] = set()  # never written again (a late autosave of its screen)

    @property
    def health(self) -> HealthRecords:
        """Answers, reservations and signing: loaded with the first proposal opened."""
        if self._health is None:
            self._health = self._health_factory()
        return self._health

    # --- directory ----------------------------------------------------------------

    def statuses(self) -> Sequence[str]:
        return [status.value for status in ProposalStatus]

    def search(self, text: str, status: str | None = None,
               limit: int = 200) -> Sequence[ProposalRow]:
        """Two statements (households.list_clients) whatever the number of clients: under
        10 ms at 100,000 persons (benchmarks/bench_clients_list.py)."""
        wanted = ProposalStatus(status) if status in set(self.statuses()) else None
        if status and wanted is None:
            return []
        lines = households.list_clients(self.store, text, wanted.value if wanted else None,
                                        limit)
        rows = [self._row(line) for line in lines]
        if not text.strip() and not wanted:
            rows += self._unsaved()
        rows.sort(key=lambda row: row.updated_at, reverse=True)
        return rows[:limit]

    @staticmethod
    def _row(line: households.ClientLine) -> ProposalRow:
        holder = line.policyholder
        return ProposalRow(
            proposal_id=line.proposal_id or "", client=f"{holder.first_name} {holder.last_name}",
            ahv_number=_ahv_shown(holder.ahv_number),
            postal_code=holder.postal_code, municipality=holder.municipality or holder.locality,
            status=line.status or "", updated_at=line.updated_at, persons=len(line.members),
            household_id=line.household_id,
            members=members_text([(m.last_name, m.first_name) for m in line.members]))

    def _unsaved(self) -> list[ProposalRow]:
        rows = []
        for draft, written in self.recovery.all():
            if draft.stored:
                continue  # shown through its proposal, which opens with the recovered data
            holder = draft.policyholder or PersonDraft()
            rows.append(ProposalRow(draft.id, holder.full_name or _("(no name yet)"),
                                    holder.ahv_number, holder.postal_code, holder.municipality,
                                    "unsaved", written, len(draft.persons),
                                    draft.household_id or "", members_text(
                                        [(p.last_name, p.first_name) for p in draft.persons])))
        return rows

    # --- drafts -------------------------------------------------------------------

    def new_draft(self, household_id: str | None = None) -> ProposalDraft:
        if household_id is None:
            return ProposalDraft(persons=[PersonDraft(role="policyholder")])
        record = households.get_household(self.store, household_id)
        return ProposalDraft(persons=[person_draft(p) for p in record.persons],
                             household_id=record.id, household_version=record.version)

    def load_draft(self, proposal_id: str) -> ProposalDraft:
        recovered = self.recovery.read(proposal_id)
        try:
            record = proposals.get_proposal(self.store, proposal_id)
        except NotFound:
            if recovered is None:
                raise
            return recovered  # a new client the store has not accepted yet
        household = households.get_household(self.store, record.household_id)
        draft = ProposalDraft(
            id=record.id, status=record.status.value,
            persons=[person_draft(p) for p in household.persons],
            start_date=record.start_date, signing_place=record.signing_place,
            household_id=household.id, household_version=household.version,
            version=record.version, stored=True, editable=record.status in EDITABLE)
        for item in record.items:
            if item.product_code == LAMAL_CODE:
                draft.basic[item.person_id] = _basic_choice(item)
            else:
                draft.products.setdefault(item.person_id, []).append(
                    ProductChoice(item.product_code, item.level, item.deductible, item.id))
        self.health.load(draft, record.id)
        if not draft.editable:
            self._signed_document(draft)
        screen = self.screens.screen_state(f"proposal-{record.id}")
        # a signed proposal the agent never opened here (e.g. a demo one) opens at its follow-up
        signed = bool(draft.signed_pdf or draft.document_problem)
        draft.step = screen.get("step", "followup" if signed else draft.step)
        draft.frequency = screen.get("frequency", draft.frequency)
        if recovered is not None and draft.editable:
            # newer than the store: what the agent typed when the store refused it
            recovered.answers, recovered.reservations = draft.answers, draft.reservations
            recovered.version, recovered.household_version = draft.version, \
                draft.household_version
            return recovered
        return draft

    def _signed_document(self, draft: ProposalDraft) -> None:
        """The stored signed PDF, shown and printed again only while its SHA-256 is the one
        frozen with the proposal (app/services/proposals/follow_up.py)."""
        from app.services.proposals.follow_up import DocumentProblem, signed_document

        try:
            document = signed_document(self.store, draft.id)
        except DocumentProblem as problem:
            draft.document_problem = problem.message
            return
        if document is not None:
            draft.signed_pdf, draft.document_sha256 = document.content, document.sha256

    def save_draft(self, draft: ProposalDraft) -> None:
        if draft.id in self._deleted:
            return
        if not draft.editable:  # frozen: only where the screens were is remembered
            if draft.stored:
                self._remember_screen(draft)
            return
        previous_id = draft.id
        holder = draft.policyholder or (draft.persons[0] if draft.persons else PersonDraft())
        data = HouseholdData(name=holder.full_name or holder.last_name,
                             language=holder.language,
                             persons=[person_data(p) for p in draft.persons])
        try:
            with self.store.unit_of_work():
                if draft.household_id is None:
                    household = households.create_household(self.store, data,
                                                             today=self.today())
                else:
                    household = households.update_household(
                        self.store, draft.household_id, data, draft.household_version,
                        today=self.today())
                keys = {p.key: stored.id for p, stored in zip(draft.persons, household.persons,
                                                             strict=True)}
                items = self._items(draft, keys)
                fields = ProposalData(start_date=draft.start_date,
                                      signing_place=draft.signing_place, items=items)
                if draft.stored:
                    record = proposals.save_proposal(self.store, draft.id, fields, draft.version)
                else:
                    record = proposals.create_proposal(self.store, household.id, fields)
                self.health.save(draft, record.id, keys)
                record = proposals.get_proposal(self.store, record.id)  # status may change
        except ValidationErrors:
            self.recovery.write(draft)  # the store keeps its last valid state
            return
        except (StaleRecord, proposals.InvalidState, NotFound) as error:
            self.recovery.write(draft)
            raise SaveError(_("The proposal could not be saved: %s") % error) from error
        # Only now, after the commit, does the draft learn the store's ids and versions.
        for person, stored in zip(draft.persons, household.persons, strict=True):
            person.store_id, person.version = stored.id, stored.version
        draft.household_id, draft.household_version = household.id, household.version
        for choice, stored_item in zip(self._choices(draft), record.items, strict=True):
            choice.item_id = stored_item.id
        draft.id, draft.version, draft.stored = record.id, record.version, True
        draft.status = record.status.value
        self._remember_screen(draft)
        if self._priced is not None:
            self._priced(record.id)
        self.recovery.remove(previous_id)
        self.recovery.remove(draft.id)

    def _choices(self, draft: ProposalDraft) -> list[BasicInsuranceChoice | ProductChoice]:
        return [c for p in draft.persons for c in self._choices_of(draft, p)]

    def _items(self, draft: ProposalDraft, keys: dict[str, str]) -> list[ItemData]:
        items = []
        for choice, person in ((c, p) for p in draft.persons for c in self._choices_of(draft, p)):
            person_id = keys[person.key]
            if isinstance(choice, BasicInsuranceChoice):
                items.append(ItemData(person_id, LAMAL_CODE, None, choice.deductible,
                                      options=_basic_options(choice),
                                      start_date=choice.start_date, id=choice.item_id))
            else:
                items.append(ItemData(person_id, choice.product, choice.level,
                                      choice.deductible, start_date=draft.start_date,
                                      id=choice.item_id))
        return items

    def _remember_screen(self, draft: ProposalDraft) -> None:
        self.screens.set_screen_state(f"proposal-{draft.id}", {
            "step": draft.step, "frequency": draft.frequency})

    # --- signing ------------------------------------------------------------------

    def required_signers(self, draft: ProposalDraft) -> Sequence[Signer]:
        return self.health.signers(draft, agents.get_profile(self.store).name)

    def cancel(self, draft: ProposalDraft) -> None:
        if draft.stored and draft.editable:
            self.save_draft(draft)  # what was typed last stays with it
        self._move(draft, flow.cancel)

    def restore(self, draft: ProposalDraft) -> None:
        self._move(draft, flow.restore)

    def delete(self, proposal_id: str) -> None:
        """A proposal never signed, gone with its products and answers in one transaction
        (audited, journalled: the next sync deletes it on the server too); its household
        stays. A draft the store never accepted only had its recovery file, or nothing."""
        try:
            proposals.delete_proposal(self.store, proposal_id)
        except NotFound:
            pass  # never accepted by the store, or already deleted
        except proposals.NotDeletable as error:
            raise SaveError(error.message) from error
        self._deleted.add(proposal_id)
        self.recovery.remove(proposal_id)

    def _move(self, draft: ProposalDraft, step: Callable[..., object]) -> None:
        if not draft.stored:
            raise SaveError(_("This proposal is not in the store yet: there is nothing to "
                              "set aside."))
        try:
            step(self.store, draft.id, actor=self.health.actor, at=self.health.now())
        except TransitionError as error:
            raise SaveError(str(error.message)) from error
        record = proposals.get_proposal(self.store, draft.id)
        draft.status, draft.version = record.status.value, record.version
        draft.editable = record.status in EDITABLE

    def sign(self, draft: ProposalDraft, pdf: bytes) -> str:
        self.save_draft(draft)
        digest = self.health.sign(draft, pdf)
        record = proposals.get_proposal(self.store, draft.id)
        draft.status, draft.version = record.status.value, record.version
        draft.editable = record.status in EDITABLE
        return digest

    @staticmethod
    def _choices_of(draft: ProposalDraft,
                    person: PersonDraft) -> list[BasicInsuranceChoice | ProductChoice]:
        found: list[BasicInsuranceChoice | ProductChoice] = []
        if person.key in draft.basic:
            found.append(draft.basic[person.key])
        found.extend(draft.products.get(person.key, []))
        return found
