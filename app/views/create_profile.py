"""First start: the agent of this laptop creates their profile (issue 3).

Name, accreditation number, languages and a password typed twice. The rules are the
store's (`agents.check_profile`: required fields, at least one language, 8+ characters,
seed 000 art. 5); the dialog only adds the confirmation, which is about typing, not about
the profile. `check()` puts every problem beside its field and writes nothing; a valid
profile is created by the `create` callable (`agents.create_profile` on the store), which
also logs the agent in, so the main window follows without a second password prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, _, get_language
from app.services.agents import AgentRecord, ProfileData, check_profile
from app.services.validation import ValidationErrors
from app.views.forms import (
    Field,
    PageCheckError,
    form_layout,
    grow_to_fit,
    set_label,
    wrapping_label,
)
from app.views.labels import LANGUAGE_NAMES

FIELDS = ("name", "accreditation_number", "languages", "password", "confirmation")


class CreateProfileDialog(QDialog):
    """Accepted once the profile is stored; `profile` is then the new agent."""

    def __init__(self, create: Callable[[ProfileData], AgentRecord],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.profile: AgentRecord | None = None
        self.intro = wrapping_label(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.accreditation = QLineEdit(self)
        self.accreditation.setObjectName("accreditationNumber")
        self.language_boxes: dict[str, QCheckBox] = {}
        boxes = QWidget(self)
        row = QHBoxLayout(boxes)
        row.setContentsMargins(0, 0, 0, 0)
        for code in LANGUAGES:
            box = QCheckBox(LANGUAGE_NAMES[code], boxes)  # each language in its own name
            box.setObjectName(f"language_{code}")
            box.setChecked(code == get_language())
            self.language_boxes[code] = box
            row.addWidget(box)
        row.addStretch(1)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirmation = QLineEdit(self)
        self.confirmation.setObjectName("confirmation")
        self.confirmation.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = {
            "name": Field(self.name, self),
            "accreditation_number": Field(self.accreditation, self),
            "languages": Field(boxes, self),
            "password": Field(self.password, self),
            "confirmation": Field(self.confirmation, self),
        }
        self.captions = {key: QLabel(self) for key in FIELDS}
        buddies = {"name": self.name, "accreditation_number": self.accreditation,
                   "languages": self.language_boxes[LANGUAGES[0]], "password": self.password,
                   "confirmation": self.confirmation}
        form = form_layout()
        for key in FIELDS:
            self.captions[key].setBuddy(buddies[key])
            form.addRow(self.captions[key], self.fields[key])
        self.note = wrapping_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.name.setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Create your agent profile"))
        self.intro.setText(_("Welcome to Propono. This computer has no agent profile yet: "
                             "create yours to start."))
        set_label(self.captions["name"], _("&Name"))
        set_label(self.captions["accreditation_number"], _("&Accreditation number"))
        set_label(self.captions["languages"], _("Advising &languages"))
        set_label(self.captions["password"], _("&Password"))
        set_label(self.captions["confirmation"], _("&Confirm the password"))
        self.password.setPlaceholderText(_("At least 8 characters"))
        self.note.setText(_("The password protects your clients' health data. Without it "
                            "they cannot be read, so keep it safe."))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if isinstance(ok, QPushButton):
            ok.setText(_("Create the profile"))

    @property
    def values(self) -> ProfileData:
        return ProfileData(
            name=self.name.text(),
            accreditation_number=self.accreditation.text(),
            languages=[code for code, box in self.language_boxes.items() if box.isChecked()],
            password=self.password.text(),
        )

    def _show(self, problems: dict[str, str]) -> None:
        for key, field in self.fields.items():
            field.set_error(problems.get(key))
        grow_to_fit(self)
        first = next((key for key in FIELDS if key in problems), None)
        if first is not None:
            self.fields[first].setFocus()
        if problems:
            raise PageCheckError(problems)

    def check(self) -> None:
        """Show every problem beside its field; raises PageCheckError if there is one."""
        problems: dict[str, str] = {}
        try:
            check_profile(self.values)
        except ValidationErrors as errors:
            for error in errors.errors:
                problems.setdefault(error.field, error.message)
        if "password" not in problems and self.confirmation.text() != self.password.text():
            problems["confirmation"] = _("The two passwords are not the same.")
        self._show(problems)

    def accept(self) -> None:
        try:
            self.check()
            self.profile = self._create(self.values)
        except PageCheckError:
            return
        except ValidationErrors as errors:  # the store's own check, should check() miss one
            with suppress(PageCheckError):
                self._show({e.field: e.message for e in reversed(errors.errors)})
            return
        self.password.clear()
        self.confirmation.clear()
        super().accept()
