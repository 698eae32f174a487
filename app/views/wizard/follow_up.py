"""Step 9, follow-up: what became of the proposal after the signature.

The status and its key dates, the insurer's decision per person and product with the
policy number, the reservations waiting for the client's written consent (CGC art. 8), and
the client's revocation (LCA art. 2a). Every answer and every date comes from the services
(`FollowUps`): they decide what may still be recorded, and say why not. Each box is its
own widget (status_facts, decision_table, reservation_consents, revocation_panel); the page
fills them and opens the dialogs that record the client's moves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import ConsentLine, FollowUp, FollowUpError
from app.views.context import AppContext
from app.views.forms import ErrorLabel, wrapping_label
from app.views.labels import STATUSES, label
from app.views.wizard.consent_declaration import ConsentDeclarationDialog
from app.views.wizard.decision_table import DecisionTable
from app.views.wizard.page import WizardPage
from app.views.wizard.record_date import RecordDateDialog
from app.views.wizard.reservation_consents import ReservationConsents
from app.views.wizard.revocation_panel import RevocationPanel
from app.views.wizard.status_facts import StatusFacts


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
        # One box per section, created in this order: it is the tab order.
        self.facts_box = StatusFacts(self)
        self.decision_box = DecisionTable(self)
        self.reservations_box = ReservationConsents(self)
        self.revocation_box = RevocationPanel(self)
        # The sections' widgets, reachable on the page as before (tests, screenshots).
        self.fact_labels, self.facts = self.facts_box.fact_labels, self.facts_box.facts
        self.history = self.facts_box.history
        self.no_decision = self.decision_box.no_decision
        self.decisions = self.decision_box.decisions
        self.reservations_intro = self.reservations_box.reservations_intro
        self.reservations = self.reservations_box.reservations
        self.consent_button = self.reservations_box.consent_button
        self.refuse_button = self.reservations_box.refuse_button
        self.declaration_button = self.reservations_box.declaration_button
        self.revocation_text = self.revocation_box.revocation_text
        self.revoke_button = self.revocation_box.revoke_button

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
        for box in (self.facts_box, self.decision_box, self.reservations_box,
                    self.revocation_box):
            box.retranslate()
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
        self.reservations_box.lines = summary.reservations if summary is not None else ()
        started = summary is not None and summary.signed_on is not None
        self.nothing.setVisible(not started and not self.error.text())
        for box in (self.facts_box, self.decision_box, self.reservations_box,
                    self.revocation_box):
            box.setVisible(started)
        if summary is None or not started:
            return
        self.facts_box.show_summary(summary)
        self.decision_box.show_summary(summary)
        self.reservations_box.show_lines(summary.reservations)
        self.revocation_box.show_summary(summary)

    # --- the client's answer to a reservation -------------------------------------

    def selected_line(self) -> ConsentLine | None:
        return self.reservations_box.selected_line()

    def select_reservation(self, key: str) -> None:
        assert self.summary is not None
        self.reservations_box.select_reservation(key)

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
