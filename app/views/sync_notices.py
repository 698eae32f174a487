"""After a sync, what the agent must look at (issue 7): badges in the status bar, each
opening its dialog, shown only while something waits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QStatusBar

from app.i18n import _, ngettext
from app.services.application.ports import Repricings, SyncConflicts

NOTICE_STYLE = "QPushButton { color: #8a4b00; font-weight: bold; padding: 0 6px; }"


def _notice(status: QStatusBar, name: str, opens: Callable[[], None]) -> QPushButton:
    notice = QPushButton(status)
    notice.setObjectName(name)
    notice.setFlat(True)
    notice.setStyleSheet(NOTICE_STYLE)
    notice.clicked.connect(opens)
    notice.hide()
    status.insertPermanentWidget(0, notice)
    return notice


class SyncNotices:
    """The conflicts to resolve and the repriced offers to review, as two flat buttons."""

    def __init__(self, status: QStatusBar, resolve_conflicts: Callable[[], None],
                 review_repricing: Callable[[], None]) -> None:
        self.conflicts = _notice(status, "conflicts_notice", resolve_conflicts)
        self.repricing = _notice(status, "repricing_notice", review_repricing)
        self._open_conflicts = self._unreviewed = 0

    def update(self, conflicts: SyncConflicts | None, repricings: Repricings | None) -> None:
        """Count what waits (cheap local reads) and show it."""
        self._open_conflicts = conflicts.count() if conflicts is not None else 0
        self._unreviewed = repricings.count() if repricings is not None else 0
        self.retranslate()

    def retranslate(self) -> None:
        n = self._open_conflicts
        self.conflicts.setText(
            "⚠ " + ngettext("%d conflict to resolve", "%d conflicts to resolve", n) % n)
        self.conflicts.setToolTip(_("Both you and the insurer changed the same details: "
                                    "choose which value to keep"))
        self.conflicts.setVisible(n > 0)
        n = self._unreviewed
        self.repricing.setText(
            "⚠ " + ngettext("%d repriced offer to review", "%d repriced offers to review", n) % n)
        self.repricing.setToolTip(_("A newer tariff changed the premiums of unsigned "
                                    "offers: review them before sending anything"))
        self.repricing.setVisible(n > 0)
