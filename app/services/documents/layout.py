"""Base renderer: stylesheet, first/later page templates, numbered canvas, table helpers.

Shaped after pretix's invoice renderer (shared/STYLE.md): one class per document
kind builds a Platypus story from a frozen record; this base draws what every
page shares: the agent with their accreditation number and the insurer(s)
carrying the risk (003), "page x / y", and for signed documents the SHA-256 of
the signed content.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.i18n import _, use_language
from app.services.documents.fonts import FONT, FONT_BOLD, register_fonts
from app.services.documents.records import Person, ProposalRecord
from app.services.formatting import format_chf, format_date

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_BOTTOM = 24 * mm
HEADER_FIRST = 30 * mm
HEADER_LATER = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

INK = colors.HexColor("#1B2733")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#5B6770")
RULE = colors.HexColor("#AAB4BE")
SHADE = colors.HexColor("#E9EEF4")
SHADE_LIGHT = colors.HexColor("#F5F7FA")

MINUS = "\u2212"
# Cells given as plain strings would otherwise use reportlab's Helvetica, never embedded.
FONT_CMD = ("FONTNAME", (0, 0), (-1, -1), FONT)


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base = {"fontName": FONT, "bulletFontName": FONT, "fontSize": 9, "leading": 12, "textColor": INK}
    base.update(kw)
    return ParagraphStyle(name, **base)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle = _style("body", spaceAfter=4)
    small: ParagraphStyle = _style("small", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=3)
    title: ParagraphStyle = _style("title", fontName=FONT_BOLD, fontSize=17, leading=21,
                                   textColor=ACCENT, spaceAfter=2)
    subtitle: ParagraphStyle = _style("subtitle", fontSize=9.5, leading=12, textColor=MUTED,
                                      spaceAfter=8)
    h2: ParagraphStyle = _style("h2", fontName=FONT_BOLD, fontSize=11.5, leading=14,
                                textColor=ACCENT, spaceBefore=10, spaceAfter=5)
    h3: ParagraphStyle = _style("h3", fontName=FONT_BOLD, fontSize=9.5, leading=12,
                                spaceBefore=7, spaceAfter=3)
    cell: ParagraphStyle = _style("cell", fontSize=8, leading=10)
    cell_right: ParagraphStyle = _style("cell_right", fontSize=8, leading=10, alignment=TA_RIGHT)
    cell_head: ParagraphStyle = _style("cell_head", fontName=FONT_BOLD, fontSize=7.5, leading=9.5)
    cell_head_right: ParagraphStyle = _style("cell_head_right", fontName=FONT_BOLD, fontSize=7.5,
                                             leading=9.5, alignment=TA_RIGHT)
    cell_note: ParagraphStyle = _style("cell_note", fontSize=7, leading=8.8, textColor=MUTED)
    address: ParagraphStyle = _style("address", fontSize=10, leading=13, alignment=TA_LEFT)


STYLES = Styles()


NBSP = "\u00a0"


def chf(amount: Decimal) -> str:
    """Insurers' style: "CHF 1'234.50", whole francs "CHF 300.–" (seed 003).

    A no-break space after "CHF" keeps an amount on one line in narrow columns
    (text extraction gives U+00A0 there).
    """
    return format_chf(amount, dash_for_whole=True).replace(" ", NBSP, 1)


def chf_cell(amount: Decimal) -> str:
    """An amount in a table's column: always with cents ("CHF 114.00"), so a column of
    amounts lines up on the point (issue 16, item 14); running text keeps "CHF 114.–"."""
    return format_chf(amount).replace(" ", NBSP, 1)


def signed_chf(amount: Decimal) -> str:
    """A difference with its sign: "+CHF 120.–", "−CHF 1'240.80"."""
    if amount < 0:
        return f"{MINUS}{chf_cell(-amount)}"
    return f"+{chf_cell(amount)}"


def p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped: names may contain & or <)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style or STYLES.body)


def pm(markup: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of trusted markup (<b>, <br/>); data inside must be escaped by the caller."""
    return Paragraph(markup, style or STYLES.body)


