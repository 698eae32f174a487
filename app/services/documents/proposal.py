"""The proposal: everything entered, the questionnaire per person, declarations and
signatures, with the SHA-256 of the signed content in every footer.

004 art. 6: a proposal is the proposer's formal declaration, binding 14 days (4
weeks with medical information, LCA art. 1), revocable within 14 days (art. 2a).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from app.i18n import N_, _
from app.services.documents import texts
from app.services.documents.layout import (
    STYLES,
    DocumentRenderer,
    b,
    data_table,
    p,
    pm,
    section,
    spacer,
)
from app.services.documents.records import Person, ProposalRecord, Signature, content_sha256
from app.services.documents.sections import (
    coverage_blocks,
    is_minor,
    key_dates_block,
    persons_table,
    precontractual_information,
    reservation_duration,
    signature_box,
    text,
    totals_table,
    two_columns,
    waiting_periods_table,
)
from app.services.formatting import format_date

CHECKED, UNCHECKED = "\u2612", "\u2610"
PROPOSAL_DATES = ("issued", "binding_until", "revocation_until", "minimum_term_end",
                  "notice_deadline")
DECLARATION_ORDER = ("truthfulness", "data_processing", "doctors_release", "marketing_profiling")


class ProposalRenderer(DocumentRenderer):
    title = N_("Insurance proposal")
    signed = True

    def __init__(self, record: ProposalRecord, language: str):
        super().__init__(record, language)
        self.variant = record.main_variant()
        self.content_hash = content_sha256(record)

    def insurers_named(self) -> list[str]:
        return [insurer.name for insurer in self.record.risk_carriers((self.variant,))]

    def story(self) -> list[Flowable]:
        record, lang = self.record, self.language
        subtitle = _("Reference {reference} · {place}, {date}").format(
            reference=record.reference, place=record.place,
            date=format_date(record.key_dates.issued))
        story: list[Flowable] = [self.address_block(), *self.title_block(subtitle)]
        story.append(p(texts.proposal_is_formal()))
        contact = [x for x in (record.household.phone, record.household.email) if x]
        story += section(_("Policyholder and insured persons"), persons_table(record))
        if contact:
            story.append(p(_("Contact: {contact}").format(contact=" · ".join(contact)), STYLES.small))
        story += section(_("Insurance requested"), *coverage_blocks(record, self.variant, lang),
                         spacer(2), totals_table(self.variant))
        story += section(_("Key dates"), key_dates_block(record, PROPOSAL_DATES))
        story += self._questionnaires()
        story += self._reservations()
        story += self._referrals()
        story += waiting_periods_table((self.variant,), lang)
        story += precontractual_information(record, (self.variant,), lang)
        story += self._declarations()
        story += self._signatures()
        return story

    def _questionnaires(self) -> list[Flowable]:
        record, lang = self.record, self.language
        flowables: list[Flowable] = [p(_(
            "The proposer must answer every question completely and truthfully (art. 4 LCA); "
            "the answers below were given by each person or their legal representative."),
            STYLES.small)]
        answered = {q.person: q for q in record.questionnaires}
        for coverage in self.variant.coverages:
            if not coverage.items:
                continue  # basic insurance asks no health questions (LAMal art. 4)
            person = record.person(coverage.person)
            title = p(_("Health questionnaire – {name}, born {date}").format(
                name=person.full_name, date=format_date(person.birth_date)), STYLES.h3)
            questionnaire = answered.get(person.id)
            if questionnaire is None:
                flowables.append(KeepTogether([title, p(_("No health questionnaire for this person."))]))
                continue
            rows: list[list[Flowable | str]] = []
            for number, answer in enumerate(questionnaire.answers, start=1):
                if answer.answer == "text" and answer.answer_text is not None:
                    given = text(answer.answer_text, lang)
                else:
                    given = _("Yes") if answer.answer == "yes" else _("No")
                rows.append([str(number), text(answer.question, lang),
                             pm(b(given), STYLES.cell),
                             text(answer.details, lang) if answer.details else "–"])
            flowables.append(KeepTogether([title, data_table(
                [_("No."), _("Question"), _("Answer"), _("Details")], rows,
                [9 * mm, 88 * mm, 25 * mm, 48 * mm])]))
        return section(_("Health questionnaire"), *flowables)

    def _reservations(self) -> list[Flowable]:
        record, lang = self.record, self.language
        if not record.reservations:
            return []
        rows: list[list[Flowable | str]] = []
        for reservation in record.reservations:
            rows.append([
                record.person(reservation.person).full_name,
                text(reservation.condition, lang),
                ", ".join(reservation.products),
                reservation_duration(reservation.until),
            ])
        return section(_("Reservations"), data_table(
            [_("Person"), _("Condition excluded"), _("Products"), _("Duration")], rows,
            [38 * mm, 70 * mm, 24 * mm, 38 * mm]))

    def _referrals(self) -> list[Flowable]:
        """Which products go to the insurer's medical officer (004 art. 6 al. 5, art. 7)."""
        record = self.record
        if not record.referrals:
            return []
        rows: list[list[Flowable | str]] = [
            [record.person(r.person).full_name, ", ".join(r.products)] for r in record.referrals]
        return section(_("Referral to the insurer's medical officer"), p(_(
            "The answers concerning the products below go to the insurer's medical officer, "
            "who may ask for a medical report (art. 7 of the general conditions); the insurer "
            "then accepts, reserves or refuses these products (art. 6 al. 5).")),
            data_table([_("Person"), _("Products")], rows, [70 * mm, 100 * mm]))

    def _declarations(self) -> list[Flowable]:
        record = self.record
        flowables: list[Flowable] = []
        for key in DECLARATION_ORDER:
            given = [d for d in record.declarations if d.key == key]
            if not given and key == "marketing_profiling":
                continue  # optional: printed only when asked
            marks = [
                f"{CHECKED if d.accepted else UNCHECKED} {escape(record.person(d.person).full_name)}"
                + ("" if d.accepted else " " + escape(_("(not given)")))
                for d in given
            ] or [f"{UNCHECKED} " + escape(_("not yet declared"))]
            flowables.append(KeepTogether([
                p(_(texts.DECLARATIONS[key])),
                pm("&nbsp;&nbsp;&nbsp;".join(marks), STYLES.cell),
                spacer(2),
            ]))
        return section(_("Declarations"), *flowables)

    def _signature_slots(self) -> list[tuple[str, str, Signature | None]]:
        """Who signs: the policyholder, every other adult insured, a legal representative
        for each minor (004 art. 6 al. 8), and the agent."""
        record = self.record
        on = record.key_dates.issued
        signatures = list(record.signatures)

        def take(role: str, person: str | None, for_person: str | None = None) -> Signature | None:
            for signature in signatures:
                if signature.role == role and signature.person == person and (
                        for_person is None or signature.for_person == for_person):
                    signatures.remove(signature)
                    return signature
            return None

        holder = record.policyholder
        slots = [(texts.role_name("policyholder"), holder.full_name,
                  take("policyholder", holder.id))]
        insured: list[Person] = [record.person(c.person) for c in self.variant.coverages]
        for person in insured:
            if person.id == holder.id:
                continue
            if is_minor(person, on):
                signature = take("legal_representative", holder.id, person.id) or take(
                    "legal_representative", None, person.id)
                name = signature.signer if signature else holder.full_name
                title = _("Legal representative of {name}").format(name=person.full_name)
                slots.append((title, name, signature))
            else:
                slots.append((texts.role_name("insured_person"), person.full_name,
                              take("insured_person", person.id)))
        agent_signature = next((s for s in signatures if s.role == "agent"), None)
        slots.append((texts.role_name("agent"), record.agent.name, agent_signature))
        return slots

    def _signatures(self) -> list[Flowable]:
        record = self.record
        boxes = []
        for title, name, signature in self._signature_slots():
            if signature is not None:
                place_date = _("{place}, {date}").format(
                    place=signature.place, date=format_date(signature.signed_at.date()))
                png: bytes | None = signature.image_png
                name = signature.signer
            else:
                place_date = _("Place and date: ____________________")
                png = None
            boxes.append(signature_box(title, name, place_date, png))
        intro: list[Flowable] = [p(_("Signed at {place} on {date}.").format(
            place=record.place, date=format_date(record.key_dates.issued)))]
        if any(is_minor(record.person(c.person), record.key_dates.issued)
               for c in self.variant.coverages):
            intro.append(p(texts.legal_representative_text(), STYLES.small))
        intro.append(p(_("The SHA-256 fingerprint in the footer identifies the content signed; "
                         "any change to the data gives another fingerprint."), STYLES.small))
        return [CondPageBreak(120 * mm), *section(
            _("Signatures"), KeepTogether([*intro, spacer(3), *two_columns(boxes)]))]

