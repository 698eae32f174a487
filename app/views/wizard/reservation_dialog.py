"""A reservation the agent records or edits by hand (issue 15, item 12): the person, the
condition excluded, the products, how long, the insurer's time limit for the answer and
the client's answer (CGC art. 8).

The services check it as the store will (`check_reservation`): every problem is named
beside its field and the dialog stays open; an impossible date is named as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.application.draft import ProposalDraft, ReservationDraft
from app.services.catalogue import LAMAL_CODE
from app.services.formatting import format_date
from app.views.context import AppContext
from app.views.forms import ErrorLabel, form_layout, grow_to_fit, name_from_label, wrapping_label
from app.views.labels import RESERVATION_STATUSES, label
from app.views.validators import parse_date

FIELDS = ("condition", "body_part", "products", "until", "answer_by")


def reservable_persons(draft: ProposalDraft) -> list[tuple[str, str, Sequence[str]]]:
    """(key, name, product codes) of each person with a complementary product: the basic
    insurance admits everyone without reservation (LAMal art. 4)."""
    found: list[tuple[str, str, Sequence[str]]] = []
    for person in draft.persons:
        codes = [c.product for c in draft.products.get(person.key, []) if c.product != LAMAL_CODE]
        if codes:
            found.append((person.key, person.full_name, codes))
    return found


def and_list(items: Sequence[str]) -> str:
    """"HC", "HC and SC", "GM, HC and SC"."""
    if len(items) < 2:
        return "".join(items)
    return _("%(list)s and %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


class ReservationDialog(QDialog):
    """`persons`: (key, name, product codes) of whoever has a product to reserve."""

    def __init__(self, context: AppContext, draft: ProposalDraft,
                 persons: Sequence[tuple[str, str, Sequence[str]]],
                 reservation: ReservationDraft | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reservation_dialog")
        self.setMinimumWidth(560)
        self.context, self.draft = context, draft
        self.original = reservation
        self.result_reservation: ReservationDraft | None = None
        self._persons = {key: (name, tuple(codes)) for key, name, codes in persons}
        self._names = {p.code: p.name for family in context.catalogue.families()
                       for p in family.products}
        self.setWindowTitle(_("Change the reservation") if reservation
                            else _("Add a reservation"))
        self.intro = wrapping_label(self)
        self.intro.setText(_(
            "The client consents in writing to a reservation; if they refuse, the products "
            "named are dropped and the others go on (CGC art. 8). Unless a shorter duration "
            "is agreed, it lasts as long as the contract."))
        self.person = QComboBox(self)
        self.person.setObjectName("person")
        for key, (name, _codes) in self._persons.items():
            self.person.addItem(name, key)
        self.condition = QLineEdit(self)
        self.condition.setObjectName("condition")
        self.body_part = QLineEdit(self)
        self.body_part.setObjectName("bodyPart")
        self.products_box = QWidget(self)
        self.products_row = QHBoxLayout(self.products_box)
        self.products_row.setContentsMargins(0, 0, 0, 0)
        self.product_boxes: dict[str, QCheckBox] = {}
        self.whole_contract = QRadioButton(_("For the whole contract"), self)
        self.until_radio = QRadioButton(_("Until"), self)
        self.duration = QButtonGroup(self)
        self.duration.addButton(self.whole_contract)
        self.duration.addButton(self.until_radio)
        self.whole_contract.setChecked(True)
        self.until = QLineEdit(self)
        self.until.setObjectName("until")
        self.until.setPlaceholderText(_("dd.mm.yyyy"))
        self.until.setMaxLength(10)
        # wide enough for a date or its placeholder in any language (gg.mm.aaaa)
        self.until.setMinimumWidth(self.until.fontMetrics().horizontalAdvance("00.00.00000") + 24)
        self.until_radio.toggled.connect(self.until.setEnabled)
        self.until.setEnabled(False)
        duration = QWidget(self)
        row = QHBoxLayout(duration)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.whole_contract, self.until_radio, self.until):
            row.addWidget(widget)
        row.addStretch(1)
        self.answer_by = QLineEdit(self)
        self.answer_by.setObjectName("answerBy")
        self.answer_by.setPlaceholderText(_("dd.mm.yyyy"))
        self.answer_by.setMaxLength(10)
        self.answer_by.setToolTip(_("The insurer's time limit for the client's answer "
                                    "(CGC art. 8)"))
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for code in RESERVATION_STATUSES:
            self.status.addItem(label(RESERVATION_STATUSES, code), code)
        self.errors = {name: ErrorLabel(self, reserve=True) for name in FIELDS}
        form: QFormLayout = form_layout()
        rows: list[tuple[str, QWidget, str | None]] = [
                (_("Person"), self.person, None),
                (_("Condition excluded"), self.condition, "condition"),
                (_("Body part") + " " + _("(optional)"), self.body_part, "body_part"),
                (_("Products"), self.products_box, "products"),
                (_("Duration"), duration, "until"),
                (_("Answer by"), self.answer_by, "answer_by"),
                (_("Client's consent"), self.status, None)]
        for caption, shown, error in rows:
            cell = QWidget(self)
            inner = QVBoxLayout(cell)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(shown)
            if error:
                inner.addWidget(self.errors[error])
            title = QLabel(caption, self)
            title.setBuddy(shown if shown is not duration else self.whole_contract)
            name_from_label(title)
            form.addRow(title, cell)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(_("Save the reservation"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveReservation")
        self.save_button.setAutoDefault(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        self.cancel_button = cancel
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.person.currentIndexChanged.connect(lambda _i: self._show_products(()))
        self._fill(reservation)

    def _show_products(self, ticked: Sequence[str]) -> None:
        for box in self.product_boxes.values():
            box.hide()
            self.products_row.removeWidget(box)
            box.deleteLater()
        self.product_boxes = {}
        _name, codes = self._persons.get(str(self.person.currentData()), ("", ()))
        for code in codes:
            box = QCheckBox(code, self.products_box)
            box.setObjectName(f"product-{code}")
            box.setToolTip(self._names.get(code, ""))
            box.setChecked(code in ticked)
            self.products_row.addWidget(box)
            self.product_boxes[code] = box
        self.products_row.addStretch(0)

    def _fill(self, reservation: ReservationDraft | None) -> None:
        if reservation is None:
            self._show_products(())
            return
        self.person.setCurrentIndex(max(0, self.person.findData(reservation.person_key)))
        self.person.setEnabled(False)  # a reservation stays with its person
        self._show_products(reservation.products)
        self.condition.setText(reservation.condition)
        self.body_part.setText(reservation.body_part)
        if reservation.until is not None:
            self.until_radio.setChecked(True)
            self.until.setText(format_date(reservation.until))
        if reservation.consent_due is not None:
            self.answer_by.setText(format_date(reservation.consent_due))
        self.status.setCurrentIndex(max(0, self.status.findData(reservation.status)))

    def _date(self, edit: QLineEdit, field: str, problems: dict[str, str]) -> date | None:
        text = edit.text().strip()
        if not text:
            return None
        day = parse_date(text)
        if day is None:
            problems[field] = _("{text} is not a valid date.").format(text=text)
        return day

    def reservation(self, problems: dict[str, str]) -> ReservationDraft:
        """What the form says; a date that cannot be read goes into `problems`."""
        until = self._date(self.until, "until", problems) if self.until_radio.isChecked() \
            else None
        if self.until_radio.isChecked() and not self.until.text().strip():
            problems["until"] = _("Enter the date the reservation ends, or choose the whole "
                                  "contract.")
        values = {
            "person_key": str(self.person.currentData()),
            "condition": self.condition.text().strip(),
            "body_part": self.body_part.text().strip(),
            "products": tuple(c for c, box in self.product_boxes.items() if box.isChecked()),
            "until": until, "consent_due": self._date(self.answer_by, "answer_by", problems),
            "status": str(self.status.currentData()),
        }
        if self.original is not None:
            return replace(self.original, **values)  # type: ignore[arg-type]
        return ReservationDraft(origin="agent", **values)  # type: ignore[arg-type]

    def submit(self) -> bool:
        problems: dict[str, str] = {}
        reservation = self.reservation(problems)
        for field, message in self.context.questionnaires.check_reservation(
                self.draft, reservation).items():
            problems.setdefault(field, message)
        for field, error in self.errors.items():
            error.show_message(problems.get(field))
        if problems:
            grow_to_fit(self)  # a long message takes two lines
            return False
        self.result_reservation = reservation
        self.accept()
        return True