def b(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def heading(text: str, level: int = 2) -> Paragraph:
    return p(text, STYLES.h2 if level == 2 else STYLES.h3)


def person_line(person: Person) -> str:
    """"Léa Favre, 17.04.1986" – name and birth date identify a person on paper."""
    return f"{person.full_name}, {format_date(person.birth_date)}"


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Flowable | str]],
    widths: Sequence[float],
    right: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
    shaded_rows: Sequence[int] = (),
) -> Table:
    """A table whose header repeats on every page; strings become wrapping paragraphs."""
    head = [
        p(text, STYLES.cell_head_right if i in right else STYLES.cell_head)
        for i, text in enumerate(header)
    ]
    body: list[list[Flowable]] = []
    for r, row in enumerate(rows, start=1):
        cells: list[Flowable] = []
        for i, cell in enumerate(row):
            if isinstance(cell, str):
                style = STYLES.cell_right if i in right else STYLES.cell
                cell = pm(b(cell), style) if r in bold_rows else p(cell, style)
            cells.append(cell)
        body.append(cells)
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        FONT_CMD,
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in shaded_rows:
        commands.append(("BACKGROUND", (0, r), (-1, r), SHADE_LIGHT))
    for r in bold_rows:
        commands.append(("LINEABOVE", (0, r), (-1, r), 0.6, INK))
    table.setStyle(TableStyle(commands))
    return table


