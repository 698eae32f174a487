"""Stale offers (issue 7): a sync brought a newer tariff and the unsigned offers were priced
again; before sending anything the agent sees, per person and product, the monthly premium
before and after, and marks each offer reviewed.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import RepricedOffer, Repricings, ReviewError
from app.services.formatting import format_chf
from app.views.forms import name_view

WHO, PRODUCT, OLD, NEW, DIFFERENCE, ACTION = range(6)
AMOUNTS = (OLD, NEW, DIFFERENCE)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def chf_or_dash(amount: Decimal | None) -> str:
    return "–" if amount is None else format_chf(amount)


def signed_chf(amount: Decimal) -> str:
    """A difference: "CHF +12.30", "CHF -5.00", "CHF 0.00"."""
    text = format_chf(amount)
    return text.replace("CHF ", "CHF +") if amount > 0 else text


class ReviewRepricingDialog(QDialog):
    changed = Signal()  # after an offer was marked reviewed

    def __init__(self, repricings: Repricings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_repricing")
        self._repricings = repricings
        self._offers: list[RepricedOffer] = []
        self._buttons: dict[str, QPushButton] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("repriced_offers")
        self.tree.setColumnCount(6)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons take the focus
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setObjectName("no_repricing")
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumSize(940, 420)
        self._offers = list(repricings.unreviewed())
        self.retranslate()

    def reload(self) -> None:
        self._offers = list(self._repricings.unreviewed())
        self._fill()

    @property
    def listed(self) -> list[str]:
        return [offer.id for offer in self._offers]

    def rows(self) -> list[list[str]]:
        """The texts shown, offer by offer then line by line (for tests and screenshots)."""
        found = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            assert top is not None
            for item in [top, *self._children(top)]:
                found.append([item.text(c) for c in range(ACTION)])
        return found

    @staticmethod
    def _children(top: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [child for i in range(top.childCount()) if (child := top.child(i)) is not None]

    def reviewed_button(self, repricing_id: str) -> QPushButton:
        return self._buttons[repricing_id]

    def _fill(self) -> None:
        self.tree.clear()
        self._buttons.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for offer in self._offers:
            top = QTreeWidgetItem([
                offer.client or _("(no name yet)"),
                _("Tariff %(new)s (was %(old)s)") % {"new": offer.new_tariff,
                                                       "old": offer.old_tariff},
                "", _("Total"), signed_chf(offer.total_difference), ""])
            for column in range(ACTION):
                top.setFont(column, bold)
            self.tree.addTopLevelItem(top)
            for line in offer.lines:
                top.addChild(QTreeWidgetItem([line.person, line.product,
                                              chf_or_dash(line.old), chf_or_dash(line.new),
                                              signed_chf(line.difference), ""]))
            for item in [top, *self._children(top)]:
                for column in AMOUNTS:
                    item.setTextAlignment(column, RIGHT)
            top.setExpanded(True)
            button = QPushButton(_("Reviewed"), self.tree)
            button.setObjectName(f"reviewed_{offer.id}")
            button.setToolTip(_("I have seen the new premiums of this offer"))
            button.clicked.connect(lambda _checked=False, o=offer.id: self.acknowledge(o))
            self.tree.setItemWidget(top, ACTION, button)
            self._buttons[offer.id] = button
        self.tree.setVisible(bool(self._offers))
        self.empty.setVisible(not self._offers)

    def acknowledge(self, repricing_id: str) -> None:
        # A local write of one row: quick, on the interface thread like the wizard's saves.
        try:
            self._repricings.acknowledge(repricing_id)
        except ReviewError as error:
            self.message.setText(str(error))
            self.message.show()
        else:
            self.message.hide()
        self.reload()
        self.changed.emit()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Review repriced offers"))
        name_view(self.tree, _("Repriced offers"))
        self.intro.setText(_("A newer tariff arrived with the last sync and these unsigned "
                             "offers were priced again. Monthly premiums before and after, "
                             "per person and product: review them before sending anything "
                             "to the client."))
        self.tree.setHeaderLabels([_("Client or person"), _("Product"), _("Before"),
                                   _("After"), _("Difference"), ""])
        self.empty.setText(_("No repriced offer to review."))
        self._fill()
