"""The proposal state machine: every allowed and forbidden move, each guard, revocation
deadlines, per-product decisions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest

from app.i18n import use_language
from app.services.proposals import lifecycle as lc
from app.services.proposals import reservations as res
from app.services.proposals.answers import Issue
from app.services.proposals.lifecycle import (
    Evidence,
    Item,
    ItemStatus,
    LifecycleError,
    Proposal,
    ProposalStatus,
    Signature,
    revocation_deadline,
)
from app.services.proposals.questionnaire import Insured, SignerRole, required_signers
from app.services.proposals.reservations import Origin, Reservation, ReservationStatus

S = ProposalStatus
AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SIGNED_ON = date(2026, 3, 2)  # a Monday
HASH = "ab" * 32


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Eligible:
    reasons: tuple[Reason, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.reasons


def everyone_eligible(item: Item) -> Eligible:
    return Eligible()


def items(*statuses: ItemStatus) -> tuple[Item, ...]:
    codes = ("GM", "SC", "KP")
    return tuple(Item(f"i{n + 1}", "p1", codes[n], status=status) for n, status in enumerate(statuses))


def reservation(status: ReservationStatus = ReservationStatus.ACCEPTED_BY_CLIENT,
                decided: bool = True, product: str = "GM") -> Reservation:
    return Reservation("r1", "p1", "prop", "meniscus surgery 2024", "left knee", (product,),
                       date(2027, 1, 1), status=status, origin=Origin.SUGGESTED, decided=decided)


# What each target needs to pass its guard, so the table test checks the table alone.
def setup_for(target: ProposalStatus) -> tuple[tuple[Item, ...], Evidence]:
    A, W, R = ItemStatus.ACCEPTED, ItemStatus.ACCEPTED_WITH_RESERVATIONS, ItemStatus.REFUSED
    ph = Insured("p1", date(1980, 1, 1), "male")
    evidence = {
        S.COMPLETE: Evidence(questionnaire_issues=(), eligibility=everyone_eligible),
        S.SIGNED: Evidence(required_signers=required_signers(ph, [ph], SIGNED_ON), signed_on=SIGNED_ON,
                           document_sha256=HASH,
                           signatures=(Signature(SignerRole.POLICYHOLDER, "p1", "p1", AT),)),
        S.REVOKED: Evidence(sent_on=SIGNED_ON),
        S.POLICY_ISSUED: Evidence(reservations=(reservation(),)),
    }.get(target, Evidence())
    decided = {S.ACCEPTED: items(A, A), S.ACCEPTED_WITH_RESERVATIONS: items(W, A),
               S.REFUSED: items(R, R), S.POLICY_ISSUED: items(W, A)}
    return decided.get(target, items(ItemStatus.PROPOSED, ItemStatus.PROPOSED)), evidence


ALLOWED = {
    (S.DRAFT, S.COMPLETE), (S.DRAFT, S.CANCELLED),
    (S.COMPLETE, S.DRAFT), (S.COMPLETE, S.SIGNED), (S.COMPLETE, S.CANCELLED),
    (S.CANCELLED, S.DRAFT),
    (S.SIGNED, S.SUBMITTED), (S.SIGNED, S.REVOKED), (S.SIGNED, S.SUPERSEDED),
    (S.SUBMITTED, S.ACCEPTED), (S.SUBMITTED, S.ACCEPTED_WITH_RESERVATIONS),
    (S.SUBMITTED, S.REFUSED), (S.SUBMITTED, S.REVOKED),
    (S.ACCEPTED, S.POLICY_ISSUED), (S.ACCEPTED, S.REVOKED),
    (S.ACCEPTED_WITH_RESERVATIONS, S.ACCEPTED), (S.ACCEPTED_WITH_RESERVATIONS, S.REFUSED),
    (S.ACCEPTED_WITH_RESERVATIONS, S.POLICY_ISSUED), (S.ACCEPTED_WITH_RESERVATIONS, S.REVOKED),
    (S.POLICY_ISSUED, S.REVOKED),
}


@pytest.mark.parametrize("source", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_move(source: ProposalStatus, target: ProposalStatus) -> None:
    proposal_items, evidence = setup_for(target)
    signed = source not in (S.DRAFT, S.COMPLETE)
    proposal = Proposal("prop", proposal_items, status=source,
                        signed_on=SIGNED_ON if signed else None)
    assert lc.can_move(source, target) is ((source, target) in ALLOWED)
    if (source, target) in ALLOWED:
        moved = lc.transition(proposal, target, actor="agent", at=AT, reason="test", evidence=evidence)
        assert moved.proposal.status is target
        (event,) = moved.events
        assert (event.subject, event.subject_id, event.from_state, event.to_state, event.actor,
                event.at, event.reason) == ("proposal", "prop", source.value, target.value, "agent",
                                            AT, "test")
    else:
        with pytest.raises(LifecycleError) as error:
            lc.transition(proposal, target, actor="agent", at=AT, evidence=evidence)
        frozen = target is S.DRAFT and source not in (S.DRAFT, S.COMPLETE)
        assert error.value.code == ("proposal_frozen" if frozen else "invalid_transition")


def test_invalid_move_message_is_localized() -> None:
    with use_language("de"), pytest.raises(LifecycleError) as error:
        lc.submit(Proposal("p", items(ItemStatus.PROPOSED)), actor="a", at=AT)
    assert error.value.message == "Ein Antrag kann nicht von «Entwurf» zu «eingereicht» wechseln."


# ---------------------------------------------------------------------------- complete


def draft() -> Proposal:
    return Proposal("prop", items(ItemStatus.PROPOSED, ItemStatus.PROPOSED), canton="VD")


def test_complete_needs_every_question_answered() -> None:
    issue = Issue("unanswered", "Current treatment: please answer.", "current_treatment")
    with pytest.raises(LifecycleError) as error:
        lc.complete(draft(), questionnaire_issues=[issue], eligibility=everyone_eligible, actor="a", at=AT)
    assert error.value.code == "questionnaire_incomplete"
    assert error.value.message == (
        "The health questionnaires have 1 open point, e.g. Current treatment: please answer.")
    with pytest.raises(LifecycleError) as error:
        lc.transition(draft(), S.COMPLETE, actor="a", at=AT,
                      evidence=Evidence(eligibility=everyone_eligible))
    assert error.value.code == "questionnaire_unchecked"


def test_complete_needs_every_product_eligible() -> None:
    def too_old(item: Item) -> Eligible:
        return Eligible((Reason("age_above_max", "entry only up to 55"),) if item.product == "GM" else ())

    with pytest.raises(LifecycleError) as error:
        lc.complete(draft(), questionnaire_issues=[], eligibility=too_old, actor="a", at=AT)
    assert error.value.code == "not_eligible"
    assert error.value.message == "These products cannot be proposed: GM (entry only up to 55)."
    with pytest.raises(LifecycleError) as error:
        lc.transition(draft(), S.COMPLETE, actor="a", at=AT, evidence=Evidence(questionnaire_issues=()))
    assert error.value.code == "eligibility_unchecked"


def test_complete_needs_a_product() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.complete(Proposal("p", ()), questionnaire_issues=[], eligibility=everyone_eligible,
                    actor="a", at=AT)
    assert error.value.code == "no_products"


def test_editing_a_complete_proposal_sends_it_back_to_draft() -> None:
    done = lc.complete(draft(), questionnaire_issues=[], eligibility=everyone_eligible,
                       actor="a", at=AT).proposal
    edited = lc.edit_items(done, items(ItemStatus.PROPOSED), actor="a", at=AT)
    assert edited.proposal.status is S.DRAFT and len(edited.proposal.items) == 1
    assert [(e.from_state, e.to_state) for e in edited.events] == [("complete", "draft")]
    assert lc.edit_items(draft(), (), actor="a", at=AT).events == ()
    assert lc.reopen(draft(), actor="a", at=AT, reason="x").events == ()


# -------------------------------------------------------------------------------- sign


FAMILY_ON = date(2026, 3, 2)
MOTHER = Insured("m", date(1986, 4, 2), "female", "Anna Muster")
LEA = Insured("l", date(2016, 5, 1), "female", "Léa Muster", legal_representative_id="m")


def complete_family() -> Proposal:
    family = Proposal("prop", (Item("i1", "m", "GM"), Item("i2", "l", "KP")))
    return lc.complete(family, questionnaire_issues=[], eligibility=everyone_eligible,
                       actor="a", at=AT).proposal


def test_signing_needs_the_legal_representative_for_the_child() -> None:
    required = required_signers(MOTHER, [MOTHER, LEA], FAMILY_ON)
    mother_signs = Signature(SignerRole.POLICYHOLDER, "m", "m", AT)
    with pytest.raises(LifecycleError) as error:
        lc.sign(complete_family(), signed_on=FAMILY_ON, required=required,
                signatures=[mother_signs], document_sha256=HASH, actor="a", at=AT)
    assert error.value.code == "signatures_missing"
    assert error.value.message == "Signatures are missing: legal representative (Léa Muster)."
    # The child's own signature does not replace the representative's.
    child_signs = Signature(SignerRole.INSURED_PERSON, "l", "l", AT)
    with pytest.raises(LifecycleError):
        lc.sign(complete_family(), signed_on=FAMILY_ON, required=required,
                signatures=[mother_signs, child_signs], document_sha256=HASH, actor="a", at=AT)
    rep_signs = Signature(SignerRole.LEGAL_REPRESENTATIVE, "l", "m", AT)
    signed = lc.sign(complete_family(), signed_on=FAMILY_ON, required=required,
                     signatures=[mother_signs, rep_signs], document_sha256=HASH, actor="a", at=AT)
    assert (signed.proposal.status, signed.proposal.signed_on, signed.proposal.document_sha256) == (
        S.SIGNED, FAMILY_ON, HASH)


@pytest.mark.parametrize("digest", [None, "", "AB" * 32, "ab" * 31])
def test_signing_needs_the_documents_hash(digest: str | None) -> None:
    required = required_signers(MOTHER, [MOTHER], FAMILY_ON)
    with pytest.raises(LifecycleError) as error:
        lc.transition(complete_family(), S.SIGNED, actor="a", at=AT, evidence=Evidence(
            required_signers=required, signatures=[Signature(SignerRole.POLICYHOLDER, "m", "m", AT)],
            signed_on=FAMILY_ON, document_sha256=digest))
    assert error.value.code == "document_missing"


def test_signing_needs_date_and_signers() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.transition(complete_family(), S.SIGNED, actor="a", at=AT,
                      evidence=Evidence(document_sha256=HASH, required_signers=()))
    assert error.value.code == "signing_date_missing"
    with pytest.raises(LifecycleError) as error:
        lc.transition(complete_family(), S.SIGNED, actor="a", at=AT,
                      evidence=Evidence(document_sha256=HASH, signed_on=FAMILY_ON))
    assert error.value.code == "signers_unknown"


def signed_proposal(canton: str | None = "VD", signed_on: date = SIGNED_ON) -> Proposal:
    return Proposal("prop", items(ItemStatus.PROPOSED, ItemStatus.PROPOSED), status=S.SIGNED,
                    signed_on=signed_on, document_sha256=HASH, canton=canton)


@pytest.mark.parametrize("status", [s for s in S if s not in (S.DRAFT, S.COMPLETE,
                                                             S.CANCELLED)])
def test_a_signed_proposal_cannot_be_edited(status: ProposalStatus) -> None:
    proposal = replace(signed_proposal(), status=status)
    for action in (lambda: lc.ensure_editable(proposal),
                   lambda: lc.edit_items(proposal, (), actor="a", at=AT),
                   lambda: lc.reopen(proposal, actor="a", at=AT, reason="typo")):
        with pytest.raises(LifecycleError) as error:
            action()
        assert error.value.code == "proposal_frozen"


def test_a_cancelled_proposal_is_restored_before_it_changes() -> None:
    draft = Proposal("prop", items(ItemStatus.PROPOSED), status=S.DRAFT)
    cancelled = lc.transition(draft, S.CANCELLED, actor="a", at=AT,
                              reason="the client did not go ahead").proposal
    with pytest.raises(LifecycleError) as error:
        lc.edit_items(cancelled, (), actor="a", at=AT)
    assert (error.value.code, error.value.message) == (
        "proposal_cancelled", "This proposal was cancelled; restore it before changing it.")
    restored = lc.transition(cancelled, S.DRAFT, actor="a", at=AT, reason="restored").proposal
    assert lc.edit_items(restored, (), actor="a", at=AT).proposal.items == ()


def test_a_signed_proposal_cannot_be_cancelled() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.transition(signed_proposal(), S.CANCELLED, actor="a", at=AT)
    assert error.value.code == "invalid_transition"  # it binds: revoke it instead


def test_superseded_by_a_new_version() -> None:
    moved, new = lc.supersede(signed_proposal(), new_id="prop-v2", actor="a", at=AT)
    assert moved.proposal.status is S.SUPERSEDED
    assert (new.id, new.version, new.status, new.supersedes) == ("prop-v2", 2, S.DRAFT, "prop")
    assert [i.product for i in new.items] == ["GM", "SC"]
    assert [(e.subject_id, e.from_state, e.to_state) for e in moved.events] == [
        ("prop", "signed", "superseded"), ("prop-v2", None, "draft")]


# -------------------------------------------------------------- revocation (LCA art. 2a)


@pytest.mark.parametrize("sent_on, ok", [
    (date(2026, 3, 2), True),  # the signing day
    (date(2026, 3, 16), True),  # Monday 16.03: the 14th day, met if sent that day
    (date(2026, 3, 17), False),  # the 15th day
    (date(2026, 3, 1), False),  # before signing
])
def test_revocation_within_fourteen_days(sent_on: date, ok: bool) -> None:
    for status in (S.SIGNED, S.SUBMITTED, S.ACCEPTED, S.ACCEPTED_WITH_RESERVATIONS, S.POLICY_ISSUED):
        proposal = replace(signed_proposal(), status=status)
        if ok:
            assert lc.revoke(proposal, sent_on=sent_on, actor="a", at=AT).proposal.status is S.REVOKED
        else:
            with pytest.raises(LifecycleError) as error:
                lc.revoke(proposal, sent_on=sent_on, actor="a", at=AT)
            assert error.value.code in ("revocation_too_late", "revocation_before_signing")


def test_late_revocation_message() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.revoke(signed_proposal(), sent_on=date(2026, 3, 17), actor="a", at=AT)
    assert error.value.message == (
        "The revocation period ended on 16.03.2026; a revocation sent on 17.03.2026 is too late.")


@pytest.mark.parametrize("signed_on, canton, deadline", [
    (date(2026, 3, 2), None, date(2026, 3, 16)),  # Monday + 14 = Monday
    (date(2026, 3, 7), None, date(2026, 3, 23)),  # Saturday 21.03 -> Monday 23.03
    (date(2026, 3, 8), None, date(2026, 3, 23)),  # Sunday 22.03 -> Monday 23.03
    # 11.12.2025 + 14 = Thursday 25.12 (Christmas): Zurich also keeps 26.12, then the weekend.
    (date(2025, 12, 11), "ZH", date(2025, 12, 29)),
    (date(2025, 12, 11), "VD", date(2025, 12, 26)),  # not a holiday in Vaud
    # 17.12.2025 + 14 = Wednesday 31.12, Restoration Day in Geneva; 1.1 and 2.1 in Vaud.
    (date(2025, 12, 17), "GE", date(2026, 1, 2)),
    (date(2025, 12, 17), "VD", date(2025, 12, 31)),
    (date(2025, 12, 19), "VD", date(2026, 1, 5)),  # 2.1 Berchtold's day, then the weekend
])
def test_revocation_deadline(signed_on: date, canton: str | None, deadline: date) -> None:
    assert revocation_deadline(signed_on, canton) == deadline


def test_unknown_canton() -> None:
    with pytest.raises(ValueError, match="XY"):
        revocation_deadline(SIGNED_ON, "XY")


def test_revocation_after_the_deadline_from_any_later_state_is_refused() -> None:
    for status in (S.REFUSED, S.SUPERSEDED, S.REVOKED):
        with pytest.raises(LifecycleError) as error:
            lc.revoke(replace(signed_proposal(), status=status), sent_on=SIGNED_ON, actor="a", at=AT)
        assert error.value.code == "invalid_transition"


# ------------------------------------------------------------- the insurer's decisions


def submitted() -> Proposal:
    return replace(signed_proposal(), status=S.SUBMITTED)


def test_a_refused_product_does_not_void_the_others() -> None:
    # 004 art. 6 al. 6-7; 003 "Fin du contrat".
    first = lc.record_decision(submitted(), "i1", ItemStatus.REFUSED, actor="insurer", at=AT)
    assert first.proposal.status is S.SUBMITTED  # SC still pending
    assert [(e.subject, e.to_state) for e in first.events] == [("proposal_item", "refused")]
    second = lc.record_decision(first.proposal, "i2", ItemStatus.ACCEPTED, actor="insurer", at=AT)
    assert second.proposal.status is S.ACCEPTED
    assert [(e.subject, e.from_state, e.to_state) for e in second.events] == [
        ("proposal_item", "proposed", "accepted"), ("proposal", "submitted", "accepted")]
    issued = lc.issue_policy(second.proposal, reservations=[], actor="insurer", at=AT)
    assert issued.proposal.status is S.POLICY_ISSUED
    assert [i.status for i in issued.proposal.items] == [ItemStatus.REFUSED, ItemStatus.ACCEPTED]


def test_everything_refused() -> None:
    first = lc.record_decision(submitted(), "i1", ItemStatus.REFUSED, actor="i", at=AT)
    second = lc.record_decision(first.proposal, "i2", ItemStatus.REFUSED, actor="i", at=AT)
    assert second.proposal.status is S.REFUSED
    with pytest.raises(LifecycleError) as error:
        lc.issue_policy(second.proposal, reservations=[], actor="i", at=AT)
    assert error.value.code == "invalid_transition"


def test_accepting_with_reservations_needs_a_decided_reservation() -> None:
    for given in ([], [reservation(decided=False)], [reservation(product="SC")],
                  [reservation(status=ReservationStatus.REFUSED_BY_CLIENT)]):
        with pytest.raises(LifecycleError) as error:
            lc.record_decision(submitted(), "i1", ItemStatus.ACCEPTED_WITH_RESERVATIONS,
                               reservations=given, actor="insurer", at=AT)
        assert error.value.code == "reservation_missing"


@pytest.mark.parametrize("status, decision, code", [
    (S.SIGNED, ItemStatus.ACCEPTED, "not_submitted"),
    (S.SUBMITTED, ItemStatus.DROPPED, "invalid_decision"),
    (S.SUBMITTED, ItemStatus.PROPOSED, "invalid_decision"),
])
def test_decisions_only_on_a_submitted_proposal(status: ProposalStatus, decision: ItemStatus,
                                                code: str) -> None:
    with pytest.raises(LifecycleError) as error:
        lc.record_decision(replace(submitted(), status=status), "i1", decision, actor="i", at=AT)
    assert error.value.code == code


def test_a_decision_is_recorded_once_and_for_a_known_item() -> None:
    first = lc.record_decision(submitted(), "i1", ItemStatus.REFUSED, actor="i", at=AT)
    with pytest.raises(LifecycleError) as error:
        lc.record_decision(first.proposal, "i1", ItemStatus.ACCEPTED, actor="i", at=AT)
    assert error.value.code == "already_decided"
    with pytest.raises(LifecycleError) as error:
        lc.record_decision(submitted(), "i9", ItemStatus.ACCEPTED, actor="i", at=AT)
    assert error.value.code == "unknown_item"


def test_outcome_guards_check_the_decisions() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.transition(submitted(), S.ACCEPTED, actor="i", at=AT)
    assert error.value.code == "decisions_pending"
    decided = replace(submitted(), items=items(ItemStatus.ACCEPTED, ItemStatus.REFUSED))
    with pytest.raises(LifecycleError) as error:
        lc.transition(decided, S.REFUSED, actor="i", at=AT)
    assert error.value.code == "decisions_disagree"


def with_reservations(status: ReservationStatus) -> tuple[Proposal, list[Reservation]]:
    reserved = [reservation(status=status)]
    first = lc.record_decision(submitted(), "i1", ItemStatus.ACCEPTED_WITH_RESERVATIONS,
                               reservations=reserved, actor="insurer", at=AT)
    second = lc.record_decision(first.proposal, "i2", ItemStatus.ACCEPTED, actor="insurer", at=AT)
    assert second.proposal.status is S.ACCEPTED_WITH_RESERVATIONS
    return second.proposal, reserved


def test_policy_waits_for_the_clients_consent() -> None:
    proposal, reserved = with_reservations(ReservationStatus.CONSENT_REQUESTED)
    with pytest.raises(LifecycleError) as error:
        lc.issue_policy(proposal, reservations=reserved, actor="insurer", at=AT)
    assert error.value.code == "consent_pending"
    assert error.value.message == "The client has not yet consented to every reservation (GM)."
    with pytest.raises(LifecycleError):
        lc.issue_policy(proposal, reservations=[], actor="insurer", at=AT)
    accepted, _e = res.accept(reserved[0], on=date(2026, 3, 20), actor="client", at=AT)
    assert lc.issue_policy(proposal, reservations=[accepted], actor="insurer",
                           at=AT).proposal.status is S.POLICY_ISSUED


def test_a_refused_reservation_drops_its_product_and_the_rest_goes_on() -> None:
    proposal, reserved = with_reservations(ReservationStatus.CONSENT_REQUESTED)
    refused, _e = res.refuse(reserved[0], on=date(2026, 3, 20), actor="client", at=AT)
    moved = lc.drop_refused(proposal, [refused], actor="agent", at=AT)
    assert [i.status for i in moved.proposal.items] == [ItemStatus.DROPPED, ItemStatus.ACCEPTED]
    assert moved.proposal.status is S.ACCEPTED
    assert [(e.subject, e.to_state) for e in moved.events] == [
        ("proposal_item", "dropped"), ("proposal", "accepted")]
    assert lc.issue_policy(moved.proposal, reservations=[refused], actor="i",
                           at=AT).proposal.status is S.POLICY_ISSUED


def test_when_the_only_product_is_dropped_nothing_remains() -> None:
    proposal = replace(submitted(), items=items(ItemStatus.PROPOSED))
    reserved = [reservation(status=ReservationStatus.CONSENT_REQUESTED)]
    decided = lc.record_decision(proposal, "i1", ItemStatus.ACCEPTED_WITH_RESERVATIONS,
                                 reservations=reserved, actor="i", at=AT).proposal
    refused, _e = res.refuse(reserved[0], on=date(2026, 3, 20), actor="client", at=AT)
    assert lc.drop_refused(decided, [refused], actor="a", at=AT).proposal.status is S.REFUSED


def test_a_reservation_refused_at_the_table_drops_the_product_of_the_draft() -> None:
    refused = reservation(status=ReservationStatus.REFUSED_BY_CLIENT, decided=False)
    moved = lc.drop_refused(draft(), [refused], actor="a", at=AT)
    assert moved.proposal.status is S.DRAFT
    assert [i.status for i in moved.proposal.items] == [ItemStatus.DROPPED, ItemStatus.PROPOSED]
    # Dropped products need no eligibility and no decision.
    completed = lc.complete(moved.proposal, questionnaire_issues=[],
                            eligibility=lambda i: Eligible((Reason("x", "no"),)) if i.product == "GM"
                            else Eligible(), actor="a", at=AT)
    assert completed.proposal.status is S.COMPLETE


def test_nothing_is_dropped_from_a_closed_proposal() -> None:
    with pytest.raises(LifecycleError) as error:
        lc.drop_refused(replace(submitted(), status=S.POLICY_ISSUED), [], actor="a", at=AT)
    assert error.value.code == "proposal_closed"


def test_audit_times_need_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        lc.submit(signed_proposal(), actor="a", at=datetime(2026, 3, 2, 10))  # noqa: DTZ001
