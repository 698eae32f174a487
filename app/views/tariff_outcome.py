"""What a tariff import leaves on screen below its summary (app/views/import_tariff.py): the
files written and the rows a federal file skipped, or the problems of a refused file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QListWidget, QTableWidget, QTableWidgetItem, QWidget

from app.i18n import _, ngettext
from app.services.pricing.tariffs import TariffProblem

MAX_PROBLEMS_SHOWN = 50  # as many as `TariffError`'s own message lists
FILE, LINE, COLUMN, MESSAGE = range(4)


def problem_cells(problem: TariffProblem) -> tuple[str, str, str, str]:
    """A problem as the table shows it: the file's name, the line ("" for the whole file),
    the column, the service's message in the current interface language (put into words
    again at each language switch)."""
    return (Path(problem.path).name, str(problem.line) if problem.line else "",
            problem.column, problem.text())


class ImportedFiles(QListWidget):
    """An import that went through: the files written, then what a federal file kept and
    skipped, each reason with its count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")

    def show_result(self, result: Any) -> None:
        """`result`: the service's ImportResult (app/services/pricing/tariff_import.py)."""
        lines = [Path(p).name for p in result.written]
        federal = result.federal
        if federal is not None:
            lines.append(_("Federal file: {read} rows read, {kept} kept for the insurers "
                           "Propono knows.").format(read=federal.rows, kept=federal.kept))
            for reason, count in sorted(federal.skipped.items()):
                lines.append(ngettext("%d row skipped", "%d rows skipped", count) % count
                             + ": " + federal.reason(reason))
        self.clear()
        self.addItems(lines)
        self.show()


class ProblemsTable(QTableWidget):
    """A refused file's problems, one a row: file, line, column, what is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("problems")
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        for column in (FILE, LINE, COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)

    def show_problems(self, problems: Sequence[TariffProblem]) -> int:
        """The first MAX_PROBLEMS_SHOWN; returns how many more there are."""
        shown = problems[:MAX_PROBLEMS_SHOWN]
        self.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            for column, text in enumerate(problem_cells(problem)):
                item = QTableWidgetItem(text)
                item.setToolTip(problem.path if column == FILE else text)
                if column == LINE:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(row, column, item)
        self.show()
        return len(problems) - len(shown)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_("File"), _("Line"), _("Column"), _("Problem")])
