"""The proposal wizard's frame: a visible list of steps, free back-and-forth, autosave.

Going back is always allowed; going forward (Next, or a later step in the list) checks
each step on the way and stops at the first one that is not complete, with its problems
shown beside the fields. Every edit is saved into the draft after a short pause, so a
crash loses at most the field being typed; the draft remembers its step, so reopening it
shows the meeting where it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.draft import ProposalDraft
from app.services.application.ports import SaveError
from app.views.context import AppContext
from app.views.forms import ErrorLabel, PageCheckError, name_view
from app.views.labels import STATUSES, label
from app.views.wizard.page import WizardPage
from app.views.wizard.proposal_heading import ProposalHeading
from app.views.wizard.step_list import StepList
from app.views.wizard.wizard_buttons import WizardButtons

AUTOSAVE_DELAY_MS = 600


def default_pages() -> list[type[WizardPage]]:
    from app.views.wizard.answer_questionnaire import QuestionnairePage
    from app.views.wizard.choose_basic_insurance import BasicInsurancePage
    from app.views.wizard.edit_household import HouseholdPage
    from app.views.wizard.follow_up import FollowUpPage
    from app.views.wizard.pick_products import ProductsPage
    from app.views.wizard.print_proposal import PrintPage
    from app.views.wizard.review_reservations import ReservationsPage
    from app.views.wizard.review_summary import SummaryPage
    from app.views.wizard.sign_proposal import SignaturesPage

    return [HouseholdPage, BasicInsurancePage, ProductsPage, QuestionnairePage,
            ReservationsPage, SummaryPage, SignaturesPage, PrintPage, FollowUpPage]


class ProposalWizard(QWidget):
    closed = Signal()  # back to the list of proposals
    saved = Signal()  # the draft reached the store

    def __init__(self, context: AppContext,
                 pages: Sequence[type[WizardPage]] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.draft = ProposalDraft()
        self.page_classes = list(pages or default_pages())
        self._pages: list[WizardPage] = []  # built with the first proposal opened
        self._checked: dict[int, bool] = {}
        self._current = 0

        self.top = ProposalHeading(self)
        self.heading = self.top.heading
        self.status = self.top.status
        self.steps = StepList(len(self.page_classes), self)
        self.stack = QStackedWidget(self)
        self.problem = ErrorLabel(self)
        # Tests, the main window and its menus reach the buttons and actions here.
        self.buttons = WizardButtons(self)
        self.close_button = self.buttons.close_button
        self.save_button = self.buttons.save_button
        self.back_button = self.buttons.back_button
        self.next_button = self.buttons.next_button
        self.next_action = self.buttons.next_action
        self.back_action = self.buttons.back_action
        self.save_action = self.buttons.save_action
        self.next_action.triggered.connect(self.next)
        self.back_action.triggered.connect(self.back)
        self.save_action.triggered.connect(self.save)
        self.next_button.clicked.connect(self.next)
        self.back_button.clicked.connect(self.back)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close_proposal)
        self.steps.currentRowChanged.connect(self._step_clicked)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save)

        side = QVBoxLayout()
        side.addWidget(self.steps, 1)
        body = QHBoxLayout()
        body.addLayout(side, 0)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.top)
        layout.addLayout(body, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate()

    @property
    def pages(self) -> list[WizardPage]:
        """The steps' pages, made on first use (they are not needed to show the list)."""
        if not self._pages:
            for cls in self.page_classes:
                page = cls(self.context)
                scroll = QScrollArea(self.stack)
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setWidget(page)
                self.stack.addWidget(scroll)
                page.changed.connect(self._schedule_autosave)
                signed = getattr(page, "signed", None)  # the signature step's
                if signed is not None:
                    signed.connect(lambda _digest: self._apply_read_only())
                self._pages.append(page)
        return self._pages

    # --- language -----------------------------------------------------------------

    def retranslate(self) -> None:
        self.steps.show_steps([_(page.title) for page in self.page_classes], self._checked)
        name_view(self.steps, _("Steps of the proposal"))
        self.buttons.retranslate()
        self._show_heading()

    def _show_heading(self) -> None:
        self.top.show_heading(self.draft.title or _("New proposal"),
                              _(self.page_classes[self._current].title),
                              label(STATUSES, self.draft.status))

    # --- opening and saving -------------------------------------------------------

    def open(self, draft: ProposalDraft) -> None:
        self.draft = draft
        self._checked = {}
        steps = [page.step for page in self.pages]
        index = steps.index(draft.step) if draft.step in steps else 0
        self._apply_read_only()
        self._show(index)
        self.retranslate()

    def _apply_read_only(self) -> None:
        """A signed proposal cannot be edited (issue 4): every step but signing, printing
        and the follow-up, at once after signing as when it is opened again."""
        read_only = not self.draft.editable
        for page in self.pages:
            page.set_read_only(read_only and page.step not in ("signatures", "print"))

    def _show(self, index: int) -> None:
        self._current = index
        page = self.pages[index]
        page.load(self.draft)
        self.draft.step = page.step
        self.stack.setCurrentIndex(index)
        self.steps.select_quietly(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.pages) - 1)
        self.problem.show_message(None)
        self._show_heading()
        page.setFocus()
        focus = page.focusWidget() or page.nextInFocusChain()
        if focus is not None:
            focus.setFocus()

    @property
    def current_page(self) -> WizardPage:
        return self.pages[self._current]

    @property
    def current_index(self) -> int:
        return self._current

    def _schedule_autosave(self) -> None:
        self._autosave.start()

    def save(self) -> None:
        """Write the current page into the draft and the draft into the store."""
        self._autosave.stop()
        if self.draft.editable:
            self.current_page.save(self.draft)
        try:
            self.context.proposals.save_draft(self.draft)
        except SaveError as error:
            self.problem.show_message(str(error))
            return
        self._show_heading()
        self.saved.emit()

    def show_again(self) -> None:
        """The current step filled anew from the draft (e.g. premiums after a new tariff)."""
        self.save()
        self._show(self._current)

    def close_proposal(self) -> None:
        self.save()
        self.closed.emit()

    # --- moving between steps -----------------------------------------------------

    def _check(self, index: int) -> bool:
        page = self.pages[index]
        if index != self._current:
            page.load(self.draft)
        try:
            page.check()
        except PageCheckError:
            self._checked[index] = False
            return False
        self._checked[index] = True
        return True

    def go_to(self, index: int) -> bool:
        """Show step `index`; forward moves stop at the first incomplete step."""
        if not 0 <= index < len(self.pages) or index == self._current:
            return index == self._current
        self.save()
        if index > self._current:
            for step in range(self._current, index):
                if not self._check(step):
                    if step != self._current:
                        self._show(step)
                        self._check(step)  # puts the messages beside the fields again
                    self.problem.show_message(
                        _("This step is not complete: see the messages beside the fields."))
                    self.retranslate()
                    self.steps.setCurrentRow(self._current)
                    return False
        else:
            self._check_quietly(self._current)
        self._show(index)
        self.save()
        self.retranslate()
        return True

    def _check_quietly(self, index: int) -> None:
        try:
            self.pages[index].check()
        except PageCheckError:
            self._checked[index] = False
        else:
            self._checked[index] = True

    def next(self) -> bool:
        return self.go_to(self._current + 1)

    def back(self) -> bool:
        return self.go_to(self._current - 1)

    def go_to_step(self, step: str) -> bool:
        return self.go_to([page.step for page in self.pages].index(step))

    def _step_clicked(self, row: int) -> None:
        if row >= 0 and row != self._current:
            self.go_to(row)

    def page(self, step: str) -> WizardPage:
        for page in self.pages:
            if page.step == step:
                return page
        raise LookupError(step)
