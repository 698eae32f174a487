"""Clients and proposals: search as you type (names, places, postal code, AHV number), filter
by status, most recent first; each line shows every member of the household."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.application.ports import ClientDirectory, ProposalRow
from app.services.formatting import format_date
from app.views.forms import name_view, set_label
from app.views.labels import STATUSES, label

SEARCH_DELAY_MS = 150  # wait for a pause in typing before searching
LIST_LIMIT = 200  # lines shown; the count says when there are more
_Index = QModelIndex | QPersistentModelIndex


class ProposalListModel(QAbstractTableModel):
    COLUMNS = ("client", "ahv_number", "postal_code", "municipality", "status", "updated_at")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ProposalRow] = []

    def set_rows(self, rows: Sequence[ProposalRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: r.updated_at, reverse=True)
        self.endResetModel()

    def row_at(self, row: int) -> ProposalRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "status":
            return label(STATUSES, row.status)
        if column == "updated_at":
            local = row.updated_at.astimezone() if row.updated_at.tzinfo else row.updated_at
            return f"{format_date(local.date())} {local:%H:%M}"
        if column == "client":
            return row.members or row.client  # "Rochat Sophie, Thomas, Noah, Mia"
        return str(getattr(row, column))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "client": _("Client"),
            "ahv_number": _("AHV number"),
            "postal_code": _("Postal code"),
            "municipality": _("Municipality"),
            "status": _("Status"),
            "updated_at": _("Last change"),
        }[self.COLUMNS[section]]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))


class ProposalBrowser(QWidget):
    """The home screen: find a client's proposal or start a new one."""

    open_requested = Signal(str)  # proposal id
    new_requested = Signal()
    new_for_household = Signal(str)  # a client without a proposal yet
    export_requested = Signal()  # the offers of the selected or listed proposals

    def __init__(self, directory: ClientDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._directory = directory
        self._cut = False  # the last search found more lines than the list shows
        self.search_label = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.search_label.setBuddy(self.search)
        self.status_label = QLabel(self)
        self.status_filter = QComboBox(self)
        self.status_label.setBuddy(self.status_filter)
        self.new_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportOffers")
        self.count_label = QLabel(self)
        self.model = ProposalListModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 3)
        bar.addSpacing(12)
        bar.addWidget(self.status_label)
        bar.addWidget(self.status_filter, 1)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.new_button)
        self.setTabOrder(self.new_button, self.export_button)
        self.setTabOrder(self.export_button, self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._open_first)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.new_button.clicked.connect(self.new_requested)
        self.export_button.clicked.connect(lambda: self.export_requested.emit())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        set_label(self.search_label, _("&Search"))
        self.search.setPlaceholderText(_("Name, place, postal code or AHV number"))
        set_label(self.status_label, _("S&tatus"))
        name_view(self.table, _("Clients and proposals"))
        current = self.status_filter.currentData()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All statuses"), None)
        for code in self._directory.statuses():
            self.status_filter.addItem(label(STATUSES, code), code)
        found = self.status_filter.findData(current)
        self.status_filter.setCurrentIndex(max(0, found))
        self.status_filter.blockSignals(False)
        self.new_button.setText(_("&New proposal"))
        self.export_button.setText(_("&Export offers…"))
        self.export_button.setToolTip(_("The offers of the selected proposals, or of every "
                                        "proposal listed, as PDF files"))
        self.model.retranslate()
        self._show_count()

    @property
    def selected_status(self) -> str | None:
        data = self.status_filter.currentData()
        return str(data) if data else None

    def refresh(self) -> None:
        self._debounce.stop()
        rows = self._directory.search(self.search.text().strip(), self.selected_status,
                                      limit=LIST_LIMIT + 1)
        self._cut = len(rows) > LIST_LIMIT
        self.model.set_rows(rows[:LIST_LIMIT])
        self._show_count()

    def _show_count(self) -> None:
        """How many clients (households) and proposals are listed, and whether the list
        stops at its limit."""
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        clients = len({row.household_id or row.proposal_id for row in rows})
        proposals = sum(1 for row in rows if row.proposal_id)
        counts = ", ".join((ngettext("%d client", "%d clients", clients) % clients,
                            ngettext("%d proposal", "%d proposals", proposals) % proposals))
        if self._cut:
            counts = _("The %(lines)d most recent lines: %(counts)s. Type more to narrow the "
                       "search.") % {"lines": len(rows), "counts": counts}
        self.count_label.setText(counts)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            found = self.model.row_at(row)
            if found.proposal_id:
                self.open_requested.emit(found.proposal_id)
            elif found.household_id:
                self.new_for_household.emit(found.household_id)

    def _open_first(self) -> None:
        if self._debounce.isActive():
            self.refresh()
        selected = self.table.selectionModel().selectedRows()
        self._open_row(selected[0].row() if selected else 0)

    def rows_for_batch(self) -> list[ProposalRow]:
        """The selected proposals, or every one listed when none is selected (filter by
        status, then export them all); clients without a proposal are left out."""
        selected = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        rows = selected or range(self.model.rowCount())
        return [r for r in (self.model.row_at(i) for i in rows) if r.proposal_id]

    def selected_row(self) -> ProposalRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.model.row_at(selected[0].row()) if selected else None

    def open_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if selected:
            self._open_row(selected[0].row())
