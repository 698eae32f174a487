"""Health answers, reservations, signers and signing of a stored proposal (`proposal_flow`).

Called by the store adapter inside its unit of work, so a draft's household, items,
answers and reservations commit together. The reservation statuses the agent picks are
reached through the service's own moves (request consent, accept, refuse), which refuse
what the rules forbid.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from app.i18n import _
from app.services.application.draft import ProposalDraft, ReservationDraft
from app.services.application.ports import SaveError, Signer
from app.services.application.questionnaire import (
    from_answer_set,
    products_of,
    to_answer_set,
)
from app.services.catalogue import Catalogue as CatalogueData
from app.services.proposals import flow
from app.services.proposals import questionnaire as qn
from app.services.proposals import reservations as rs
from app.services.proposals.signatures import add_signature
from app.services.proposals.stored_documents import add_document
from app.services.store.audit_event import TransitionError
from app.services.store.database import Store


class HealthRecords:
    def __init__(self, store: Store, catalogue: CatalogueData, documents_folder: Path,
                 today: Callable[[], date], now: Callable[[], datetime]) -> None:
        self.store = store
        self.catalogue = catalogue
        self.documents_folder = documents_folder
        self.today = today
        self.now = now
        self._saved: dict[tuple[str, str], str] = {}  # what was last written, per person

    @property
    def actor(self) -> str:
        return self.store.actor_id or ""

    # --- answers and reservations -------------------------------------------------

    def save(self, draft: ProposalDraft, proposal_id: str, ids: dict[str, str]) -> None:
        """Write what changed; `ids` maps the draft's person keys to the store's ids."""
        questionnaire = qn.load_questionnaire()
        holder = draft.policyholder
        for person in draft.persons:
            answers = draft.answers.get(person.key)
            if not answers or not products_of(draft, person):
                continue
            record = to_answer_set(person, draft, questionnaire, self.today(),
                                   person_id=ids[person.key])
            text = record.to_json()
            if self._saved.get((proposal_id, person.key)) == text:
                continue
            flow.save_answers(self.store, proposal_id, record, today=self.today(),
                              actor=self.actor, at=self.now(),
                              language=holder.language if holder else None)
            self._saved[(proposal_id, person.key)] = text
        self._save_reservations(draft, proposal_id, ids)

    def _save_reservations(self, draft: ProposalDraft, proposal_id: str,
                           ids: dict[str, str]) -> None:
        stored = {r.id: r for r in flow.load_reservations(self.store, proposal_id)}
        start = draft.start_date or self.today()
        wanted = {r.key for r in draft.reservations}
        for old in stored.values():
            if old.id not in wanted and old.status is rs.ReservationStatus.PROPOSED \
                    and not old.decided:
                rs.remove_reservation(self.store, old.id)  # the answer no longer suggests it
        try:
            for reservation in draft.reservations:
                self._save_one(reservation, stored.get(reservation.key), proposal_id,
                               ids[reservation.person_key], start)
        except TransitionError as error:
            raise SaveError(str(error.message)) from error

    def _save_one(self, draft: ReservationDraft, current: rs.Reservation | None,
                  proposal_id: str, person_id: str, start: date) -> None:
        at, today, actor = self.now(), self.today(), self.actor
        if current is None:
            current, event = rs.create(
                draft.key, person_id, proposal_id, condition=draft.condition,
                body_part=draft.body_part, products=draft.products, start=start,
                until=draft.until, origin=rs.Origin(draft.origin), rule_id=draft.rule_id,
                actor=actor, at=at)
            flow.save_reservation(self.store, current, event)
        if (draft.condition, draft.body_part, draft.until, tuple(draft.products)) != (
                current.condition, current.body_part, current.until, current.products):
            current, event = rs.reword(current, condition=draft.condition,
                                       body_part=draft.body_part, until=draft.until,
                                       products=draft.products, actor=actor, at=at)
            flow.save_reservation(self.store, current, event)
        target = rs.ReservationStatus(draft.status)
        if target is current.status:
            return
        if current.status is rs.ReservationStatus.PROPOSED:
            current, event = rs.request_consent(current, due=draft.consent_due, actor=actor,
                                                at=at)
            flow.save_reservation(self.store, current, event)
        if target is rs.ReservationStatus.ACCEPTED_BY_CLIENT:
            current, event = rs.accept(current, on=today, actor=actor, at=at)
            flow.save_reservation(self.store, current, event)
        elif target is rs.ReservationStatus.REFUSED_BY_CLIENT:
            current, event = rs.refuse(current, on=today, actor=actor, at=at)
            flow.save_reservation(self.store, current, event)
        elif target is not current.status:  # e.g. back to "proposed": the rules refuse it
            raise SaveError(_("A reservation cannot go back to “%s”.")
                            % draft.status.replace("_", " "))

    def load(self, draft: ProposalDraft, proposal_id: str) -> None:
        keys = {p.store_id: p.key for p in draft.persons if p.store_id}
        for person_id, answers in flow.load_answers(self.store, proposal_id).items():
            key = keys.get(person_id, person_id)
            draft.answers[key] = from_answer_set(answers)
            self._saved[(proposal_id, key)] = answers.to_json()
        draft.reservations = [
            ReservationDraft(keys.get(r.person_id, r.person_id), r.condition, r.body_part,
                             r.products, r.until, r.status.value, r.origin.value, r.id,
                             r.decided, r.rule_id, r.consent_due)
            for r in flow.load_reservations(self.store, proposal_id)]

    # --- signing ------------------------------------------------------------------

    def signers(self, draft: ProposalDraft, agent_name: str) -> Sequence[Signer]:
        if not draft.stored:
            return []
        keys = {p.store_id: p for p in draft.persons if p.store_id}
        found = []
        for signer in flow.signers(self.store, draft.id, on=self.today(),
                                   agent_id=self.store.actor_id):
            if signer.role is qn.SignerRole.AGENT:
                found.append(Signer("agent", signer.role.value, agent_name))
                continue
            who = keys.get(signer.signer_id or "")
            concerned = keys.get(signer.for_person)
            found.append(Signer(
                who.key if who else (signer.signer_id or ""), signer.role.value,
                who.full_name if who else signer.name,
                concerned.key if concerned and concerned is not who else ""))
        return found

    def sign(self, draft: ProposalDraft, pdf: bytes) -> str:
        """Store the signed document and the signatures, and move the proposal to signed."""
        digest = hashlib.sha256(pdf).hexdigest()
        path = self._write_document(draft.id, digest, pdf)
        persons = {p.key: p for p in draft.persons}
        holder = draft.policyholder
        insurers = {p.store_id: draft.basic[p.key].insurer for p in draft.persons
                    if p.store_id and p.key in draft.basic}
        try:
            with self.store.unit_of_work():
                if draft.status == "draft":
                    eligibility = flow.catalogue_eligibility(
                        self.store, draft.id, self.catalogue, lamal_insurers=insurers,
                        requested_on=self.today())
                    flow.complete(self.store, draft.id, eligibility=eligibility,
                                  today=self.today(), actor=self.actor, at=self.now())
                document = add_document(self.store, draft.id, "proposal",
                                        holder.language if holder else "fr", str(path), digest)
                for signature in draft.signatures:
                    concerned = persons.get(signature.for_person or signature.signer)
                    add_signature(self.store, draft.id, signature.name, signature.role,
                                  signature.png, signature.signed_at,
                                  person_id=concerned.store_id if concerned else None,
                                  document_id=document.id)
                flow.sign(self.store, draft.id, signed_on=self.today(), document_id=document.id,
                          actor=self.actor, at=self.now(), agent_id=self.store.actor_id)
        except TransitionError as error:  # LifecycleError among them
            path.unlink(missing_ok=True)
            raise SaveError(str(error.message)) from error
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return digest

    def _write_document(self, proposal_id: str, digest: str, pdf: bytes) -> Path:
        self.documents_folder.mkdir(parents=True, exist_ok=True)
        path = self.documents_folder / f"proposal-{proposal_id}-{digest[:12]}.pdf"
        partial = path.with_suffix(".part")
        with partial.open("wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        return path

