"""The nationality list of the person form."""

from __future__ import annotations

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QWidget

from app.i18n import get_language
from app.views.wizard.person_fields import countries


class CountryCombo(QComboBox):
    """Switzerland and the current choice at once; every country when the list opens (the
    names come from Babel's locale data, slow to load at start-up)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._complete = False
        self.reset()

    def reset(self) -> None:
        current = self.currentData() or "CH"
        self.blockSignals(True)
        self.clear()
        self._complete = False
        self._add_from(("CH", str(current)))
        self.blockSignals(False)

    def _add_from(self, codes: tuple[str, ...]) -> None:
        names = dict(countries(get_language()))
        for code in dict.fromkeys(codes):
            self.addItem(names.get(code, code), code)

    def complete(self) -> None:
        if self._complete:
            return
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for code, name in countries(get_language()):
            self.addItem(name, code)
        self.setCurrentIndex(max(0, self.findData(current)))
        self.blockSignals(False)
        self._complete = True

    def select(self, code: str) -> None:
        if self.findData(code) < 0:
            self._add_from((code,))
        self.setCurrentIndex(max(0, self.findData(code)))

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        self.complete()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self.complete()  # typing a country's first letters needs them all
        super().focusInEvent(event)
