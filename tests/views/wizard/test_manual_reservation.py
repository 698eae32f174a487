"""Issue 15, item 12: the reservations step at the kitchen table.

One coherent statement when the answers go to the insurer's medical officer (it said
"Referral to the insurer's medical officer (HC, SC)" above "The answers suggest no
reservation."); a reservation the agent records or edits by hand (wording, products,
duration, the client's answer), stored as entered by the agent and audited; the referral
on the signed proposal; and a planned orthodontic treatment on DP0 raising a reservation
(003 DP, seed line 227). The family of issue 15 through the real widgets and services.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.services.proposals import flow
from app.services.store import audit
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.wizard.answer_questionnaire import QuestionnairePage
from app.views.wizard.reservation_dialog import ReservationDialog
from app.views.wizard.review_reservations import ReservationsPage
from app.views.wizard.sign_proposal import SignaturesPage
from tests.views.meeting_helpers import (
    choose,
    new_proposal_window,
    real_context,
    type_text,
)
from tests.views.wizard.test_questionnaire_meeting import to_questionnaire


@pytest.fixture
def context(store: Store, tmp_path: Path) -> AppContext:
    return real_context(store, tmp_path)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> MainWindow:
    return new_proposal_window(qtbot, context, 860)


_type = type_text


_choose = choose


def _asthma_under_treatment(qtbot: QtBot, page: QuestionnairePage, key: str) -> None:
    form = page.form_for(key)
    question = form.widget("current_treatment")
    question.answer(True)
    case = question.cases[0]
    _type(qtbot, case.inputs["diagnosis"].line, "asthma")  # type: ignore[arg-type]
    _choose(case.inputs["body_part"].combo, "lungs")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["from"].line, "01.2020")  # type: ignore[arg-type]
    _choose(case.inputs["course"].combo, "ongoing")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["treatment"].line, "inhaler")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["doctor"].line, "Dr Rossi, Lausanne")  # type: ignore[arg-type]
    case.inputs["time_off_work"].answer(False)
    form.answer_remaining(False)


def _to_reservations(qtbot: QtBot, window: MainWindow, *,
                     braces: bool = False) -> ReservationsPage:
    """Sophie under treatment for asthma (a referral of her HC and SC); with `braces`,
    Noah's orthodontist plans braces for 03.2027."""
    page = to_questionnaire(qtbot, window)
    sophie, _marc, noah, _mia = window.wizard.draft.persons
    _asthma_under_treatment(qtbot, page, sophie.key)
    if braces:
        planned = page.form_for(noah.key).widget("dental_planned")
        planned.answer(True)
        case = planned.cases[0]
        _type(qtbot, case.inputs["treatment"].line, "appareil dentaire")  # type: ignore[arg-type]
        _type(qtbot, case.inputs["planned_for"].line, "03.2027")  # type: ignore[arg-type]
        _type(qtbot, case.inputs["dentist"].line, "Dr Weiss")  # type: ignore[arg-type]
    for key, form in page.forms.items():
        if key != sophie.key:
            form.answer_remaining(False)
    assert window.wizard.next(), window.wizard.problem.text()
    reservations = window.wizard.current_page
    assert isinstance(reservations, ReservationsPage)
    return reservations


REFERRAL = ("Sophie Rochat: HC and SC go to the insurer's medical officer, who decides. "
            "Treatment under way: the insurer's medical officer judges the case, if need be "
            "on a medical report.")


