"""A proposal signed through the desktop's own services, and the insurer's decision on it as
a sync brings it: for the follow-up tests on a real store."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from app.services.application.draft import ProposalDraft, SignatureDraft
from app.services.catalogue import LAMAL_CODE
from app.services.proposals import decisions as sync_decisions
from app.services.proposals import records as store_proposals
from app.services.proposals import scribble
from app.services.store.database import Store
from app.views.context import AppContext
from tests.views.fakes import FakeDocuments, chosen, family_draft

# Signed on Friday 11.12.2026 in Lausanne (VD). Revocation (LCA art. 2a, lifecycle.
# revocation_deadline): 14 days, the signing day not counted -> Friday 25.12.2026, Christmas,
# a public holiday in VD -> Saturday 26 -> Sunday 27 -> the next working day, Monday
# 28.12.2026.
SIGNED_ON = date(2026, 12, 11)
DEADLINE = date(2026, 12, 28)
NOW = datetime(2026, 12, 11, 14, 0, tzinfo=UTC)
DECIDED_AT = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)  # Monday 14.12.2026, 09:00 in Lausanne


class Clock:
    """The services' "today", moved by a test."""

    def __init__(self, today: date = SIGNED_ON) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def sign_rochats(context: AppContext, step: str = "print") -> ProposalDraft:
    """Anna, Marc and Léa Rochat: basic insurance, GM for the adults, DP for Léa, SC for all
    (tests/views/fakes.py `chosen`); every health question answered "no"; every required
    signer signs; the store keeps the signed PDF and its hash. Left on `step`."""
    proposals, questions = context.proposals, context.questionnaires
    draft = chosen(family_draft())
    proposals.save_draft(draft)
    for person in draft.persons:
        draft.answers[person.key] = {q.id: {"value": False, "cases": []}
                                     for q in questions.questions_for(person, draft)}
    draft.signing_place = "Lausanne"
    draft.step = step
    proposals.save_draft(draft)
    ink = scribble.png(scribble.strokes("Rochat"))
    draft.signatures = [SignatureDraft(s.key, s.role, ink, NOW, s.for_person, s.name)
                        for s in proposals.required_signers(draft)]
    pdf = FakeDocuments().proposal_pdf(draft, "fr")
    draft.document_sha256 = proposals.sign(draft, pdf)
    draft.signed_pdf = pdf  # as the signatures step keeps it
    return draft


def decide(store: Store, draft: ProposalDraft, policy_number: str | None = "GM-2026-004711",
           reserved: str = "GM") -> None:
    """The insurer's decision, recorded as a sync does (`sync_decisions.record`): Anna's
    `reserved` product accepted with a reservation for Crohn's disease, everything else
    (the basic insurance too: the insurer must accept everyone, LAMal art. 4) accepted."""
    anna = draft.persons[0].store_id
    items: list[dict[str, Any]] = []
    for item in store_proposals.get_proposal(store, draft.id).items:
        reservations = [{"condition": "Crohn's disease", "body_part": "", "until": None}] \
            if (item.person_id, item.product_code) == (anna, reserved) else []
        assert item.product_code == LAMAL_CODE or item.product_code in ("GM", "SC", "DP")
        items.append({"item_id": item.id, "person_id": item.person_id,
                      "product": item.product_code,
                      "outcome": "accepted_with_reservations" if reservations else "accepted",
                      "reservations": reservations})
    decision = {"id": str(uuid.uuid4()), "proposal_id": draft.id,
                "outcome": "accepted_with_reservations", "policy_number": policy_number,
                "items": items, "note": None, "decided_at": DECIDED_AT.isoformat()}
    with store.unit_of_work() as session:
        sync_decisions.record(store, session, [(1, decision)], DECIDED_AT)
