"""Step 5, reservations: what the answers suggest excluding, and the client's consent.

A reservation excludes a pre-existing condition from a product and needs the insured
person's written consent (CGC art. 8); refusing it drops that product (art. 8 al. 2).
The app only suggests: the agent may edit the wording, or record a reservation by hand
(reservation_dialog.py), the insurer decides. Products whose answers go to the insurer's
medical officer are said in one statement with the reservations (issue 15, item 12).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, ngettext
from app.services.application.draft import ProposalDraft, ReservationDraft
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, wrapping_label
from app.views.labels import RESERVATION_STATUSES, label
from app.views.validators import parse_date
from app.views.wizard.page import WizardPage
from app.views.wizard.reservation_dialog import ReservationDialog, and_list, reservable_persons

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
        self._referrals: list[tuple[str, Sequence[str], Sequence[str]]] = []
        self.intro = wrapping_label(self)
        self.remarks = wrapping_label(self)
        self.remarks.setObjectName("remarks")
        self.remarks.setStyleSheet("background: #fff6e0; padding: 8px; border-radius: 4px;")
        self.notes = wrapping_label(self)
        self.notes.setObjectName("notes")
        self.empty = wrapping_label(self)
        self.page_error = ErrorLabel(self)
        self.dialog: ReservationDialog | None = None
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addReservation")
        self.edit_button = QPushButton(self)
        self.edit_button.setObjectName("editReservation")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeReservation")
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._open(self._selected()))
        self.remove_button.clicked.connect(self._remove)
        self.table = QTableWidget(self)
        self.table.setObjectName("reservations")
        self.table.setColumnCount(len(COLUMNS))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.remarks)
        layout.addWidget(self.notes)
        layout.addWidget(self.page_error)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.filler = QWidget(self)  # takes the room while there is no table
        layout.addWidget(self.filler, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(_("A reservation excludes a condition the client already has from "
                             "the named products. It needs the client's consent; if the "
                             "client refuses it, those products are dropped from the "
                             "proposal (CGC art. 8)."))
        self.empty.setText(_("The answers suggest no reservation."))
        self.add_button.setText(_("Add a reservation…"))
        self.edit_button.setText(_("Change…"))
        self.remove_button.setText(_("Remove"))
        self.remove_button.setToolTip(_("Only a reservation entered by the agent and not yet "
                                        "put to the client can be removed."))
        self.table.setHorizontalHeaderLabels([
            _("Person"), _("Condition excluded"), _("Body part"), _("Products"),
            _("Duration"), _("Answer by"), _("Client's consent"), _("Origin")])
        if self._reservations or self._referrals:  # the reasons come in the new language
            self.save(self.draft)
            self.show_draft(self.draft)

    # --- page contract ------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        suggested = list(self.context.questionnaires.suggestions(draft))
        keys = {r.key for r in suggested}
        kept = [r for r in draft.reservations
                if r.origin != "suggested" or r.key in keys or r.status != "proposed"]
        known = {r.key for r in kept}
        self._reservations = kept + [r for r in suggested if r.key not in known]
        draft.reservations = list(self._reservations)
        self._referrals = [(draft.person(r.person_key).full_name, r.products, r.reasons)
                           for r in self.context.questionnaires.referrals(draft)]
        notes = [f"{draft.person(key).full_name}: {text}"
                 for key, text in self.context.questionnaires.remarks(draft)]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self._fill()

    def _statement(self) -> str:
        """One statement: whether a reservation is suggested, and what goes to the medical
        officer ("No reservation is suggested." above "HC and SC go to ...", never "no
        reservation" beside "referral" as two unrelated remarks)."""
        lines = [] if self._reservations or not self._referrals else [
            _("No reservation is suggested.")]
        for name, products, reasons in self._referrals:
            lines.append(" ".join([ngettext(
                "%(person)s: %(products)s goes to the insurer's medical officer, who decides.",
                "%(person)s: %(products)s go to the insurer's medical officer, who decides.",
                len(products)) % {"person": name, "products": and_list(products)}, *reasons]))
        return "\n".join(lines)

    def _fill(self) -> None:
        self.table.setRowCount(len(self._reservations))
        statement = self._statement()
        self.remarks.setText(statement)
        self.remarks.setVisible(bool(statement))
        self.empty.setVisible(not self._reservations and not statement)
        self.table.setVisible(bool(self._reservations))
        self.filler.setVisible(not self._reservations)
        for row, reservation in enumerate(self._reservations):
            try:
                person = self.draft.person(reservation.person_key).full_name
            except LookupError:
                person = ""
            self.table.setItem(row, 0, QTableWidgetItem(person))
            for column, value in ((1, reservation.condition), (2, reservation.body_part)):
                edit = QLineEdit(value)
                edit.setCursorPosition(0)  # a long wording shows its beginning
                edit.setToolTip(value)
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
            due.setPlaceholderText(_("dd.mm.yyyy"))
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
        self._enable()

    # --- a reservation by hand ------------------------------------------------------

    def _selected(self) -> ReservationDraft | None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}) or \
            ([self.table.currentRow()] if self.table.currentRow() >= 0 else [])
        return self._reservations[rows[0]] if rows and rows[0] < len(self._reservations) \
            else None

    def _enable(self) -> None:
        """Reworded or removed only before the client is asked (reservations.reword)."""
        self.add_button.setEnabled(self.editable and bool(reservable_persons(self.draft)))
        chosen = self._selected()
        status = self.table.cellWidget(self._reservations.index(chosen), STATUS) \
            if chosen is not None else None
        open_ = chosen is not None and not chosen.decided and isinstance(status, QComboBox) \
            and status.currentData() == "proposed"
        self.edit_button.setEnabled(self.editable and open_)
        self.remove_button.setEnabled(self.editable and open_ and chosen is not None
                                      and chosen.origin == "agent")

    @property
    def editable(self) -> bool:
        return self.draft.editable

    def _open(self, reservation: ReservationDraft | None) -> None:
        self._store()
        self.dialog = ReservationDialog(self.context, self.draft,
                                        reservable_persons(self.draft), reservation, self)
        self.dialog.accepted.connect(lambda: self._entered(reservation))
        self.dialog.open()

    def _entered(self, before: ReservationDraft | None) -> None:
        assert self.dialog is not None
        entered = self.dialog.result_reservation
        if entered is None:
            return
        if before is None:
            self._reservations.append(entered)
        else:
            self._reservations[self._reservations.index(before)] = entered
        self.draft.reservations = list(self._reservations)
        self._fill()
        self.table.selectRow(self._reservations.index(entered))
        self.emit_changed()

    def _remove(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        self._store()
        self._reservations.remove(chosen)
        self.draft.reservations = list(self._reservations)
        self._fill()
        self.emit_changed()

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

