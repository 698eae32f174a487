"""Up to three variants of one household side by side, with the yearly difference.

Rows are persons and their covers (basic insurance, then every product any
variant has); columns are the variants. The last rows give each variant's
totals and its yearly difference to the first variant (issue 5: "no tool an
agent has today does this").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from app.i18n import _
from app.services.documents import texts
from app.services.documents.layout import (
    ACCENT,
    CONTENT_WIDTH,
    FONT_CMD,
    INK,
    RULE,
    SHADE,
    SHADE_LIGHT,
    STYLES,
    b,
    chf,
    chf_cell,
    p,
    pm,
    signed_chf,
)
from app.services.documents.records import CoverageItem, PersonCoverage, ProposalRecord, Variant
from app.services.documents.sections import text


def _yearly(variant: Variant) -> Decimal:
    """The yearly total: the record's, or twelve months when only monthly is given."""
    by_frequency = {t.frequency: t.amount for t in variant.totals}
    if "annual" in by_frequency:
        return by_frequency["annual"]
    return sum(
        ((c.basic.premium.annual_net if c.basic else Decimal(0))
         + sum((i.premium.annual_net for i in c.items), Decimal(0)) for c in variant.coverages),
        Decimal(0),
    )


def _monthly(variant: Variant) -> Decimal:
    by_frequency = {t.frequency: t.amount for t in variant.totals}
    if "monthly" in by_frequency:
        return by_frequency["monthly"]
    return sum(
        ((c.basic.premium.monthly_net if c.basic else Decimal(0))
         + sum((i.premium.monthly_net for i in c.items), Decimal(0)) for c in variant.coverages),
        Decimal(0),
    )


def _coverage(variant: Variant, person: str) -> PersonCoverage | None:
    return next((c for c in variant.coverages if c.person == person), None)


def _item(coverage: PersonCoverage | None, code: str) -> CoverageItem | None:
    if coverage is None:
        return None
    return next((i for i in coverage.items if i.product_code == code), None)


def variants_comparison(
    record: ProposalRecord, variants: tuple[Variant, ...], language: str
) -> Table:
    label_width = 50 * mm
    column = (CONTENT_WIDTH - label_width) / len(variants)
    head: list[Any] = [p("", STYLES.cell_head)] + [
        pm(b(f"{v.key}: {text(v.label, language)}"), STYLES.cell_head) for v in variants
    ]
    rows: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = []
    persons = [m.id for m in record.household.members
               if any(_coverage(v, m.id) for v in variants)]
    for person_id in persons:
        person = record.person(person_id)
        rows.append([pm(b(person.full_name), STYLES.cell)] + [""] * len(variants))
        commands += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)),
                     ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE_LIGHT)]
        coverages = [_coverage(v, person_id) for v in variants]
        if any(c and c.basic for c in coverages):
            cells: list[Flowable | str] = [p(_("Basic insurance (LAMal)"), STYLES.cell)]
            for coverage in coverages:
                basic = coverage.basic if coverage else None
                if basic is None:
                    cells.append(p("–", STYLES.cell_right))
                    continue
                model = (text(basic.model_name, language) if basic.model_name
                         else _(texts.MODEL_NAMES[basic.model]))
                cells.append(pm(
                    f"{escape(model)}<br/>"
                    + escape(_("Deductible {amount}").format(amount=chf(basic.deductible)))
                    + f"<br/>{b(chf_cell(basic.premium.monthly_net))}", STYLES.cell_right))
            rows.append(cells)
        codes: list[str] = []
        for coverage in coverages:
            for item in coverage.items if coverage else ():
                if item.product_code not in codes:
                    codes.append(item.product_code)
        for code in codes:
            first = next(i for c in coverages if (i := _item(c, code)) is not None)
            cells = [p(f"{code} · {text(first.product_name, language)}", STYLES.cell)]
            for coverage in coverages:
                held = _item(coverage, code)
                if held is None:
                    cells.append(p("–", STYLES.cell_right))
                    continue
                detail = []
                if held.level:
                    detail.append(_("Level {level}").format(level=held.level))
                if held.deductible is not None:
                    detail.append(_("Deductible {amount}").format(amount=chf(held.deductible)))
                cells.append(pm("<br/>".join([*(escape(d) for d in detail),
                                              b(chf_cell(held.premium.monthly_net))]), STYLES.cell_right))
            rows.append(cells)
    first_year = _yearly(variants[0])
    totals_start = len(rows)
    rows.append([pm(b(_("Total per month")), STYLES.cell)]
                + [pm(b(chf_cell(_monthly(v))), STYLES.cell_right) for v in variants])
    rows.append([pm(b(_("Total per year")), STYLES.cell)]
                + [pm(b(chf_cell(_yearly(v))), STYLES.cell_right) for v in variants])
    rows.append(
        [pm(b(_("Difference per year compared with {key}").format(key=variants[0].key)), STYLES.cell)]
        + [p("–", STYLES.cell_right)]
        + [pm(b(signed_chf(_yearly(v) - first_year)), STYLES.cell_right) for v in variants[1:]]
    )
    table = Table(rows, colWidths=[label_width] + [column] * len(variants), repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([FONT_CMD,
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LINEABOVE", (0, totals_start), (-1, totals_start), 0.8, INK),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *commands,
    ]))
    return table
