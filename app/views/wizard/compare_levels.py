"""The levels of one product side by side, with this person's premium for each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.draft import PersonDraft, ProposalDraft
from app.services.application.ports import ProductInfo
from app.services.formatting import format_chf
from app.views.context import AppContext
from app.views.forms import name_view


class CompareLevelsDialog(QDialog):
    def __init__(self, context: AppContext, draft: ProposalDraft, person: PersonDraft,
                 product: ProductInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = draft
        self.person = person
        self.product = product
        self.chosen_level: str | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setObjectName("comparison")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(self)
        self.choose = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 620)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Compare levels"))
        name_view(self.table, _("Compare levels"))
        self.heading.setText(_("%(product)s for %(person)s: the levels side by side.")
                             % {"product": self.product.name, "person": self.person.full_name})
        self.choose.setText(_("C&hoose the selected level"))
        self._fill()

    def _fill(self) -> None:
        levels = self.product.levels
        features = list(self.context.catalogue.level_features(self.product.code))
        self.table.clear()
        self.table.setColumnCount(len(levels))
        self.table.setRowCount(len(features) + 3)
        # short headings ("DP2"); the level's full name is the first row, wrapped
        self.table.setHorizontalHeaderLabels([o.label.split(" – ")[0] for o in levels])
        headers = [_("Level"), _("Monthly premium"), _("Can be chosen")] + [
            name for name, _v in features]
        self.table.setVerticalHeaderLabels(headers)
        for column, option in enumerate(levels):
            deductibles = self.context.catalogue.deductibles(self.product.code, option.code)
            price = self.context.pricing.price_of(
                self.draft, self.person.key, self.product.code, option.code,
                deductibles[0] if deductibles else None)
            verdict = self.context.catalogue.eligibility(self.product.code, option.code,
                                                         self.person, self.draft)
            cells = [option.label, format_chf(price) if price is not None else "–",
                     _("Yes") if verdict.eligible else " ".join(verdict.reasons)]
            cells += [values.get(option.code, "–") for _name, values in features]
            for row, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if not verdict.eligible:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # wrapped texts follow the columns' new width

    def _choose(self) -> None:
        columns = self.table.selectionModel().selectedColumns()
        if not columns:
            return
        option = self.product.levels[columns[0].column()]
        verdict = self.context.catalogue.eligibility(self.product.code, option.code,
                                                     self.person, self.draft)
        if verdict.eligible:
            self.chosen_level = option.code
            self.accept()
