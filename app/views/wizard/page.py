"""The contract of a wizard step (Picard's option pages): `load`, `save`, `check`.

- `load(draft)` shows the draft's data in the widgets;
- `save(draft)` writes what the agent entered back into the draft (always allowed, even
  when incomplete: an unfinished draft is saved too);
- `check()` asks the services whether the step is complete, puts each problem beside its
  field and raises `PageCheckError` if there is any.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.services.application.draft import ProposalDraft
from app.views.context import AppContext
from app.views.forms import PageCheckError


class WizardPage(QWidget):
    step = ""  # an id of app.services.application.draft.STEPS
    title = ""  # marked with N_(), translated when shown

    changed = Signal()  # the agent edited something: the wizard autosaves

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = ProposalDraft()
        self._loading = False

    def load(self, draft: ProposalDraft) -> None:
        self.draft = draft
        self._loading = True
        try:
            self.clear_errors()
            self.show_draft(draft)
        finally:
            self._loading = False

    def save(self, draft: ProposalDraft) -> None:
        """Write the widgets into the draft; subclasses override."""

    def check(self) -> None:
        """Raise PageCheckError when the step is incomplete; subclasses override."""

    def show_draft(self, draft: ProposalDraft) -> None:
        """Fill the widgets from the draft; subclasses override."""

    def clear_errors(self) -> None:
        """Hide every message beside the fields; subclasses override."""

    def retranslate(self) -> None:
        """Set every string again in the current language; subclasses override."""

    def set_read_only(self, read_only: bool) -> None:
        """A signed proposal cannot be edited, only revoked or superseded (issue 4)."""
        for child in self.findChildren(QWidget):
            if child.property("keepEnabled"):
                continue
            child.setEnabled(not read_only)

    def emit_changed(self) -> None:
        """Connect edits here: no autosave while the page is being filled by `load()`."""
        if not self._loading:
            self.changed.emit()


def raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise PageCheckError(problems)
