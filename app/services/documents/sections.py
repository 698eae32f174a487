"""Blocks shared by the document kinds: persons, premiums, totals, LCA art. 3 information.

Every function takes the frozen record (and the language for `LocalText`) and
returns flowables; translation happens inside the renderer's `use_language`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Table, TableStyle

from app.i18n import _, ngettext
from app.services.dates import age_on
from app.services.documents import texts
from app.services.documents.layout import (
    CONTENT_WIDTH,
    FONT_CMD,
    INK,
    MINUS,
    STYLES,
    b,
    chf,
    chf_cell,
    data_table,
    facts_table,
    p,
    pm,
    section,
    spacer,
)
from app.services.documents.records import (
    BasicInsurance,
    CoverageItem,
    LocalText,
    Person,
    PersonCoverage,
    ProposalRecord,
    Variant,
)
from app.services.formatting import format_date

MAJORITY_AGE = 18  # Swiss Civil Code art. 14


def text(value: LocalText, language: str) -> str:
    return value.get(language)


def is_minor(person: Person, on: date) -> bool:
    return age_on(person.birth_date, on) < MAJORITY_AGE


def persons_table(record: ProposalRecord) -> Table:
    """Who is in the household: name, birth date, sex, AHV, language, role."""
    rows = []
    for person in record.household.members:
        role = texts.role_name("policyholder") if person.id == record.household.policyholder else ""
        address = person.address or record.household.address
        rows.append([
            pm(b(person.full_name) + (f"<br/>{escape(role)}" if role else ""), STYLES.cell),
            format_date(person.birth_date),
            _(texts.SEX_NAMES[person.sex]),
            person.ahv or "–",
            ", ".join(address.lines()),
            _(texts.LANGUAGE_NAMES[person.language]),
        ])
    return data_table(
        [_("Name"), _("Date of birth"), _("Sex"), _("AHV number"), _("Address"), _("Language")],
        rows, [35 * mm, 25 * mm, 19 * mm, 31 * mm, 40 * mm, 20 * mm],
    )


def _basic_cell(record: ProposalRecord, basic: BasicInsurance, language: str) -> Flowable:
    model = text(basic.model_name, language) if basic.model_name else _(texts.MODEL_NAMES[basic.model])
    cover = _("with accident cover") if basic.accident_cover else _("without accident cover")
    lines = [
        b(_("Basic insurance (LAMal)")),
        escape(record.insurer(basic.insurer).name),
        escape(f"{model} · {cover} · " + _("from {date}").format(date=format_date(basic.start))),
    ]
    lines += _discount_lines(basic.premium.discounts, language)
    return pm("<br/>".join(lines), STYLES.cell)


def _discount_lines(discounts: Iterable, language: str) -> list[str]:  # type: ignore[type-arg]
    return [
        f'<font size="7">{escape(text(d.reason, language))}: {MINUS}{escape(chf(d.monthly_amount))}</font>'
        for d in discounts
    ]


def _item_cell(item: CoverageItem, language: str) -> Flowable:
    details = []
    if item.level:
        details.append(_("Level {level}").format(level=item.level))
    if item.capital is not None:
        details.append(_("Capital {amount}").format(amount=chf(item.capital)))
    details.append(_("from {date}").format(date=format_date(item.start)))
    lines = [b(f"{item.product_code} · {text(item.product_name, language)}"), escape(" · ".join(details))]
    lines += _discount_lines(item.premium.discounts, language)
    return pm("<br/>".join(lines), STYLES.cell)


def coverage_table(record: ProposalRecord, coverage: PersonCoverage, language: str) -> Table:
    """Per person: each product with deductible, premium, discounts and net premium."""
    rows: list[list[Flowable | str]] = []
    month = year = Decimal(0)
    entries: list[tuple[Flowable, Decimal | None, Decimal, Decimal, Decimal, Decimal]] = []
    if coverage.basic:
        premium = coverage.basic.premium
        entries.append((_basic_cell(record, coverage.basic, language), coverage.basic.deductible,
                        premium.monthly_gross, premium.monthly_gross - premium.monthly_net,
                        premium.monthly_net, premium.annual_net))
    for item in coverage.items:
        premium = item.premium
        entries.append((_item_cell(item, language), item.deductible, premium.monthly_gross,
                        premium.monthly_gross - premium.monthly_net, premium.monthly_net,
                        premium.annual_net))
    for cell, deductible, gross, discount, net, annual in entries:
        rows.append([
            cell,
            chf_cell(deductible) if deductible is not None else "–",
            chf_cell(gross),
            f"{MINUS}{chf_cell(discount)}" if discount else "–",
            chf_cell(net),
            chf_cell(annual),
        ])
        month += net
        year += annual
    person = record.person(coverage.person)
    rows.append([_("Total {name}").format(name=person.first_name), "", "", "", chf_cell(month), chf_cell(year)])
    return data_table(
        [_("Product"), _("Deductible"), _("Premium per month"), _("Discount per month"),
         _("Net per month"), _("Net per year")],
        rows, [54 * mm, 24 * mm, 22 * mm, 22 * mm, 23 * mm, 25 * mm],  # "CHF 2'500.00" on a line
        right=(1, 2, 3, 4, 5), bold_rows=(len(rows),),
    )


def coverage_blocks(record: ProposalRecord, variant: Variant, language: str) -> list[Flowable]:
    flowables: list[Flowable] = []
    for coverage in variant.coverages:
        person = record.person(coverage.person)
        flowables.append(KeepTogether([
            p(_("{name}, born {date}").format(name=person.full_name,
                                               date=format_date(person.birth_date)), STYLES.h3),
            coverage_table(record, coverage, language),
        ]))
    return flowables


def totals_table(variant: Variant) -> Table:
    rows: list[list[Flowable | str]] = []
    for total in variant.totals:
        note = ""
        if total.fees:
            note = _("including {amount} surcharge for this payment frequency").format(
                amount=chf(total.fees))
        rows.append([_(texts.FREQUENCY_NAMES[total.frequency]), note, chf_cell(total.amount)])
    heading = _("Total") if len(variant.coverages) == 1 else _("Household total")
    return data_table([heading, "", _("Amount")], rows,
                      [50 * mm, 85 * mm, 35 * mm], right=(2,))


def products_of(variants: Iterable[Variant]) -> list[CoverageItem]:
    """Each product once (by code), in order of first appearance."""
    seen: dict[str, CoverageItem] = {}
    for variant in variants:
        for coverage in variant.coverages:
            for item in coverage.items:
                seen.setdefault(item.product_code, item)
    return list(seen.values())


def _bullets(values: Iterable[LocalText], language: str, empty: str) -> str:
    lines = [f"• {escape(text(v, language))}" for v in values]
    return "<br/>".join(lines) if lines else escape(empty)


def waiting_periods_table(variants: Iterable[Variant], language: str) -> list[Flowable]:
    items = products_of(variants)
    if not items:
        return []
    rows: list[list[Flowable | str]] = [
        [pm(b(f"{item.product_code} · {text(item.product_name, language)}"), STYLES.cell),
         # each "none" agrees with its noun: fr "aucun délai", "aucune exclusion" (issue 16, 11)
         pm(_bullets(item.waiting_periods, language, _("no waiting period")), STYLES.cell),
         pm(_bullets(item.exclusions, language, _("no exclusion")), STYLES.cell)]
        for item in items
    ]
    return section(
        _("Waiting periods and main exclusions"),
        data_table([_("Product"), _("Waiting periods"), _("Main exclusions")], rows,
                   [44 * mm, 58 * mm, 68 * mm]),
        spacer(2),
        p(texts.general_exclusions_text(), STYLES.small),
    )


def _carriers_lines(record: ProposalRecord, variants: tuple[Variant, ...], language: str) -> str:
    lines = []
    for insurer in record.risk_carriers(variants):
        covers: list[str] = []
        for variant in variants:
            for coverage in variant.coverages:
                if coverage.basic and coverage.basic.insurer == insurer.code:
                    label = _("basic insurance (LAMal)")
                    if label not in covers:
                        covers.append(label)
                for item in coverage.items:
                    if item.insurer == insurer.code and item.product_code not in covers:
                        covers.append(item.product_code)
        address = ", ".join(insurer.address.lines())
        lines.append(f"{b(insurer.name)}, {escape(address)}: {escape(', '.join(covers))}")
    return "<br/>".join(lines)


def terms_table(variants: tuple[Variant, ...], language: str) -> list[Flowable]:
    """Minimum term and notice of each product (003 "Durée minimale", "Fin du contrat")."""
    items = products_of(variants)
    if not items:
        return []
    rows: list[list[Flowable | str]] = [
        [f"{item.product_code} · {text(item.product_name, language)}",
         ngettext("{n} year", "{n} years", item.minimum_term_years).format(
             n=item.minimum_term_years),
         ngettext("{n} month", "{n} months", item.notice_months).format(n=item.notice_months),
         (f"{format_date(item.minimum_term_end)} / {format_date(item.notice_deadline)}"
          if item.minimum_term_end and item.notice_deadline else "–")]
        for item in items
    ]
    return [data_table([_("Product"), _("Minimum term"), _("Notice for the end of a year"),
                        _("Earliest end / notice by")],
                       rows, [70 * mm, 28 * mm, 35 * mm, 37 * mm])]


KEY_DATES = ("issued", "offer_valid_until", "binding_until", "revocation_until",
             "minimum_term_end", "notice_deadline")


def key_dates_pairs(record: ProposalRecord, names: Iterable[str] = KEY_DATES) -> list[tuple[str, str]]:
    """Label and date of each key date that the record has, in `names`."""
    labels = {
        "issued": _("Issued on"),
        "offer_valid_until": _("Offer valid until"),
        "binding_until": _("Proposer bound until"),
        "revocation_until": _("Revocation possible until"),
        "minimum_term_end": _("End of the minimum term"),
        "notice_deadline": _("Latest notice for that date"),
    }
    pairs = []
    for name in names:
        value = getattr(record.key_dates, name)
        if value is not None:
            pairs.append((labels[name], format_date(value)))
    return pairs


def precontractual_information(
    record: ProposalRecord, variants: tuple[Variant, ...], language: str, *,
    signed: bool = True
) -> list[Flowable]:
    """LCA art. 3: what the client must know in text form before concluding. `signed`: the
    binding and revocation periods run from the signing (LCA art. 1, 2a), so only a signed
    proposal dates them; an offer states the rules alone (issue 16, item 4)."""
    carriers = record.risk_carriers(variants)
    contacts = list(dict.fromkeys(
        i.data_protection_contact for i in carriers if i.data_protection_contact))
    dates = record.key_dates
    binding = [texts.binding_sentence()]
    if dates.binding_until and signed:
        binding.append(_("Bound until: {date}.").format(date=format_date(dates.binding_until)))
    revocation = [texts.revocation_sentence()]
    if dates.revocation_until and signed:
        revocation.append(
            _("Revocation possible until: {date}.").format(date=format_date(dates.revocation_until)))
    term_dates = []
    if dates.minimum_term_end:
        term_dates.append(_("End of the minimum term: {date}.").format(
            date=format_date(dates.minimum_term_end)))
    if dates.notice_deadline:
        term_dates.append(_("Latest notice for that date: {date}.").format(
            date=format_date(dates.notice_deadline)))
    agent = record.agent
    blocks: list[tuple[str, list[Flowable]]] = [
        (_("Insurer carrying the risk"), [pm(_carriers_lines(record, variants, language))]),
        (_("Risks insured and scope of cover"), [
            p(_("The risks insured and the scope of cover are those of the products listed in "
                "this document, as described in the general and special conditions of "
                "insurance, in particular their tables of benefits.")),
            p(texts.separate_contracts()),
        ]),
        (_("Premiums"), [p(texts.premiums_text())]),
        (_("Duration and termination"), [
            p(texts.duration_text()), *terms_table(variants, language),
            *([spacer(1.5), p(" ".join(term_dates))] if term_dates else []),
        ]),
        (_("Binding period and right of revocation"), [p(" ".join(binding)), p(" ".join(revocation))]),
        (_("Duties after a claim"), [p(texts.claims_deadlines_text())]),
        (_("Data processing"), [p(texts.data_protection_text(
            ", ".join(i.name for i in carriers), ", ".join(contacts)))]),
        (_("Your agent"), [p(texts.accreditation_text() + " " + _(
            "Agent: {name}, accreditation no. {number}").format(
            name=agent.name, number=agent.accreditation_number) + ".")]),
    ]
    flowables: list[Flowable] = []
    for title, content in blocks:
        flowables.append(KeepTogether([p(title, STYLES.h3), *content]))
    return section(_("Information before concluding the contract (art. 3 LCA)"), *flowables)


def signature_image(png: bytes, width: float = 55 * mm, height: float = 18 * mm) -> Image:
    import io

    image = Image(io.BytesIO(png))
    scale = min(width / image.imageWidth, height / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    image.hAlign = "LEFT"
    return image


def signature_box(title: str, name: str, place_date: str, png: bytes | None) -> Table:
    """One signature block: who, the captured image (or an empty line), place and date."""
    mark: Flowable = signature_image(png) if png else spacer(18)
    rows = [
        [pm(b(title) + "<br/>" + escape(name), STYLES.cell)],
        [mark],
        [p(place_date, STYLES.cell_note)],
    ]
    table = Table(rows, colWidths=[80 * mm], rowHeights=[None, 20 * mm, None])
    table.setStyle(TableStyle([FONT_CMD,
        ("LINEBELOW", (0, 1), (0, 1), 0.5, INK),
        ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def two_columns(boxes: list[Table]) -> list[Flowable]:
    flowables: list[Flowable] = []
    for index in range(0, len(boxes), 2):
        pair: list[Flowable | str] = [*boxes[index:index + 2]]
        if len(pair) == 1:
            pair.append("")
        row = Table([pair], colWidths=[CONTENT_WIDTH / 2] * 2, hAlign="LEFT")
        row.setStyle(TableStyle([FONT_CMD, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm)]))
        flowables.append(row)
    return flowables


def key_dates_block(record: ProposalRecord, names: Iterable[str] = KEY_DATES) -> Flowable:
    return facts_table(key_dates_pairs(record, names))



def reservation_duration(until: date | None) -> str:
    """004 art. 8 al. 3: a reservation applies for the whole duration of the contract."""
    if until is None:
        return _("For the whole duration of the contract")
    return _("Until {date}").format(date=format_date(until))