def test_a_referral_without_reservation_is_one_statement(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    page = _to_reservations(qtbot, window)
    assert page.reservations == []
    assert page.remarks.text() == "No reservation is suggested.\n" + REFERRAL
    assert page.empty.isHidden()  # no "The answers suggest no reservation." beside it
    assert window.wizard.next(), window.wizard.problem.text()  # nothing to consent to


def _open_dialog(page: ReservationsPage, button: str = "add") -> ReservationDialog:
    getattr(page, f"{button}_button").click()
    dialog = page.dialog
    assert isinstance(dialog, ReservationDialog) and dialog.isVisible()
    return dialog


def test_the_agent_records_and_edits_a_reservation(qtbot: QtBot, window: MainWindow,
                                                   store: Store) -> None:
    page = _to_reservations(qtbot, window)
    sophie, marc, _noah, _mia = window.wizard.draft.persons
    dialog = _open_dialog(page)
    _choose(dialog.person, sophie.key)
    assert list(dialog.product_boxes) == ["HC", "SC"]  # her products, not the basic insurance
    # hostile input is named beside its field
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors["condition"].text() == "A reservation needs the condition it excludes."
    assert dialog.errors["products"].text() == "A reservation must name at least one product."
    _type(qtbot, dialog.condition, "asthma and its consequences")
    _type(qtbot, dialog.body_part, "lungs")
    dialog.product_boxes["SC"].click()
    dialog.until_radio.click()
    _type(qtbot, dialog.until, "31.02.2029")
    dialog.save_button.click()
    assert dialog.errors["until"].text() == "31.02.2029 is not a valid date."
    _type(qtbot, dialog.until, "01.06.2026")  # the covers start on 01.01.2027
    dialog.save_button.click()
    assert dialog.errors["until"].text() == (
        "A reservation cannot end (01.06.2026) before it starts (01.01.2027).")
    assert dialog.errors["condition"].text() == ""
    _type(qtbot, dialog.until, "31.12.2029")
    _type(qtbot, dialog.answer_by, "04.12.2026")
    dialog.save_button.click()
    assert not dialog.isVisible()
    [row] = page.reservations
    assert (row.person_key, row.condition, row.body_part, row.products, row.until,
            row.consent_due, row.status, row.origin) == (
        sophie.key, "asthma and its consequences", "lungs", ("SC",), date(2029, 12, 31),
        date(2026, 12, 4), "proposed", "agent")
    assert page.table.item(0, 7).text() == "entered by the agent"
    assert page.table.item(0, 4).text() == "until 31.12.2029"
    # with a reservation in the table, the statement no longer says there is none
    assert page.remarks.text() == REFERRAL
    window.wizard.save_button.click()
    [stored] = flow.load_reservations(store, window.wizard.draft.id)
    assert (stored.origin.value, stored.products, stored.until, stored.condition) == (
        "agent", ("SC",), date(2029, 12, 31), "asthma and its consequences")
    # the agent adds HC and shortens the wording: reworded in the store, audited
    page.table.selectRow(0)
    dialog = _open_dialog(page, "edit")
    assert not dialog.person.isEnabled()  # a reservation stays with its person
    assert dialog.condition.text() == "asthma and its consequences"
    dialog.product_boxes["HC"].click()
    _type(qtbot, dialog.condition, "asthma")
    dialog.save_button.click()
    assert page.reservations[0].products == ("HC", "SC")
    assert page.table.item(0, 3).text() == "HC, SC"
    window.wizard.save_button.click()
    [stored] = flow.load_reservations(store, window.wizard.draft.id)
    assert (stored.products, stored.condition, stored.origin.value) == (
        ("HC", "SC"), "asthma", "agent")
    trail = [entry.detail.get("reason") for entry in audit.history(store, stored.id)
             if entry.action == "transition"]
    assert trail == ["agent", "reworded"]
    # the client accepts it; the proposal goes on; accepted, it is no longer reworded
    page.set_status(0, "accepted_by_client")
    assert window.wizard.next(), window.wizard.problem.text()
    trail = [entry.detail.get("reason") for entry in audit.history(store, stored.id)
             if entry.action == "transition"]
    assert trail == ["agent", "reworded", "consent requested", "consent given"]
    assert window.wizard.back()
    page.table.selectRow(0)
    assert not page.edit_button.isEnabled() and not page.remove_button.isEnabled()


def test_a_reservation_entered_by_mistake_is_removed(qtbot: QtBot, window: MainWindow,
                                                     store: Store) -> None:
    page = _to_reservations(qtbot, window)
    dialog = _open_dialog(page)
    _choose(dialog.person, window.wizard.draft.persons[1].key)  # Marc, by mistake
    _type(qtbot, dialog.condition, "asthma")
    dialog.product_boxes["HC"].click()
    dialog.save_button.click()
    window.wizard.save_button.click()
    [stored] = flow.load_reservations(store, window.wizard.draft.id)
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    assert page.reservations == []
    window.wizard.save_button.click()
    assert flow.load_reservations(store, window.wizard.draft.id) == []
    assert [e.action for e in audit.history(store, stored.id)][-1] == "delete"


def test_a_suggestion_cannot_be_removed_only_edited(qtbot: QtBot, window: MainWindow) -> None:
    page = _to_reservations(qtbot, window, braces=True)
    [row] = page.reservations
    noah = window.wizard.draft.persons[2]
    # 003 DP (seed line 227): "les traitements déjà envisagés lors de la demande
    # d'affiliation" are excluded; DP0 pays orthodontics only (line 221)
    assert (row.person_key, row.condition, row.products, row.origin) == (
        noah.key, "appareil dentaire, envisagé lors de la demande (prévu pour 03.2027)",
        ("DP",), "suggested")
    assert page.table.item(0, 7).text() == "suggested by Propono"
    assert page.remarks.text() == REFERRAL  # Sophie's referral stands beside it
    page.table.selectRow(0)
    assert page.edit_button.isEnabled() and not page.remove_button.isEnabled()


def _sign(qtbot: QtBot, canvas: object) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(30, 90))
    for x in range(40, 240, 25):
        qtbot.mouseMove(canvas, QPoint(x, 70 + (x // 25) % 3 * 12))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(240, 80))


def test_the_signed_proposal_names_the_referred_products(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    page = _to_reservations(qtbot, window, braces=True)
    page.set_status(0, "accepted_by_client")
    page.set_answer_by(0, "04.12.2026")
    wizard = window.wizard
    assert wizard.next(), wizard.problem.text()  # to the summary
    assert wizard.next(), wizard.problem.text()  # to the signatures
    signatures = wizard.current_page
    assert isinstance(signatures, SignaturesPage)
    qtbot.waitUntil(lambda: signatures.preview.page_count > 0, timeout=10000)
    signatures.read_box.setChecked(True)
    _type(qtbot, signatures.place, "Lausanne")
    signatures.tick_all_declarations()
    for pad in signatures.pads.values():
        _sign(qtbot, pad.canvas)
    with qtbot.waitSignal(signatures.signed, timeout=10000):
        signatures.sign_button.click()
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(BytesIO(wizard.draft.signed_pdf)).pages)
    # the proposal is in the client's language, French (Lausanne)
    assert "Renvoi au médecin-conseil de l'assureur" in text
    assert "Sophie Rochat HC, SC" in text
    assert "appareil dentaire, envisagé lors de la demande (prévu pour 03.2027)" in text