def facts_table(pairs: Sequence[tuple[str, str]], label_width: float = 52 * mm) -> Table:
    """Label/value lines ("Policy number" | "GMA-2027-…") without grid."""
    rows = [[p(label, STYLES.cell_head), p(value, STYLES.cell)] for label, value in pairs]
    table = Table(rows, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([FONT_CMD,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def section(title: str, *flowables: Flowable) -> list[Flowable]:
    """A heading that never ends a page alone: it joins a first block kept in one piece
    (a person's table); before a block that may split, 30 mm must be left for it."""
    first = flowables[0] if flowables else None
    if isinstance(first, KeepTogether):
        return [KeepTogether([heading(title), *first._content]), *flowables[1:]]
    return [CondPageBreak(30 * mm), heading(title), *flowables]


def numbered_canvas(label: str, footer_x: float) -> type[Canvas]:
    """A canvas that writes "page x / y" once the page count is known (pretix's approach).

    `label` is the translated pattern with {page} and {pages}; each page may move
    the footer up (the invoice page, whose lower 105 mm belong to the QR-bill).
    """

    class NumberedCanvas(Canvas):
        footer_y: float = MARGIN_BOTTOM - 8 * mm

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved_page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved_page_states)
            for state in self._saved_page_states:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                text = label.format(page=self._pageNumber, pages=pages)
                self.drawRightString(footer_x, self.footer_y, text)
                super().showPage()
            super().save()

    return NumberedCanvas


class DocumentRenderer:
    """One document kind; subclasses set `title` and build `story()` from the record."""

    title: ClassVar[str] = ""
    signed: ClassVar[bool] = False  # print the SHA-256 of the signed content in the footer
    extra_templates: ClassVar[tuple[str, ...]] = ()

    def __init__(self, record: ProposalRecord, language: str):
        self.record = record
        self.language = language
        self.content_hash = ""

    # -- to implement ---------------------------------------------------------------
    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def document_title(self) -> str:
        return _(self.title)

    def insurers_named(self) -> list[str]:
        return [insurer.name for insurer in self.record.risk_carriers()]

    # -- page decoration ------------------------------------------------------------
    def _agent_line(self) -> str:
        agent = self.record.agent
        return _("Agent: {name}, accreditation no. {number}").format(
            name=agent.name, number=agent.accreditation_number
        )

    def _insurer_line(self) -> str:
        return _("Insurer carrying the risk: {names}").format(names="; ".join(self.insurers_named()))

    def _draw_footer(self, canvas: Canvas, y: float) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, y + 9.5 * mm, PAGE_WIDTH - MARGIN_X, y + 9.5 * mm)
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        lines = [self._agent_line(), self._insurer_line()]
        if self.record.illustrative_tariff:
            lines.append(_("Illustrative tariff: these are not the insurer's real premiums."))
        if self.record.tariff_years_behind and self.record.premium_year:
            lines.append(_("No tariff for {year} yet: these are the premiums of {years}; "
                           "the insurer's {year} premiums may differ.").format(
                year=self.record.premium_year,
                years=", ".join(map(str, self.record.tariff_years_behind))))
        if self.signed:
            lines.append(_("SHA-256 of the signed content: {hash}").format(hash=self.content_hash))
        for index, line in enumerate(lines):
            canvas.drawString(MARGIN_X, y + 6.5 * mm - index * 3.2 * mm, line)
        canvas.restoreState()
        canvas.footer_y = y + 6.5 * mm  # type: ignore[attr-defined]

    def _first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 12 * mm
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColor(ACCENT)
        names = self.insurers_named()
        canvas.drawString(MARGIN_X, top, names[0] if names else "")
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        for index, name in enumerate(names[1:], start=1):
            canvas.drawString(MARGIN_X, top - index * 3.4 * mm, name)
        agent = self.record.agent
        right = PAGE_WIDTH - MARGIN_X
        details = [
            _("Your agent"),
            agent.name,
            _("Accreditation no. {number}").format(number=agent.accreditation_number),
            " · ".join(x for x in (agent.phone, agent.email) if x),
        ]
        canvas.setFont(FONT, 7.5)
        for index, line in enumerate(x for x in details if x):
            canvas.setFont(FONT_BOLD if index == 1 else FONT, 7.5)
            canvas.drawRightString(right, top - index * 3.4 * mm, line)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, PAGE_HEIGHT - HEADER_FIRST + 4 * mm, right, PAGE_HEIGHT - HEADER_FIRST + 4 * mm)
        canvas.restoreState()
        self._draw_footer(canvas, MARGIN_BOTTOM - 18 * mm)

    def _later_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._draw_later_header(canvas)
        self._draw_footer(canvas, MARGIN_BOTTOM - 18 * mm)

    def _draw_later_header(self, canvas: Canvas) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 12 * mm
        canvas.setFont(FONT_BOLD, 8)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN_X, top, self.document_title())
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_X, top,
            f"{self.record.policyholder.full_name} · {self.record.reference}",
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, top - 3 * mm, PAGE_WIDTH - MARGIN_X, top - 3 * mm)
        canvas.restoreState()

    def page_templates(self) -> list[PageTemplate]:
        def frame(top_margin: float, bottom: float = MARGIN_BOTTOM) -> Frame:
            return Frame(MARGIN_X, bottom, CONTENT_WIDTH, PAGE_HEIGHT - top_margin - bottom,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        return [
            PageTemplate("first", [frame(HEADER_FIRST)], onPage=self._first_page),
            PageTemplate("later", [frame(HEADER_LATER)], onPage=self._later_page),
        ]

    def address_block(self) -> Table:
        """The policyholder's postal address where a window envelope shows it (right)."""
        holder = self.record.policyholder
        address = holder.address or self.record.household.address
        lines = [holder.full_name, *address.lines()]
        block = p("\n".join(lines), STYLES.address)
        table = Table([["", block]], colWidths=[CONTENT_WIDTH - 80 * mm, 80 * mm])
        table.setStyle(TableStyle([FONT_CMD, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * mm)]))
        return table

    def title_block(self, subtitle: str) -> list[Flowable]:
        return [p(self.document_title(), STYLES.title), p(subtitle, STYLES.subtitle)]

    # -- rendering ------------------------------------------------------------------
    def render(self) -> bytes:
        register_fonts()
        with use_language(self.language):
            buffer = io.BytesIO()
            doc = BaseDocTemplate(
                buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                topMargin=HEADER_LATER, bottomMargin=MARGIN_BOTTOM,
                title=f"{self.document_title()} {self.record.reference}",
                author=self.record.agent.name,
                subject=self.content_hash,
                creator="Propono", invariant=1,
                initialFontName=FONT,  # else each page's resources name Helvetica, never embedded
            )
            doc.addPageTemplates(self.page_templates())
            story: list[Flowable] = [NextPageTemplate("later"), *self.story()]
            label = _("page {page} / {pages}")
            doc.build(story, canvasmaker=numbered_canvas(label, PAGE_WIDTH - MARGIN_X))
        return buffer.getvalue()


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)

