"""The buttons along the bottom of the wizard and their keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.i18n import _


class WizardButtons(QWidget):
    """Close and Save on the left, Back and Next on the right. The shortcuts are actions
    of `owner` (the wizard), so they work wherever the focus is in the wizard, and the
    main window puts the same actions in its menu."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.close_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.next_button.setDefault(True)

        self.next_action = QAction(owner)
        self.next_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Forward),
                                       QKeySequence("Ctrl+PgDown")])
        self.back_action = QAction(owner)
        self.back_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Back),
                                       QKeySequence("Ctrl+PgUp")])
        self.save_action = QAction(owner)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        for action in (self.next_action, self.back_action, self.save_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            owner.addAction(action)

        buttons = QHBoxLayout(self)
        buttons.setContentsMargins(0, 0, 0, 0)  # lines up as a row of the wizard's layout
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

    def retranslate(self) -> None:
        self.close_button.setText(_("&Close"))
        self.close_button.setToolTip(_("Back to the list of proposals (the draft is kept)"))
        self.save_button.setText(_("&Save"))
        self.back_button.setText(_("&Back"))
        self.next_button.setText(_("&Next"))
        self.save_action.setText(_("&Save"))
        self.next_action.setText(_("&Next step"))
        self.back_action.setText(_("&Previous step"))
        self._tooltip(self.save_button, self.save_action)
        self._tooltip(self.next_button, self.next_action)
        self._tooltip(self.back_button, self.back_action)

    @staticmethod
    def _tooltip(button: QPushButton, action: QAction) -> None:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{action.text().replace('&', '')} ({keys})")
