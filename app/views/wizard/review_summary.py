"""Step 6, summary: premiums per person and product, discounts, totals, key dates."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext, Quote
from app.views.draft import ProposalDraft
from app.views.forms import wrapping_label
from app.views.labels import FREQUENCIES, label
from app.views.wizard.page import WizardPage

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class SummaryPage(WizardPage):
    step = "summary"
    title = N_("Summary")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.quote: Quote | None = None
        self.frequency_label = QLabel(self)
        self.frequency = QComboBox(self)
        self.frequency.setObjectName("frequency")
        self.frequency_label.setBuddy(self.frequency)
        self.lines = QTreeWidget(self)
        self.lines.setObjectName("quoteLines")
        self.lines.setColumnCount(8)
        self.lines.setRootIsDecorated(False)
        header = self.lines.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.totals_box = QGroupBox(self)
        self.totals = QFormLayout(self.totals_box)
        self.dates_box = QGroupBox(self)
        self.dates = QFormLayout(self.dates_box)
        self.notes = wrapping_label(self)
        self.notes.setObjectName("quoteNotes")
        top = QHBoxLayout()
        top.addWidget(self.frequency_label)
        top.addWidget(self.frequency)
        top.addStretch(1)
        boxes = QHBoxLayout()
        boxes.addWidget(self.totals_box, 1)
        boxes.addWidget(self.dates_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.lines, 2)
        layout.addLayout(boxes)
        layout.addWidget(self.notes)
        self.frequency.currentIndexChanged.connect(self._frequency_changed)
        self.retranslate()

    def _fill_frequencies(self) -> None:
        self.frequency.blockSignals(True)
        current = self.frequency.currentData() or self.draft.frequency
        self.frequency.clear()
        for code in self.context.pricing.frequencies:
            self.frequency.addItem(label(FREQUENCIES, code), code)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(current)))
        self.frequency.blockSignals(False)

    def retranslate(self) -> None:
        self.frequency_label.setText(_("&Payment frequency"))
        if self.frequency.count():  # filled with the first proposal shown
            self._fill_frequencies()
        self.lines.setHeaderLabels([_("Person"), _("Product"), _("Level"), _("Deductible"),
                                    _("Gross"), _("Discounts"), _("Instalment surcharge"),
                                    _("Net")])
        self.totals_box.setTitle(_("Totals by payment frequency"))
        self.dates_box.setTitle(_("Key dates"))
        if self.draft.persons:
            self._show()

    def _frequency_changed(self) -> None:
        self.draft.frequency = str(self.frequency.currentData())
        self._show()
        self.emit_changed()

    def show_draft(self, draft: ProposalDraft) -> None:
        self._fill_frequencies()
        self.frequency.blockSignals(True)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(draft.frequency)))
        self.frequency.blockSignals(False)
        self._show()

    def _show(self) -> None:
        draft = self.draft
        pricing = self.context.pricing
        self.quote = quote = pricing.quote(draft, draft.frequency)
        self.lines.clear()
        names = {p.key: p.full_name for p in draft.persons}
        for person in draft.persons:
            mine = [line for line in quote.lines if line.person_key == person.key]
            subtotal = sum((line.net for line in mine), Decimal("0"))
            for index, line in enumerate(mine):
                discounts = "; ".join(f"{reason} −{format_chf(amount)}"
                                      for reason, amount in line.discounts)
                item = QTreeWidgetItem([
                    names[person.key] if index == 0 else "",
                    line.label,
                    line.level or "",
                    format_chf(line.deductible) if line.deductible is not None else "",
                    format_chf(line.gross),
                    discounts,
                    format_chf(line.surcharge) if line.surcharge else "",
                    format_chf(line.net),
                ])
                for column in (3, 4, 6, 7):
                    item.setTextAlignment(column, RIGHT)
                self.lines.addTopLevelItem(item)
            if mine:
                total = QTreeWidgetItem(["", _("Subtotal %s") % names[person.key], "", "", "",
                                         "", "", format_chf(subtotal)])
                font = QFont(total.font(0))
                font.setBold(True)
                for column in range(8):
                    total.setFont(column, font)
                total.setTextAlignment(7, RIGHT)
                self.lines.addTopLevelItem(total)
        self._clear(self.totals)
        for code in pricing.frequencies:
            amount = quote.total if code == draft.frequency else pricing.quote(draft, code).total
            value = QLabel(format_chf(amount))
            value.setObjectName(f"total-{code}")
            value.setAlignment(RIGHT)
            self.totals.addRow(label(FREQUENCIES, code), value)
        self._clear(self.dates)
        today = self.context.today()
        for key_date in self.context.catalogue.key_dates(draft, today):
            self.dates.addRow(key_date.label, QLabel(format_date(key_date.day)))
        for person in draft.persons:
            choice = draft.basic.get(person.key)
            if choice is None or not choice.insurer or choice.deductible is None:
                continue
            try:
                dates = self.context.basic.dates(choice, person, today)
            except (LookupError, ValueError):
                continue
            self.dates.addRow(_("Basic insurance of %s starts") % person.full_name,
                              QLabel(format_date(dates.start_date)))
            if dates.notice_deadline:
                self.dates.addRow(_("Notice to the current insurer of %s by") %
                                  person.full_name, QLabel(format_date(dates.notice_deadline)))
        self.notes.setText("\n".join(quote.notes))
        self.notes.setVisible(bool(quote.notes))

    @staticmethod
    def _clear(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def save(self, draft: ProposalDraft) -> None:
        draft.frequency = str(self.frequency.currentData() or draft.frequency)
