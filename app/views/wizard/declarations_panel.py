"""The signatures step's "Declarations" box: each declaration's text, and a check box per
adult who signs for themselves, ticked when that person gives it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from app.i18n import _, gettext_for
from app.services.application.ports import DeclarationText, Signer
from app.views.forms import wrapping_label


def declaring(signers: Sequence[Signer]) -> list[tuple[str, str]]:
    """(person key, name) of those who declare for themselves: the adults who sign."""
    found: dict[str, str] = {}
    for signer in signers:
        if signer.role in ("policyholder", "insured_person"):
            found.setdefault(signer.key, signer.name)
    return list(found.items())


class DeclarationsPanel(QGroupBox):
    changed = Signal()  # a box was ticked or unticked by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.declarations_layout = QVBoxLayout(self)
        self.declaration_boxes: dict[tuple[str, str], QCheckBox] = {}
        self.declaration_texts: list[DeclarationText] = []
        self.people: list[tuple[str, str]] = []

    def retranslate(self) -> None:
        self.setTitle(_("Declarations"))

    def show_declarations(self, texts: Sequence[DeclarationText], signers: Sequence[Signer],
                          given: dict[str, dict[str, bool]]) -> None:
        """One row of boxes per declaration, ticked as `given` (declaration, person) says."""
        while self.declarations_layout.count():
            item = self.declarations_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.declaration_boxes = {}
        self.declaration_texts = list(texts)
        self.people = declaring(signers)
        for declaration in self.declaration_texts:
            text = wrapping_label(self)
            optional = gettext_for(declaration.language)("(optional)")  # the client's words
            text.setText(declaration.text + ("" if declaration.required else " " + optional))
            self.declarations_layout.addWidget(text)
            row = QWidget(self)
            boxes = QHBoxLayout(row)
            boxes.setContentsMargins(12, 0, 0, 6)
            for key, name in self.people:
                box = QCheckBox(name, row)
                box.setObjectName(f"declaration-{declaration.key}-{key}")
                box.setChecked(given.get(declaration.key, {}).get(key, False))
                # connected after setChecked: showing the draft is no edit
                box.toggled.connect(lambda _checked: self.changed.emit())
                boxes.addWidget(box)
                self.declaration_boxes[(declaration.key, key)] = box
            boxes.addStretch(1)
            self.declarations_layout.addWidget(row)

    def given(self) -> dict[str, dict[str, bool]]:
        """The boxes as the draft keeps them: declaration key -> person key -> ticked."""
        given: dict[str, dict[str, bool]] = {}
        for (key, person), box in self.declaration_boxes.items():
            given.setdefault(key, {})[person] = box.isChecked()
        return given

    def tick_all(self) -> None:
        for box in self.declaration_boxes.values():
            box.setChecked(True)

    def problems(self) -> dict[str, str]:
        """Who has not yet ticked every required declaration, one problem per person."""
        problems: dict[str, str] = {}
        names = dict(self.people)
        for declaration in self.declaration_texts:
            if not declaration.required:
                continue
            for person, name in names.items():
                box = self.declaration_boxes.get((declaration.key, person))
                if box is not None and not box.isChecked():
                    problems.setdefault(f"declaration-{person}", _(
                        "%s has not yet given every declaration required.") % name)
        return problems
