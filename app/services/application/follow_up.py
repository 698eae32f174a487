"""After the signature (`app.services.proposals.follow_up`): what became of a proposal, the client's
answer to the insurer's reservations, the revocation, and the consent declaration PDF.

The services decide and audit every move; this adapter names the persons and products in
the agent's language and turns a refused move into a sentence for the agent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.i18n import _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import ConsentLine, DecisionLine, FollowUp, FollowUpError
from app.services.documents import RecordError, render_document
from app.services.documents.builders import reservation_record
from app.services.pricing.engine import PricingError
from app.services.proposals import follow_up as fu
from app.services.proposals import households
from app.services.proposals import records as store_proposals
from app.services.store.audit_event import TransitionError
from app.services.store.database import NotFound, Store

if TYPE_CHECKING:
    from app.services.application.documents import DocumentsAdapter


class StoreFollowUps:
    def __init__(self, store: Store, documents: Callable[[], DocumentsAdapter],
                 product_name: Callable[[str], str], today: Callable[[], date],
                 now: Callable[[], datetime]) -> None:
        self.store = store
        self._documents = documents  # built on first use (catalogue and tariffs)
        self.product_name = product_name
        self.today = today
        self.now = now

    @property
    def actor(self) -> str:
        return self.store.actor_id or ""

    # --- reading ------------------------------------------------------------------

    def follow_up(self, proposal_id: str) -> FollowUp:
        summary = fu.follow_up(self.store, proposal_id, today=self.today(), at=self.now())
        proposal = summary.proposal
        record = store_proposals.get_proposal(self.store, proposal_id)
        names = {p.id: p.full_name
                 for p in households.get_household(self.store, record.household_id).persons}
        levels = {item.id: item.level for item in record.items}
        awaiting = {r.id for r in summary.awaiting}
        decision = summary.decision
        return FollowUp(
            status=proposal.status.value, signed_on=proposal.signed_on,
            submitted_on=summary.submitted_on,
            decided_on=fu.swiss_day(decision.decided_at) if decision else None,
            policy_number=(decision.policy_number or "") if decision else "",
            revocation_until=summary.revocation.deadline,
            revocation_open=summary.revocation.open,
            revocation_reason=summary.revocation.reason,
            revocation_recordable=bool(summary.revocation.recordable),
            decisions=tuple(
                DecisionLine(names.get(item.person_id, ""),
                             self._product(item.product, levels.get(item.id)),
                             item.status.value)
                for item in proposal.items) if proposal.signed_on else (),
            reservations=tuple(
                ConsentLine(r.id, names.get(r.person_id, ""), r.wording,
                            tuple(self._product(code) for code in r.products), r.status.value,
                            r.until, r.consent_due, r.consent_on, r.id in awaiting, r.decided,
                            r.origin.value)
                for r in summary.reservations),
            history=tuple((day, status.value) for day, status in summary.history))

    def _product(self, code: str, level: str | None = None) -> str:
        name = self.product_name(code)
        return _("%(product)s, level %(level)s") % {"product": name, "level": level} \
            if level else name

    # --- moves --------------------------------------------------------------------

    def record_answer(self, proposal_id: str, reservation_key: str, consented: bool,
                      on: date) -> FollowUp:
        with _refusals():
            fu.record_consent(self.store, proposal_id, reservation_key, consented=consented,
                              on=on, today=self.today(), actor=self.actor, at=self.now())
        return self.follow_up(proposal_id)

    def set_answer_by(self, proposal_id: str, day: date) -> FollowUp:
        with _refusals():
            fu.set_answer_deadline(self.store, proposal_id, day, today=self.today(),
                                   actor=self.actor, at=self.now())
        return self.follow_up(proposal_id)

    def revoke(self, proposal_id: str, sent_on: date) -> FollowUp:
        with _refusals():
            fu.revoke(self.store, proposal_id, sent_on=sent_on, today=self.today(),
                      actor=self.actor, at=self.now())
        return self.follow_up(proposal_id)

    # --- the consent declaration --------------------------------------------------

    def consent_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        """One page per insured person: the reservations awaiting their consent (004 art. 8
        al. 2), dated as the signed proposal, in the client's language."""
        summary = fu.follow_up(self.store, draft.id, today=self.today(), at=self.now())
        if not summary.awaiting:
            raise ValueError(_("No reservation awaits the client's consent."))
        if any(r.consent_due is None for r in summary.awaiting):
            raise ValueError(_("Enter the insurer's answer deadline first."))
        keys = {p.store_id: p.key for p in draft.persons if p.store_id}
        try:
            record = self._documents().covers_record(draft, language)
            reserved = tuple(reservation_record(replace(r, person_id=keys.get(r.person_id,
                                                                              r.person_id)))
                             for r in summary.awaiting)
            issued = summary.proposal.signed_on or record.key_dates.issued
            record = replace(record, reservations=reserved,
                             key_dates=replace(record.key_dates, issued=issued))
            return render_document("consent", record, language)
        except (RecordError, PricingError) as error:
            raise ValueError(str(error)) from error


@contextmanager
def _refusals() -> Iterator[None]:
    """The services' refusals as `FollowUpError`, with the sentence for the agent."""
    try:
        yield
    except TransitionError as error:
        raise FollowUpError(error.message) from error
    except NotFound as error:
        raise FollowUpError(_("This reservation or proposal is no longer on this laptop.")) \
            from error
