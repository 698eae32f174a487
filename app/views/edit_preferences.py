"""Preferences: interface language, inactivity lock, data folder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, _
from app.views.forms import Field, form_layout, set_label, wrapping_label
from app.views.labels import LANGUAGE_NAMES
from app.views.preferences import MAX_LOCK_MINUTES, Preferences


class PreferencesDialog(QDialog):
    """Edits a copy of the preferences; `values` holds the result once accepted."""

    def __init__(self, preferences: Preferences, default_folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = preferences
        self.default_folder = default_folder
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(preferences.language)))
        self.lock = QSpinBox(self)
        self.lock.setObjectName("lockMinutes")
        self.lock.setRange(1, MAX_LOCK_MINUTES)  # no "never": health data on screen
        self.lock.setValue(preferences.lock_minutes)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("dataFolder")
        self.folder.setText(preferences.data_folder)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._browse)
        folder_row = QWidget(self)
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.folder_field = Field(folder_row, self)
        self.captions = {name: QLabel(self) for name in ("language", "lock", "folder")}
        self.captions["language"].setBuddy(self.language)
        self.captions["lock"].setBuddy(self.lock)
        self.captions["folder"].setBuddy(self.folder)
        self.folder_note = wrapping_label(self)
        form = form_layout()
        form.addRow(self.captions["language"], self.language)
        form.addRow(self.captions["lock"], self.lock)
        form.addRow(self.captions["folder"], self.folder_field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.folder_note)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Preferences"))
        set_label(self.captions["language"], _("&Interface language"))
        set_label(self.captions["lock"], _("&Lock after inactivity"))
        self.lock.setSuffix(" " + _("min"))
        self.lock.setSpecialValueText(_("never"))
        set_label(self.captions["folder"], _("&Data folder"))
        self.folder.setPlaceholderText(self.default_folder)
        self.browse.setText(_("&Browse…"))
        self.folder_note.setText(_("Leave the folder empty to use the default. A new folder "
                                   "takes effect at the next start of Propono."))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Data folder"),
                                                  self.folder.text() or self.default_folder)
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        self.values = Preferences(
            language=str(self.language.currentData()),
            lock_minutes=self.lock.value(),
            data_folder=self.folder.text().strip(),
        )
        super().accept()
