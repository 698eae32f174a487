"""The follow-up step's "Status" box: the proposal's state, its key dates and its history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.i18n import _
from app.services.application.ports import FollowUp
from app.services.formatting import format_date
from app.views.forms import form_layout, wrapping_label
from app.views.labels import STATUSES, label

FACTS = ("status", "signed_on", "revocation", "submitted_on", "decided_on", "policy_number")


class StatusFacts(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        facts = form_layout()
        self.fact_labels: dict[str, QLabel] = {}
        self.facts: dict[str, QLabel] = {}
        for name in FACTS:
            caption, value = QLabel(self), QLabel(self)
            value.setObjectName(f"fact-{name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[name], self.facts[name] = caption, value
            facts.addRow(caption, value)
        self.history = wrapping_label(self)
        self.history.setObjectName("history")
        layout = QVBoxLayout(self)
        layout.addLayout(facts)
        layout.addWidget(self.history)

    def retranslate(self) -> None:
        self.setTitle(_("Status"))
        for name, text in zip(FACTS, (_("Status"), _("Signed on"), _("Revocation until"),
                                      _("Submitted to the insurer"), _("Insurer's decision"),
                                      _("Policy number")), strict=True):
            self.fact_labels[name].setText(text)

    def show_summary(self, summary: FollowUp) -> None:
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
