"""The follow-up step's reservations box: each reservation, the client's answer to it
(CGC art. 8) and the buttons that record it or print the consent declaration."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import ConsentLine
from app.services.formatting import format_date
from app.views.forms import name_view, wrapping_label
from app.views.labels import RESERVATION_STATUSES, label
from app.views.wizard.read_only_table import cell, read_only_table


class ReservationConsents(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The lines of the page's summary, shown or not: what a selected row stands for.
        self.lines: Sequence[ConsentLine] = ()
        self.reservations_intro = wrapping_label(self)
        self.reservations = read_only_table(self, "consents", 6)
        header = self.reservations.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the wording wraps
        self.consent_button = QPushButton(self)
        self.consent_button.setObjectName("consentButton")
        self.refuse_button = QPushButton(self)
        self.refuse_button.setObjectName("refuseButton")
        self.declaration_button = QPushButton(self)
        self.declaration_button.setObjectName("declarationButton")
        answer = QHBoxLayout()
        answer.addWidget(self.consent_button)
        answer.addWidget(self.refuse_button)
        answer.addStretch(1)
        answer.addWidget(self.declaration_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reservations_intro)
        layout.addWidget(self.reservations)
        layout.addLayout(answer)
        self.reservations.itemSelectionChanged.connect(self.enable_answers)

    def retranslate(self) -> None:
        self.setTitle(_("Reservations: the client's consent"))
        self.reservations_intro.setText(_(
            "A reservation excludes a condition from a product's cover. The insured person "
            "consents to it in writing; if they refuse, that product is dropped and the others "
            "go on (CGC art. 8 al. 2)."))
        self.reservations.setHorizontalHeaderLabels([
            _("Person"), _("Condition excluded"), _("Products"), _("Duration"), _("Answer by"),
            _("Client's consent")])
        name_view(self.reservations, _("Reservations: the client's consent"))
        self.consent_button.setText(_("Client c&onsents…"))
        self.refuse_button.setText(_("Client &refuses…"))
        self.declaration_button.setText(_("Consent &declaration…"))

    def show_lines(self, lines: Sequence[ConsentLine]) -> None:
        self.lines = lines
        self.setVisible(bool(lines))
        self.reservations.setRowCount(len(lines))
        for row, line in enumerate(lines):
            answer = label(RESERVATION_STATUSES, line.status)
            if line.answered_on:
                answer = _("%(answer)s on %(day)s") % {"answer": answer,
                                                      "day": format_date(line.answered_on)}
            origin = _("decided by the insurer") if line.decided else \
                _("suggested by Propono") if line.origin == "suggested" else \
                _("entered by the agent")
            for column, text in enumerate((
                    line.person, f"{line.wording}\n({origin})", "\n".join(line.products),
                    _("until %s") % format_date(line.until) if line.until else _("permanent"),
                    format_date(line.answer_by) if line.answer_by else "–", answer)):
                self.reservations.setItem(row, column, cell(text))
        self.reservations.resizeRowsToContents()
        awaiting = [row for row, line in enumerate(lines) if line.awaiting]
        self.declaration_button.setEnabled(bool(awaiting))
        if awaiting and self.selected_line() is None:
            self.reservations.selectRow(awaiting[0])
        self.enable_answers()

    def selected_line(self) -> ConsentLine | None:
        rows = {index.row() for index in self.reservations.selectionModel().selectedRows()}
        return next((self.lines[row] for row in sorted(rows) if row < len(self.lines)), None)

    def enable_answers(self) -> None:
        line = self.selected_line()
        awaiting = line is not None and line.awaiting
        self.consent_button.setEnabled(awaiting)
        self.refuse_button.setEnabled(awaiting)

    def select_reservation(self, key: str) -> None:
        keys = [line.key for line in self.lines]
        self.reservations.selectRow(keys.index(key))
