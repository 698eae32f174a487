"""The follow-up step's "The insurer's decision" box: one row per person and product."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from app.i18n import N_, _
from app.services.application.ports import FollowUp
from app.views.forms import name_view, wrapping_label
from app.views.labels import label
from app.views.wizard.read_only_table import cell, read_only_table

# The insurer's decision on one product (app.services.proposals.lifecycle.ItemStatus).
DECISIONS: dict[str, str] = {
    "proposed": N_("Not decided yet"),
    "accepted": N_("Accepted by the insurer"),
    "accepted_with_reservations": N_("Accepted by the insurer with reservations"),
    "refused": N_("Refused by the insurer"),
    "dropped": N_("Dropped: the client refused the reservation"),
}


class DecisionTable(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.no_decision = wrapping_label(self)
        self.decisions = read_only_table(self, "decisions", 3)
        self.decisions.setWordWrap(False)  # short texts: one line each
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_decision)
        layout.addWidget(self.decisions)

    def retranslate(self) -> None:
        self.setTitle(_("The insurer's decision"))
        self.no_decision.setText(_("The insurer has not decided yet."))
        self.decisions.setHorizontalHeaderLabels([_("Person"), _("Product"), _("Decision")])
        name_view(self.decisions, _("The insurer's decision"))

    def show_summary(self, summary: FollowUp) -> None:
        decided = summary.decided_on is not None
        self.no_decision.setVisible(not decided)
        self.decisions.setVisible(decided)
        self.decisions.setRowCount(len(summary.decisions))
        for row, line in enumerate(summary.decisions):
            for column, text in enumerate((line.person, line.product,
                                           label(DECISIONS, line.decision))):
                self.decisions.setItem(row, column, cell(text))
        self.decisions.resizeRowsToContents()
