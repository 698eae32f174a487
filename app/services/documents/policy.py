"""The policy after acceptance: per person and product the start, level, deductible
and premium, the reservations, and the first premium invoice with a QR-bill.

004 art. 10: the contract is concluded when the insurer accepts; cover starts on
the date confirmed in the policy. Art. 12: the insurance period is the calendar year.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app.i18n import N_, _
from app.services.documents import texts
from app.services.documents.layout import (
    CONTENT_WIDTH,
    MARGIN_X,
    PAGE_HEIGHT,
    STYLES,
    DocumentRenderer,
    b,
    chf_cell,
    data_table,
    facts_table,
    p,
    pm,
    section,
    spacer,
)
from app.services.documents.qr_bill import BILL_HEIGHT_MM, bill_drawing, build_bill
from app.services.documents.records import (
    PersonCoverage,
    PolicyData,
    ProposalRecord,
    RecordError,
)
from app.services.documents.sections import (
    key_dates_pairs,
    reservation_duration,
    terms_table,
    text,
    totals_table,
)
from app.services.formatting import format_date


class PolicyRenderer(DocumentRenderer):
    title = N_("Insurance policy")

    def __init__(self, record: ProposalRecord, language: str):
        super().__init__(record, language)
        if record.policy is None:
            raise RecordError("$.policy: missing (policy number, issue date), no policy to print")
        self.policy: PolicyData = record.policy
        self.variant = record.main_variant()
        # Built before rendering so that a bad invoice fails before any page is drawn.
        self.bill = build_bill(record, language) if self.policy.invoice else None

    def insurers_named(self) -> list[str]:
        return [insurer.name for insurer in self.record.risk_carriers((self.variant,))]

    def page_templates(self) -> list[PageTemplate]:
        templates = super().page_templates()
        if self.bill is None:
            return templates
        drawing = bill_drawing(self.bill)
        bill_top = BILL_HEIGHT_MM * mm

        def invoice_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
            self._draw_later_header(canvas)
            renderPDF.draw(drawing, canvas, 0, 0)
            self._draw_footer(canvas, bill_top + 4 * mm)

        frame = Frame(MARGIN_X, bill_top + 20 * mm, CONTENT_WIDTH,
                      PAGE_HEIGHT - 20 * mm - bill_top - 20 * mm,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return [*templates, PageTemplate("invoice", [frame], onPage=invoice_page)]

    def story(self) -> list[Flowable]:
        record, policy = self.record, self.policy
        subtitle = _("Policy no. {number} · issued on {date}").format(
            number=policy.policy_number, date=format_date(policy.issued))
        story: list[Flowable] = [self.address_block(), *self.title_block(subtitle)]
        story.append(facts_table([
            (_("Policy number"), policy.policy_number),
            (_("Policyholder"), record.policyholder.full_name),
            (_("Insurer carrying the risk"), "; ".join(self.insurers_named())),
            (_("Proposal"), _("{reference} of {date}").format(
                reference=record.reference, date=format_date(record.key_dates.issued))),
        ]))
        story += [spacer(3), p(texts.policy_start_text())]
        blocks = [self._person_block(coverage) for coverage in self.variant.coverages]
        story += section(_("Insured persons and covers"), *blocks, spacer(2),
                         totals_table(self.variant))
        pairs = key_dates_pairs(record, ("minimum_term_end", "notice_deadline"))
        dates = [spacer(2), facts_table(pairs)] if pairs else []  # else each product's own
        story += section(_("Duration and termination"), p(texts.duration_text()),
                         *terms_table((self.variant,), self.language), *dates)
        story += [spacer(3), p(texts.accreditation_text(), STYLES.small)]
        if self.bill is not None:
            story += [NextPageTemplate("invoice"), PageBreak(), *self._invoice()]
        return story

    def _person_block(self, coverage: PersonCoverage) -> Flowable:
        record, lang = self.record, self.language
        person = record.person(coverage.person)
        rows: list[list[Flowable | str]] = []
        month = year = Decimal(0)
        if coverage.basic:
            basic = coverage.basic
            rows.append([
                pm(b(_("Basic insurance (LAMal)")) + "<br/>"
                   + escape(record.insurer(basic.insurer).name), STYLES.cell),
                format_date(basic.start), "–", chf_cell(basic.deductible),
                chf_cell(basic.premium.monthly_net), chf_cell(basic.premium.annual_net)])
            month += basic.premium.monthly_net
            year += basic.premium.annual_net
        for item in coverage.items:
            rows.append([
                pm(b(f"{item.product_code} · {text(item.product_name, lang)}"), STYLES.cell),
                format_date(item.start), item.level or "–",
                chf_cell(item.deductible) if item.deductible is not None else "–",
                chf_cell(item.premium.monthly_net), chf_cell(item.premium.annual_net)])
            month += item.premium.monthly_net
            year += item.premium.annual_net
        rows.append([_("Total {name}").format(name=person.first_name), "", "", "", chf_cell(month), chf_cell(year)])
        table = data_table(
            [_("Product"), _("Start"), _("Level"), _("Deductible"), _("Net per month"),
             _("Net per year")],
            rows, [58 * mm, 20 * mm, 20 * mm, 22 * mm, 24 * mm, 26 * mm],
            right=(3, 4, 5), bold_rows=(len(rows),))
        parts: list[Flowable] = [
            p(_("{name}, born {date}").format(name=person.full_name,
                                               date=format_date(person.birth_date)), STYLES.h3),
            table,
        ]
        for reservation in (r for r in record.reservations if r.person == person.id):
            parts.append(pm(
                b(_("Reservation")) + ": " + escape(text(reservation.condition, lang)) + " – "
                + escape(", ".join(reservation.products)) + " – "
                + escape(reservation_duration(reservation.until)), STYLES.cell))
        return KeepTogether(parts)

    def _invoice(self) -> list[Flowable]:
        invoice = self.policy.invoice
        assert invoice is not None
        debtor = self.record.person(invoice.debtor)
        story: list[Flowable] = [p(_("First premium invoice"), STYLES.title), spacer(2)]
        story.append(facts_table([
            (_("Policy number"), self.policy.policy_number),
            (_("Invoice to"), debtor.full_name),
            (_("Period"), f"{format_date(invoice.period_start)} – {format_date(invoice.period_end)}"),
            (_("Amount due"), chf_cell(invoice.amount)),
            (_("Payable by"), format_date(invoice.due_date)),
        ]))
        monthly = {t.frequency: t.amount for t in self.variant.totals}.get("monthly")
        if monthly == invoice.amount:  # one month of premiums: show whose premiums they are
            rows: list[list[Flowable | str]] = []
            for coverage in self.variant.coverages:
                person = self.record.person(coverage.person)
                codes = ([_("basic insurance (LAMal)")] if coverage.basic else []) + [
                    i.product_code for i in coverage.items]
                amount = (coverage.basic.premium.monthly_net if coverage.basic else Decimal(0)) + sum(
                    (i.premium.monthly_net for i in coverage.items), Decimal(0))
                rows.append([person.full_name, ", ".join(codes), chf_cell(amount)])
            rows.append([_("Amount due"), "", chf_cell(invoice.amount)])
            story += [spacer(4), data_table([_("Insured person"), _("Products"), _("Net per month")],
                                            rows, [50 * mm, 85 * mm, 35 * mm], right=(2,),
                                            bold_rows=(len(rows),))]
        story += [spacer(4), p(_("Please pay the amount due with the QR-bill below, in your "
                                 "banking app or at a post office counter."))]
        return story

