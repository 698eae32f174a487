"""Sync conflicts (issue 7): a detail both the agent and the insurer changed is never
overwritten silently; the agent sees both values and keeps one.

Settling a conflict talks to the insurer's server, so it runs off the interface thread
(`app/views/tasks.py`); the list is read again afterwards, whatever the outcome.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.ports import ConflictRow, ReviewError, SyncConflicts
from app.services.formatting import format_date
from app.views.forms import name_view
from app.views.labels import CONFLICT_ENTITIES, CONFLICT_FIELDS, LANGUAGE_NAMES, SEXES, label
from app.views.tasks import TaskRunner

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUBJECT, FIELD, MINE, THEIRS, CHOICE = range(5)


def shown_value(field: str, value: Any) -> str:
    """A value as the agent reads it: dates dd.mm.yyyy, codes as words, nothing as such."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "sex":
        return label(SEXES, str(value))
    if field == "language":
        return LANGUAGE_NAMES.get(str(value), str(value))
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def subject_text(row: ConflictRow) -> str:
    kind = label(CONFLICT_ENTITIES, row.entity)
    if not row.subject:
        return kind
    if row.entity == "household":
        return _("%s (household)") % row.subject
    if row.entity == "proposal":
        return _("%s (proposal)") % row.subject
    return row.subject


class ResolveConflictsDialog(QDialog):
    """Non-blocking for the rest of the window; `changed` after each conflict settled."""

    changed = Signal()

    def __init__(self, conflicts: SyncConflicts, parent: QWidget | None = None,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resolve_conflicts")
        self._conflicts = conflicts
        self._runner = runner or TaskRunner()
        self._rows: list[ConflictRow] = []
        self._buttons: dict[tuple[int, str], QPushButton] = {}
        self.busy = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("conflicts")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons take the focus
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in (SUBJECT, FIELD, CHOICE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (MINE, THEIRS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self)
        self.empty.setObjectName("no_conflicts")
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumSize(900, 360)
        self._show_message("", error=False)
        self._rows = list(conflicts.open_conflicts())
        self.retranslate()

    # --- the list -----------------------------------------------------------------

    def reload(self) -> None:
        self._rows = list(self._conflicts.open_conflicts())
        self._fill()

    def _fill(self) -> None:
        self._buttons.clear()  # the table deletes the old cell widgets later
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            field_name = label(CONFLICT_FIELDS, row.field)
            texts = (subject_text(row), field_name, shown_value(row.field, row.mine),
                     shown_value(row.field, row.theirs))
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
            self.table.setCellWidget(index, CHOICE, self._choice(row))
        self.table.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)

    def _choice(self, row: ConflictRow) -> QWidget:
        box = QWidget(self.table)
        mine = QPushButton(_("Keep mine"), box)
        mine.setObjectName(f"keep_mine_{row.id}")
        theirs = QPushButton(_("Keep the insurer's"), box)
        theirs.setObjectName(f"keep_theirs_{row.id}")
        mine.clicked.connect(lambda: self.resolve(row.id, "mine"))
        theirs.clicked.connect(lambda: self.resolve(row.id, "theirs"))
        for button in (mine, theirs):
            button.setEnabled(not self.busy)
        self._buttons[row.id, "mine"], self._buttons[row.id, "theirs"] = mine, theirs
        layout = QHBoxLayout(box)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(mine)
        layout.addWidget(theirs)
        return box

    def keep_button(self, conflict_id: int, keep: str) -> QPushButton:
        return self._buttons[conflict_id, keep]

    @property
    def listed(self) -> list[int]:
        return [row.id for row in self._rows]

    # --- settling -----------------------------------------------------------------

    def resolve(self, conflict_id: int, keep: str) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self._show_message(_("Sending your choice to the insurer…"), error=False)
        conflicts = self._conflicts
        self._runner.run(lambda _progress: conflicts.resolve(conflict_id, keep),
                         on_success=self._resolved, on_failure=self._failed)

    def _resolved(self, _result: object) -> None:
        self._set_busy(False)
        self._show_message("", error=False)
        self.reload()
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ReviewError):
            text = str(error)
        else:
            text = _("The choice could not be saved: {reason}").format(reason=error)
        self._show_message(text, error=True)
        self.reload()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in self._buttons.values():
            button.setEnabled(not busy)

    def _show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Resolve sync conflicts"))
        name_view(self.table, _("Sync conflicts"))
        self.intro.setText(_("You and the insurer both changed these details since the last "
                             "sync. Nothing was overwritten: choose which value to keep."))
        self.table.setHorizontalHeaderLabels([
            _("Client or person"), _("Detail"), _("Your value"), _("Insurer's value"),
            _("Keep")])
        self.empty.setText(_("No conflict to resolve."))
        self._fill()
