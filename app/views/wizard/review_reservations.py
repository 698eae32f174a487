"""Step 5, reservations: what the answers suggest excluding, and the client's consent.

A reservation excludes a pre-existing condition from a product and needs the insured
person's written consent (CGC art. 8); refusing it drops that product (art. 8 al. 2).
The app only suggests: the agent may edit the wording, the insurer decides.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft, ReservationDraft
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, wrapping_label
from app.views.labels import RESERVATION_STATUSES, label
from app.views.validators import parse_date
from app.views.wizard.page import WizardPage

COLUMNS = ("person", "condition", "body_part", "products", "duration", "answer_by", "status",
           "origin")
STATUS, ORIGIN, ANSWER_BY = COLUMNS.index("status"), COLUMNS.index("origin"), \
    COLUMNS.index("answer_by")


class ReservationsPage(WizardPage):
    step = "reservations"
    title = N_("Reservations")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._reservations: list[ReservationDraft] = []
        self.intro = wrapping_label(self)
        self.remarks = wrapping_label(self)
        self.remarks.setObjectName("remarks")
        self.remarks.setStyleSheet("background: #fff6e0; padding: 8px; border-radius: 4px;")
        self.empty = wrapping_label(self)
        self.page_error = ErrorLabel(self)
        self.table = QTableWidget(self)
        self.table.setObjectName("reservations")
        self.table.setColumnCount(len(COLUMNS))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.remarks)
        layout.addWidget(self.page_error)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("A reservation excludes a condition the client already has from "
                             "the named products. It needs the client's consent; if the "
                             "client refuses it, those products are dropped from the "
                             "proposal (CGC art. 8)."))
        self.empty.setText(_("The answers suggest no reservation."))
        self.table.setHorizontalHeaderLabels([
            _("Person"), _("Condition excluded"), _("Body part"), _("Products"),
            _("Duration"), _("Answer by"), _("Client's consent"), _("Origin")])
        if self._reservations:
            self._store()
            self._fill()

    # --- page contract ------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        suggested = list(self.context.questionnaires.suggestions(draft))
        keys = {r.key for r in suggested}
        kept = [r for r in draft.reservations
                if r.origin != "suggested" or r.key in keys or r.status != "proposed"]
        known = {r.key for r in kept}
        self._reservations = kept + [r for r in suggested if r.key not in known]
        draft.reservations = list(self._reservations)
        notes = [f"{draft.person(key).full_name}: {text}"
                 for key, text in self.context.questionnaires.remarks(draft)]
        self.remarks.setText("\n".join(notes))
        self.remarks.setVisible(bool(notes))
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self._reservations))
        self.empty.setVisible(not self._reservations)
        self.table.setVisible(bool(self._reservations))
        for row, reservation in enumerate(self._reservations):
            try:
                person = self.draft.person(reservation.person_key).full_name
            except LookupError:
                person = ""
            self.table.setItem(row, 0, QTableWidgetItem(person))
            for column, value in ((1, reservation.condition), (2, reservation.body_part)):
                edit = QLineEdit(value)
                edit.setObjectName(f"{COLUMNS[column]}-{row}")
                edit.textEdited.connect(lambda _t: self.emit_changed())
                self.table.setCellWidget(row, column, edit)
            self.table.setItem(row, 3, QTableWidgetItem(", ".join(reservation.products)))
            duration = (_("until %s") % format_date(reservation.until) if reservation.until
                        else _("permanent"))
            self.table.setItem(row, 4, QTableWidgetItem(duration))
            due = QLineEdit(format_date(reservation.consent_due)
                            if reservation.consent_due else "")
            due.setObjectName(f"answer-by-{row}")
            due.setPlaceholderText("dd.mm.yyyy")
            due.setToolTip(_("The insurer's time limit for the client's answer (CGC art. 8)"))
            due.textEdited.connect(lambda _t: self.emit_changed())
            self.table.setCellWidget(row, ANSWER_BY, due)
            status = QComboBox()
            status.setObjectName(f"status-{row}")
            for code in RESERVATION_STATUSES:
                status.addItem(label(RESERVATION_STATUSES, code), code)
            status.setCurrentIndex(max(0, status.findData(reservation.status)))
            status.currentIndexChanged.connect(lambda _i: self.emit_changed())
            self.table.setCellWidget(row, STATUS, status)
            origin = _("decided by the insurer") if reservation.decided else \
                _("suggested by Propono") if reservation.origin == "suggested" else \
                _("entered by the agent")
            self.table.setItem(row, ORIGIN, QTableWidgetItem(origin))
        self.table.resizeRowsToContents()

    def _store(self) -> None:
        for row, reservation in enumerate(self._reservations):
            condition = self.table.cellWidget(row, 1)
            body = self.table.cellWidget(row, 2)
            status = self.table.cellWidget(row, STATUS)
            due = self.table.cellWidget(row, ANSWER_BY)
            if isinstance(due, QLineEdit):
                reservation.consent_due = parse_date(due.text())
            if isinstance(condition, QLineEdit):
                reservation.condition = condition.text().strip()
            if isinstance(body, QLineEdit):
                reservation.body_part = body.text().strip()
            if isinstance(status, QComboBox):
                reservation.status = str(status.currentData())

    def set_answer_by(self, row: int, text: str) -> None:
        edit = self.table.cellWidget(row, ANSWER_BY)
        assert isinstance(edit, QLineEdit)
        edit.setText(text)

    def set_status(self, row: int, status: str) -> None:
        combo = self.table.cellWidget(row, STATUS)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(status))

    @property
    def reservations(self) -> list[ReservationDraft]:
        return self._reservations

    def save(self, draft: ProposalDraft) -> None:
        self._store()
        draft.reservations = list(self._reservations)

    def clear_errors(self) -> None:
        self.page_error.show_message(None)

    def check(self) -> None:
        self.save(self.draft)
        problems = self.context.questionnaires.reservation_problems(self.draft)
        if problems:
            rows = {r.key: i for i, r in enumerate(self._reservations)}
            lines = []
            for key, message in problems.items():
                if key in rows:
                    self.table.selectRow(rows[key])
                lines.append(message)
            self.page_error.show_message("\n".join(lines))
            raise PageCheckError(problems)
        self.page_error.show_message(None)
