"""Step 9, follow-up: what became of the proposal after the signature.

The status and its key dates, the insurer's decision per person and product with the
policy number, the reservations waiting for the client's written consent (CGC art. 8), and
the client's revocation (LCA art. 2a). Every answer and every date comes from the services
(`FollowUps`): they decide what may still be recorded, and say why not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import ConsentLine, FollowUp, FollowUpError
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, form_layout, wrapping_label
from app.views.labels import RESERVATION_STATUSES, STATUSES, label
from app.views.wizard.consent_declaration import ConsentDeclarationDialog
from app.views.wizard.page import WizardPage
from app.views.wizard.record_date import RecordDateDialog

# The insurer's decision on one product (app.services.proposals.lifecycle.ItemStatus).
DECISIONS: dict[str, str] = {
    "proposed": N_("Not decided yet"),
    "accepted": N_("Accepted by the insurer"),
    "accepted_with_reservations": N_("Accepted by the insurer with reservations"),
    "refused": N_("Refused by the insurer"),
    "dropped": N_("Dropped: the client refused the reservation"),
}
FACTS = ("status", "signed_on", "revocation", "submitted_on", "decided_on", "policy_number")


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _table(parent: QWidget, name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
    return table


class FollowUpPage(WizardPage):
    step = "followup"
    title = N_("Follow-up")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.summary: FollowUp | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self.intro = wrapping_label(self)
        self.nothing = wrapping_label(self)
        self.nothing.setObjectName("nothingYet")
        self.error = ErrorLabel(self)
        self.message = wrapping_label(self)
        self.message.setObjectName("followUpMessage")

        self.facts_box = QGroupBox(self)
        facts = form_layout()
        self.fact_labels: dict[str, QLabel] = {}
        self.facts: dict[str, QLabel] = {}
        for name in FACTS:
            caption, value = QLabel(self.facts_box), QLabel(self.facts_box)
            value.setObjectName(f"fact-{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[name], self.facts[name] = caption, value
            facts.addRow(caption, value)
        self.history = wrapping_label(self.facts_box)
        self.history.setObjectName("history")
        facts_layout = QVBoxLayout(self.facts_box)
        facts_layout.addLayout(facts)
        facts_layout.addWidget(self.history)

        self.decision_box = QGroupBox(self)
        self.no_decision = wrapping_label(self.decision_box)
        self.decisions = _table(self.decision_box, "decisions", 3)
        self.decisions.setWordWrap(False)  # short texts: one line each
        decision_layout = QVBoxLayout(self.decision_box)
        decision_layout.addWidget(self.no_decision)
        decision_layout.addWidget(self.decisions)

        self.reservations_box = QGroupBox(self)
        self.reservations_intro = wrapping_label(self.reservations_box)
        self.reservations = _table(self.reservations_box, "consents", 6)
        header = self.reservations.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the wording wraps
        self.consent_button = QPushButton(self.reservations_box)
        self.consent_button.setObjectName("consentButton")
        self.refuse_button = QPushButton(self.reservations_box)
        self.refuse_button.setObjectName("refuseButton")
        self.declaration_button = QPushButton(self.reservations_box)
        self.declaration_button.setObjectName("declarationButton")
        answer = QHBoxLayout()
        answer.addWidget(self.consent_button)
        answer.addWidget(self.refuse_button)
        answer.addStretch(1)
        answer.addWidget(self.declaration_button)
        reservations_layout = QVBoxLayout(self.reservations_box)
        reservations_layout.addWidget(self.reservations_intro)
        reservations_layout.addWidget(self.reservations)
        reservations_layout.addLayout(answer)

        self.revocation_box = QGroupBox(self)
        self.revocation_text = wrapping_label(self.revocation_box)
        self.revocation_text.setObjectName("revocationText")
        self.revoke_button = QPushButton(self.revocation_box)
        self.revoke_button.setObjectName("revokeButton")
        revoke_row = QHBoxLayout()
        revoke_row.addWidget(self.revoke_button)
        revoke_row.addStretch(1)
        revocation_layout = QVBoxLayout(self.revocation_box)
        revocation_layout.addWidget(self.revocation_text)
        revocation_layout.addLayout(revoke_row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.nothing)
        layout.addWidget(self.error)
        layout.addWidget(self.facts_box)
        layout.addWidget(self.decision_box)
        layout.addWidget(self.reservations_box)
        layout.addWidget(self.revocation_box)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.reservations.itemSelectionChanged.connect(self._enable_answers)
        self.consent_button.clicked.connect(lambda: self.ask_answer(True))
        self.refuse_button.clicked.connect(lambda: self.ask_answer(False))
        self.declaration_button.clicked.connect(self.show_declaration)
        self.revoke_button.clicked.connect(self.ask_revocation)
        self.retranslate()
        self._show_summary(None)

    def set_read_only(self, read_only: bool) -> None:
        """Nothing here edits the frozen proposal: the services decide what may be recorded."""

    # --- language -----------------------------------------------------------------

    def retranslate(self) -> None:
        self.intro.setText(_("What became of the proposal after the signature: the insurer's "
                             "decision, the client's answer to reservations, the revocation."))
        self.nothing.setText(_("Nothing to follow up yet: the proposal has not been signed."))
        self.facts_box.setTitle(_("Status"))
        for name, text in zip(FACTS, (_("Status"), _("Signed on"), _("Revocation until"),
                                      _("Submitted to the insurer"), _("Insurer's decision"),
                                      _("Policy number")), strict=True):
            self.fact_labels[name].setText(text)
        self.decision_box.setTitle(_("The insurer's decision"))
        self.no_decision.setText(_("The insurer has not decided yet."))
        self.decisions.setHorizontalHeaderLabels([_("Person"), _("Product"), _("Decision")])
        self.reservations_box.setTitle(_("Reservations: the client's consent"))
        self.reservations_intro.setText(_(
            "A reservation excludes a condition from a product's cover. The insured person "
            "consents to it in writing; if they refuse, that product is dropped and the others "
            "go on (CGC art. 8 al. 2)."))
        self.reservations.setHorizontalHeaderLabels([
            _("Person"), _("Condition excluded"), _("Products"), _("Duration"), _("Answer by"),
            _("Client's consent")])
        self.consent_button.setText(_("Client c&onsents…"))
        self.refuse_button.setText(_("Client &refuses…"))
        self.declaration_button.setText(_("Consent &declaration…"))
        self.revocation_box.setTitle(_("Revocation"))
        self.revoke_button.setText(_("Record the revocat&ion…"))
        self._show_summary(self.summary)

    # --- page contract ------------------------------------------------------------

    def show_draft(self, draft: ProposalDraft) -> None:
        self.message.setText("")
        self.error.show_message(None)
        summary = None
        if self.context.follow_ups is not None and draft.stored:
            try:
                summary = self.context.follow_ups.follow_up(draft.id)
            except (FollowUpError, LookupError, ValueError) as error:
                self.error.show_message(str(error))
        self._show_summary(summary)

    def _show_summary(self, summary: FollowUp | None) -> None:
        self.summary = summary
        started = summary is not None and summary.signed_on is not None
        self.nothing.setVisible(not started and not self.error.text())
        for box in (self.facts_box, self.decision_box, self.reservations_box,
                    self.revocation_box):
            box.setVisible(started)
        if summary is None or not started:
            return
        self._show_facts(summary)
        self._show_decisions(summary)
        self._show_reservations(summary)
        self._show_revocation(summary)

    def _show_facts(self, summary: FollowUp) -> None:
        def day(value: date | None) -> str:
            return format_date(value) if value else "–"

        self.facts["status"].setText(label(STATUSES, summary.status))
        self.facts["signed_on"].setText(day(summary.signed_on))
        self.facts["revocation"].setText(
            "–" if summary.revocation_until is None else
            (_("%s (still open)") if summary.revocation_open else _("%s (closed)"))
            % format_date(summary.revocation_until))
        self.facts["submitted_on"].setText(day(summary.submitted_on))
        self.facts["decided_on"].setText(day(summary.decided_on))
        self.facts["policy_number"].setText(summary.policy_number or "–")
        self.history.setText(_("History: %s") % " · ".join(
            f"{format_date(when)} {label(STATUSES, status)}" for when, status in summary.history)
            if summary.history else "")
        self.history.setVisible(bool(summary.history))

    def _show_decisions(self, summary: FollowUp) -> None:
        decided = summary.decided_on is not None
        self.no_decision.setVisible(not decided)
        self.decisions.setVisible(decided)
        self.decisions.setRowCount(len(summary.decisions))
        for row, line in enumerate(summary.decisions):
            for column, text in enumerate((line.person, line.product,
                                           label(DECISIONS, line.decision))):
                self.decisions.setItem(row, column, _item(text))
        self.decisions.resizeRowsToContents()

    def _show_reservations(self, summary: FollowUp) -> None:
        lines = summary.reservations
        self.reservations_box.setVisible(bool(lines))
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
                self.reservations.setItem(row, column, _item(text))
        self.reservations.resizeRowsToContents()
        awaiting = [row for row, line in enumerate(lines) if line.awaiting]
        self.declaration_button.setEnabled(bool(awaiting))
        if awaiting and self.selected_line() is None:
            self.reservations.selectRow(awaiting[0])
        self._enable_answers()

    def _show_revocation(self, summary: FollowUp) -> None:
        self.revoke_button.setEnabled(summary.revocation_recordable)
        if summary.revocation_open and summary.revocation_until:
            self.revocation_text.setText(_(
                "The client may revoke the proposal in writing (a letter, an e-mail) sent by "
                "%s at the latest (LCA art. 2a). Record the revocation once it has arrived.")
                % format_date(summary.revocation_until))
        elif summary.revocation_recordable and summary.revocation_until:
            self.revocation_text.setText(summary.revocation_reason + " " + _(
                "A revocation sent by %s at the latest that arrives only now can still be "
                "recorded.") % format_date(summary.revocation_until))
        else:
            self.revocation_text.setText(summary.revocation_reason)

    # --- the client's answer to a reservation -------------------------------------

    def selected_line(self) -> ConsentLine | None:
        if self.summary is None:
            return None
        rows = {index.row() for index in self.reservations.selectionModel().selectedRows()}
        lines = self.summary.reservations
        return next((lines[row] for row in sorted(rows) if row < len(lines)), None)

    def _enable_answers(self) -> None:
        line = self.selected_line()
        awaiting = line is not None and line.awaiting
        self.consent_button.setEnabled(awaiting)
        self.refuse_button.setEnabled(awaiting)

    def select_reservation(self, key: str) -> None:
        assert self.summary is not None
        keys = [line.key for line in self.summary.reservations]
        self.reservations.selectRow(keys.index(key))

    def ask_answer(self, consented: bool) -> RecordDateDialog | None:
        line = self.selected_line()
        follow_ups = self.context.follow_ups
        if line is None or not line.awaiting or follow_ups is None:
            return None
        values = {"person": line.person, "wording": line.wording,
                  "products": ", ".join(line.products)}
        if consented:
            title = _("The client consents to the reservation")
            text = _("%(person)s consents in writing to the reservation “%(wording)s” on "
                     "%(products)s. Enter the date of the signed declaration.") % values
            confirm = _("Record the consent")
        else:
            title = _("The client refuses the reservation")
            text = _("%(person)s refuses the reservation “%(wording)s”. The products "
                     "concerned are then dropped from the proposal: %(products)s. The other "
                     "products go on (CGC art. 8 al. 2). This cannot be undone.") % values
            confirm = _("Record the refusal")
        proposal_id = self.draft.id
        dialog = RecordDateDialog(
            title, text, _("Date of the client's answer"), confirm, self.context.today(),
            lambda day: self._apply(lambda: follow_ups.record_answer(
                proposal_id, line.key, consented, day)), self)
        self._open(dialog)
        return dialog

    # --- the revocation -----------------------------------------------------------

    def ask_revocation(self) -> RecordDateDialog | None:
        follow_ups = self.context.follow_ups
        if follow_ups is None or self.summary is None or \
                not self.summary.revocation_recordable:
            return None
        proposal_id = self.draft.id
        dialog = RecordDateDialog(
            _("Record the revocation"),
            _("The client revokes the proposal (LCA art. 2a): it ends for every person and "
              "product, and whatever was paid is refunded. This cannot be undone. Enter the "
              "date the client sent the revocation."),
            _("Sent on"), _("Record the revocation"), self.context.today(),
            lambda day: self._apply(lambda: follow_ups.revoke(proposal_id, day)), self)
        self._open(dialog)
        return dialog

    # --- the consent declaration --------------------------------------------------

    def show_declaration(self) -> ConsentDeclarationDialog | None:
        follow_ups = self.context.follow_ups
        if follow_ups is None or self.summary is None:
            return None
        awaiting = [line for line in self.summary.reservations if line.awaiting]
        if not awaiting:
            return None
        dialog = ConsentDeclarationDialog(
            follow_ups, self.draft, any(line.answer_by is None for line in awaiting), self)
        dialog.changed.connect(self._refreshed)
        self._open(dialog)
        return dialog

    # --- after a move -------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        """Window-modal, without blocking the event loop. The previous dialog, long closed,
        goes now: not on closing, while its PDF view may still be rendering pages."""
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()

    def _apply(self, move: Callable[[], FollowUp]) -> str | None:
        """Run a move of the services; their refusal as a sentence, or None when done."""
        try:
            summary = move()
        except FollowUpError as error:
            return str(error)
        self._refreshed(summary)
        return None

    def _refreshed(self, summary: object) -> None:
        if not isinstance(summary, FollowUp):
            return
        self.reservations.clearSelection()
        self._show_summary(summary)
        self.message.setText(_("Recorded. The proposal is now: %s.")
                             % label(STATUSES, summary.status))
        self.draft.status = summary.status
        states = {line.key: line.status for line in summary.reservations}
        for reservation in self.draft.reservations:
            reservation.status = states.get(reservation.key, reservation.status)
        self.emit_changed()  # the wizard saves where it was and shows the new status
