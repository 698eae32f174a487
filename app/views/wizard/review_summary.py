"""Step 6, summary: premiums per person and product, discounts, totals, key dates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, N_, _, ngettext
from app.services.application.draft import ProposalDraft
from app.services.application.ports import Quote
from app.services.formatting import format_chf, format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, name_view, set_label, wrapping_label
from app.views.labels import FREQUENCIES, LANGUAGE_NAMES, label
from app.views.save_file import save_pdf_as
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
        # Person, product and net side by side on a laptop; a discount is a detail line
        # under its premium, not a column pushing the others out of sight (issue 15, 9).
        self.lines.setColumnCount(7)
        self.lines.setRootIsDecorated(False)
        self.lines.setItemsExpandable(False)
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
        self._make_offer_box()
        top = QHBoxLayout()
        top.addWidget(self.frequency_label)
        top.addWidget(self.frequency)
        top.addStretch(1)
        boxes = QHBoxLayout()
        boxes.addWidget(self.totals_box, 1)
        boxes.addWidget(self.dates_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.offer_box)  # above the lines: never below the fold
        layout.addWidget(self.lines, 2)
        layout.addLayout(boxes)
        layout.addWidget(self.notes)
        self.frequency.currentIndexChanged.connect(self._frequency_changed)
        self.retranslate()

    def _make_offer_box(self) -> None:
        """The offer the client may keep before deciding (mission step 6), in their
        language, with the basic insurance at every deductible if they ask."""
        self.offer_box = QGroupBox(self)
        self.offer_language_label = QLabel(self.offer_box)
        self.offer_language = QComboBox(self.offer_box)
        self.offer_language.setObjectName("offerLanguage")
        for code in LANGUAGES:
            self.offer_language.addItem(LANGUAGE_NAMES[code], code)  # in its own language
        self.offer_language_label.setBuddy(self.offer_language)
        self.compare_deductibles = QCheckBox(self.offer_box)
        self.compare_deductibles.setObjectName("compareDeductibles")
        self.save_offer_button = QPushButton(self.offer_box)
        self.save_offer_button.setObjectName("saveOfferButton")
        self.offer_message = wrapping_label(self.offer_box)
        self.offer_message.setObjectName("offerMessage")
        self.offer_message.hide()  # no room taken until there is something to say
        self.offer_error = ErrorLabel(self.offer_box)
        for widget in (self.offer_language, self.compare_deductibles, self.save_offer_button):
            widget.setProperty("keepEnabled", True)  # an offer may be printed at any time
        row = QHBoxLayout()
        row.addWidget(self.offer_language_label)
        row.addWidget(self.offer_language)
        row.addSpacing(12)
        row.addWidget(self.compare_deductibles)
        row.addStretch(1)
        row.addWidget(self.save_offer_button)
        box = QVBoxLayout(self.offer_box)
        box.addLayout(row)
        box.addWidget(self.offer_message)
        box.addWidget(self.offer_error)
        self.save_offer_button.clicked.connect(self.save_offer)

    def _fill_frequencies(self) -> None:
        self.frequency.blockSignals(True)
        current = self.frequency.currentData() or self.draft.frequency
        self.frequency.clear()
        for code in self.context.pricing.frequencies:
            self.frequency.addItem(label(FREQUENCIES, code), code)
        self.frequency.setCurrentIndex(max(0, self.frequency.findData(current)))
        self.frequency.blockSignals(False)

    def retranslate(self) -> None:
        set_label(self.frequency_label, _("P&ayment frequency"))
        if self.frequency.count():  # filled with the first proposal shown
            self._fill_frequencies()
        self.lines.setHeaderLabels([_("Person"), _("Product"), _("Level"), _("Deductible"),
                                    _("Gross"), _("Instalment surcharge"), _("Net")])
        self.totals_box.setTitle(_("Totals by payment frequency"))
        self.dates_box.setTitle(_("Key dates"))
        self.offer_box.setTitle(_("Offer for the client"))
        set_label(self.offer_language_label, _("Lan&guage of the offer"))
        name_view(self.lines, _("Lines of the offer"))
        self.compare_deductibles.setText(_("Compare the deductibles of the basic insurance"))
        self.save_offer_button.setText(_("Save the &offer as PDF…"))
        if self.draft.persons:
            self._show()

    def _frequency_changed(self) -> None:
        self.draft.frequency = str(self.frequency.currentData())
        self._show()
        self.emit_changed()

    def show_draft(self, draft: ProposalDraft) -> None:
        holder = draft.policyholder
        language = holder.language if holder and holder.language in LANGUAGES else "fr"
        self.offer_language.setCurrentIndex(self.offer_language.findData(language))
        self.offer_message.hide()
        self.offer_error.show_message(None)
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
                item = QTreeWidgetItem([
                    names[person.key] if index == 0 else "",
                    line.label,
                    line.level or "",
                    format_chf(line.deductible) if line.deductible is not None else "",
                    format_chf(line.gross),
                    format_chf(line.surcharge) if line.surcharge else "",
                    format_chf(line.net),
                ])
                for column in (3, 4, 5, 6):
                    item.setTextAlignment(column, RIGHT)
                self.lines.addTopLevelItem(item)
                for reason, amount in line.discounts:  # each a detail under its line
                    detail = QTreeWidgetItem(["", reason, "", "", "−" + format_chf(amount)])
                    detail.setTextAlignment(4, RIGHT)
                    detail.setToolTip(1, reason)
                    item.addChild(detail)
                item.setExpanded(True)
            for gap in (m for m in quote.missing if m.person_key == person.key):
                item = QTreeWidgetItem([names[person.key] if not mine else "",
                                        f"{gap.label}: {_('not in the total')}", "", "", "–",
                                        "", "–"])
                for column in range(7):
                    item.setToolTip(column, gap.reason)
                    item.setForeground(column, QColor("#b00020"))
                item.setTextAlignment(4, RIGHT)
                item.setTextAlignment(6, RIGHT)
                self.lines.addTopLevelItem(item)
            if mine:
                total = QTreeWidgetItem(["", _("Subtotal %s") % names[person.key], "", "", "",
                                         "", format_chf(subtotal)])
                font = QFont(total.font(0))
                font.setBold(True)
                for column in range(7):
                    total.setFont(column, font)
                total.setTextAlignment(6, RIGHT)
                self.lines.addTopLevelItem(total)
        self._clear(self.totals)
        for code in pricing.frequencies:
            amount = quote.total if code == draft.frequency else pricing.quote(draft, code).total
            value = QLabel(format_chf(amount) if quote.complete else ngettext(
                "{amount}, without {count} premium", "{amount}, without {count} premiums",
                len(quote.missing)).format(amount=format_chf(amount), count=len(quote.missing)))
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
        notes = [*(m.reason for m in quote.missing), *quote.notes]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def save_offer(self) -> Path | None:
        """Render first, so a problem shows before the agent picks a file."""
        self.offer_message.hide()
        self.offer_error.show_message(None)
        language = str(self.offer_language.currentData())
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pdf = self.context.documents.offer_pdf(self.draft, language,
                                                   self.compare_deductibles.isChecked())
        except ValueError as error:
            self.offer_error.show_message(_("The offer could not be generated: %s") % error)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        name = self.draft.title
        suggested = _("Offer %s.pdf") % name if name else _("Offer.pdf")
        path = save_pdf_as(self, _("Save the offer"), suggested, pdf, self.offer_error)
        if path is None:
            return None
        self.offer_message.setText(_("Saved as %s.") % path)
        self.offer_message.show()
        return path

    @staticmethod
    def _clear(form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def save(self, draft: ProposalDraft) -> None:
        draft.frequency = str(self.frequency.currentData() or draft.frequency)
