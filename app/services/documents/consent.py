"""Declaration of consent to a reservation (004 art. 8): one page per insured person.

Art. 8 al. 2: the condition under reservation is communicated by a declaration
of consent; without the insured's agreement by the insurer's deadline, the
insurer may consider that the cover concerned is not wanted.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from app.i18n import N_, _
from app.services.documents import texts
from app.services.documents.layout import (
    STYLES,
    DocumentRenderer,
    data_table,
    facts_table,
    p,
    spacer,
)
from app.services.documents.records import ProposalRecord, RecordError, Reservation
from app.services.documents.sections import (
    is_minor,
    reservation_duration,
    signature_box,
    text,
    two_columns,
)
from app.services.formatting import format_date


class ConsentRenderer(DocumentRenderer):
    title = N_("Declaration of consent to a reservation")

    def __init__(self, record: ProposalRecord, language: str):
        super().__init__(record, language)
        if not record.reservations:
            raise RecordError("$.reservations: none in the record, no declaration to print")

    def _product_insurers(self) -> list[str]:
        codes: set[str] = set()
        held = {r.person: set(r.products) for r in self.record.reservations}
        for variant in self.record.variants:
            for coverage in variant.coverages:
                for item in coverage.items:
                    if item.product_code in held.get(coverage.person, set()):
                        codes.add(item.insurer)
        return [i.name for i in self.record.insurers if i.code in codes]

    def insurers_named(self) -> list[str]:
        return self._product_insurers()

    def _product_names(self, reservation: Reservation) -> str:
        names = []
        for code in reservation.products:
            name = code
            for variant in self.record.variants:
                for coverage in variant.coverages:
                    for item in coverage.items:
                        if coverage.person == reservation.person and item.product_code == code:
                            name = f"{code} · {text(item.product_name, self.language)}"
            names.append(name)
        return "\n".join(names)

    def story(self) -> list[Flowable]:
        record = self.record
        persons: list[str] = []
        for reservation in record.reservations:
            if reservation.person not in persons:
                persons.append(reservation.person)
        story: list[Flowable] = []
        for index, person_id in enumerate(persons):
            if index:
                story.append(PageBreak())
            story += self._page(person_id)
        return story

    def _page(self, person_id: str) -> list[Flowable]:
        record, lang = self.record, self.language
        person = record.person(person_id)
        reservations = [r for r in record.reservations if r.person == person_id]
        deadline = min(r.answer_deadline for r in reservations)
        subtitle = _("Proposal {reference} of {date}").format(
            reference=record.reference, date=format_date(record.key_dates.issued))
        story: list[Flowable] = [self.address_block(), *self.title_block(subtitle)]
        story.append(facts_table([
            (_("Insured person"), f"{person.full_name}, {format_date(person.birth_date)}"),
            (_("Policyholder"), record.policyholder.full_name),
            (_("Insurer"), "; ".join(self.insurers_named())),
            (_("Answer by"), format_date(deadline)),
        ]))
        story += [spacer(4), p(texts.reservation_consent_intro())]
        rows: list[list[Flowable | str]] = [
            [text(r.condition, lang), self._product_names(r), reservation_duration(r.until)]
            for r in reservations
        ]
        story.append(data_table([_("Condition excluded"), _("Products"), _("Duration")], rows,
                                [72 * mm, 58 * mm, 40 * mm]))
        story += [
            spacer(3),
            p(texts.reservation_scope_text()),
            p(texts.reservation_deadline_text(format_date(deadline))),
            p(texts.separate_contracts()),
            spacer(4),
            p(_("I have read the reservation(s) above and accept them."), STYLES.h3),
            spacer(2),
        ]
        signer = _("Insured person")
        if is_minor(person, record.key_dates.issued):
            signer = _("Legal representative of {name}").format(name=person.full_name)
        blank = _("Place and date: ____________________")
        name = record.policyholder.full_name if is_minor(person, record.key_dates.issued) else person.full_name
        story += two_columns([signature_box(signer, name, blank, None)])
        return story
