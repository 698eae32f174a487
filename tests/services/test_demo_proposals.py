"""The demo proposals reach "ready" and "signed" through the lifecycle, with real evidence."""

import hashlib
from datetime import date

from app.models import ProposalStatus
from app.services import agents
from app.services.demo import data as demo
from app.services.proposals import flow
from app.services.proposals import records as pr
from app.services.proposals.lifecycle import ProposalStatus as Lifecycle
from app.services.proposals.lifecycle import Signature, signature_matches
from app.services.proposals.questionnaire import SignerRole
from app.services.proposals.signatures import signatures_of
from app.services.proposals.stored_documents import documents_of
from app.services.store import audit
from app.services.store.database import Store
from tests.services.test_scribble import decode

TODAY = date(2026, 6, 15)


def transitions(store: Store, proposal_id: str) -> list[tuple[str, str]]:
    return [(a.detail["from"], a.detail["to"]) for a in audit.history(store, proposal_id)
            if a.action == "transition"]


def test_demo_proposals_follow_the_lifecycle(store: Store, agent: agents.AgentRecord) -> None:
    demo.fill(store, count=12, today=TODAY)
    by_status = {s: pr.list_proposals(store, s) for s in ProposalStatus}
    # 12 households, every 4th without a proposal: 9 proposals, a third each draft/ready/signed.
    assert {s: len(v) for s, v in by_status.items() if v} == {
        ProposalStatus.DRAFT: 3, ProposalStatus.READY: 3, ProposalStatus.SIGNED: 3}
    for summary in by_status[ProposalStatus.DRAFT]:
        assert transitions(store, summary.id) == []
    for summary in by_status[ProposalStatus.READY]:
        assert flow.load_proposal(store, summary.id).status is Lifecycle.COMPLETE
        assert flow.questionnaire_issues(store, summary.id, today=TODAY) == []
        assert transitions(store, summary.id) == [("draft", "complete")]
    roles = set()
    for summary in by_status[ProposalStatus.SIGNED]:
        proposal = flow.load_proposal(store, summary.id)
        assert (proposal.status, proposal.signed_on) == (Lifecycle.SIGNED, TODAY)
        assert transitions(store, summary.id) == [("draft", "complete"), ("complete", "signed")]
        (document,) = documents_of(store, summary.id)
        content = (store.path.parent / document.path).read_bytes()
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == document.sha256 == proposal.document_sha256
        captured = signatures_of(store, summary.id)
        required = flow.signers(store, summary.id, on=TODAY)
        assert len(captured) == len(required)
        for signer in required:
            assert any(signature_matches(signer, Signature(SignerRole(s.role), s.person_id or "", None,
                                                           s.signed_at))
                       and s.document_id == document.id for s in captured), signer
        for signature in captured:
            decode(signature.image)  # a valid PNG
            roles.add(signature.role)
    # A child's legal representative signed somewhere; a healed knee was reported somewhere.
    assert roles >= {"policyholder", "legal_representative"}
    suggested = [v for s in by_status[ProposalStatus.READY] + by_status[ProposalStatus.SIGNED]
                 for v in flow.suggestions(store, s.id).values()]
    assert "reservation_suggested" in suggested and "no_remark" in suggested
