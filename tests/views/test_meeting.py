"""A whole client meeting through the real widgets and the real services (issue 6).

A family of two adults and a child: basic insurance, GM for the adults, DP for the
child, SC for all; a health question answered yes with the suggested reservation
accepted; every signature; the proposal PDF and its hash stored. The refusal paths
on the way: an invalid AHV number, a product greyed with its reason, a missing answer
blocking the step. The store is a fresh database; the catalogue, rules, tariffs,
questionnaire and documents are the shipped ones.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.services.proposals import flow
from app.services.store.database import Store
from app.views.context import AppContext
from app.views.main_window import MainWindow
from app.views.preferences import MemoryPreferences
from app.views.wiring import build_context
from app.views.wizard.answer_questionnaire import QuestionnairePage
from app.views.wizard.choose_basic_insurance import BasicInsurancePage
from app.views.wizard.edit_household import HouseholdPage
from app.views.wizard.pick_products import ProductsPage
from app.views.wizard.review_reservations import ReservationsPage
from app.views.wizard.review_summary import SummaryPage
from app.views.wizard.sign_proposal import SignaturesPage

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


@pytest.fixture
def context(store: Store, tmp_path: Path) -> AppContext:
    return build_context(store, tmp_path, MemoryPreferences(), lambda: TODAY, lambda: NOW)


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{combo.objectName()}: no {data!r}"
    combo.setCurrentIndex(index)


def _person(qtbot: QtBot, page: HouseholdPage, first: str, sex: str, birth: str,
            ahv: str = "") -> None:
    form = page.form
    _type(qtbot, form.line("first_name"), first)
    _type(qtbot, form.line("last_name"), "Rochat")
    _choose(form.combo("sex"), sex)
    _type(qtbot, form.line("birth_date"), birth)
    _type(qtbot, form.line("ahv_number"), ahv)
    _type(qtbot, form.line("street"), "Avenue de la Gare 12")
    _type(qtbot, form.line("postal_code"), "1003")


def _sign(qtbot: QtBot, canvas: object) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(30, 90))
    for x in range(40, 240, 25):
        qtbot.mouseMove(canvas, QPoint(x, 70 + (x // 25) % 3 * 12))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(240, 80))


def test_a_whole_meeting(qtbot: QtBot, context: AppContext, store: Store) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    wizard = window.wizard
    window.new_action.trigger()

    # 1. Persons, with an invalid AHV number refused beside the field
    household = wizard.current_page
    assert isinstance(household, HouseholdPage)
    _person(qtbot, household, "Anna", "F", "01.05.1986", "756.1234.5678.97")
    household.add_person("spouse")
    _person(qtbot, household, "Marc", "M", "29.02.1984", "756.1234.5678.90")
    assert household.form.fields["ahv_number"].message == (
        "The AHV number's check digit is wrong.")
    household.add_person("child")
    _person(qtbot, household, "Lea", "F", "14.07.2018")
    assert household.form.combo("municipality").currentText() == "Lausanne"
    assert household.form.combo("canton").currentData() == "VD"
    assert not wizard.next()
    assert wizard.current_page is household
    assert household.person_list.currentRow() == 1  # Marc, whose AHV number is wrong
    assert household.form.fields["ahv_number"].message == (
        "The AHV number's check digit is wrong.")
    _type(qtbot, household.form.line("ahv_number"), "756.9217.0769.85")
    assert wizard.next()
    draft = wizard.draft
    assert draft.stored  # the household and the proposal are in the store now
    anna, marc, lea = draft.persons

    # 2. Basic insurance: the earliest start and the notice deadline before signing
    basic = wizard.current_page
    assert isinstance(basic, BasicInsurancePage)
    for person in draft.persons:
        form = basic.form_for(person.key)
        _choose(form.insurer, "CMVEO")
        _choose(form.current_insurer, "EGK")
    # EGK, ordinary deductible: for 30 June or 31 December with 3 months' notice
    # (001 art. 5); on 20.11.2026 the next end is 30.06.2027, notice by 31.03.2027
    text = basic.form_for(anna.key).dates.text()
    assert "Earliest start: 01.07.2027" in text
    assert "Notice to the current insurer by: 31.03.2027" in text
    assert wizard.next()

    # 3. Products: HS greyed with its reason, premiums at once
    products = wizard.current_page
    assert isinstance(products, ProductsPage)
    _type(qtbot, products.start, "01.01.2027")
    for person, items in ((anna, ("GM", "SC")), (marc, ("GM", "SC")), (lea, ("DP", "SC"))):
        products.select_person(person.key)
        for code in items:
            products.set_choice(code, True, level="0" if code == "DP" else
                                "1" if code == "SC" else None)
            assert products.row(code).premium_text.startswith("CHF ")
    hs = products.row("HS")
    assert not hs.enabled
    # 003 HS; the age on the meeting's day (003 "Conditions d'admission"), HC named instead
    assert hs.remark == ("HS Hospital senior: entry is possible from age 56 (completed years); "
                         "the person is 8 on 20.11.2026. HC Supplementary hospital insurance "
                         "admits this age.")
    assert products.total.text().startswith("Household total: CHF ")
    assert wizard.next()

    # 4. Questionnaires: a missing answer blocks; a yes with its case
    questions = wizard.current_page
    assert isinstance(questions, QuestionnairePage)
    for person in draft.persons:
        questions.form_for(person.key).answer_all(False)
    marc_form = questions.form_for(marc.key)
    marc_form.widget("hospital_10y").input.group.setExclusive(False)
    marc_form.widget("hospital_10y").input.no.setChecked(False)  # type: ignore[union-attr]
    marc_form.widget("hospital_10y").input.group.setExclusive(True)
    assert not wizard.next()
    assert marc_form.widget("hospital_10y").error.text() == (
        "Hospital stays and operations in the last 10 years: please answer.")
    marc_form.widget("hospital_10y").answer(False)
    knee = questions.form_for(anna.key).widget("treatment_5y")
    knee.answer(True)
    case = knee.cases[0]
    _type(qtbot, case.inputs["diagnosis"].line, "meniscus surgery")  # type: ignore[arg-type]
    _choose(case.inputs["body_part"].combo, "knee")  # type: ignore[arg-type]
    _choose(case.inputs["side"].combo, "left")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["from"].line, "02.2024")  # type: ignore[arg-type]
    _choose(case.inputs["course"].combo, "healed")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["to"].line, "06.2024")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["treatment"].line, "arthroscopy")  # type: ignore[arg-type]
    _type(qtbot, case.inputs["doctor"].line, "Dr Rossi, Lausanne")  # type: ignore[arg-type]
    case.inputs["time_off_work"].answer(False)
    assert wizard.next(), wizard.problem.text()

    # 5. Reservations: the suggested one, accepted by the client
    reservations = wizard.current_page
    assert isinstance(reservations, ReservationsPage)
    assert [(r.body_part, r.condition) for r in reservations.reservations] == [
        ("genou gauche", "meniscus surgery 2024")]
    assert not wizard.next()  # no consent yet
    reservations.set_status(0, "accepted_by_client")
    reservations.set_answer_by(0, "04.12.2026")
    assert wizard.next(), wizard.problem.text()

    # 6. Summary
    summary = wizard.current_page
    assert isinstance(summary, SummaryPage)
    assert summary.quote is not None
    assert {line.product for line in summary.quote.lines} == {"LAMAL", "GM", "SC", "DP"}
    assert summary.quote.total == sum(line.net for line in summary.quote.lines)
    assert wizard.next()

    # 7. Signatures: the PDF first, then every required signer
    signatures = wizard.current_page
    assert isinstance(signatures, SignaturesPage)
    qtbot.waitUntil(lambda: signatures.preview.page_count > 0, timeout=10000)
    assert [(s.name, s.role) for s in signatures.signers] == [
        ("Anna Rochat", "policyholder"), ("Marc Rochat", "insured_person"),
        ("Anna Rochat", "legal_representative"), ("Claire Demierre", "agent")]
    signatures.read_box.setChecked(True)
    _type(qtbot, signatures.place, "Lausanne")
    signatures.tick_all_declarations()
    for pad in signatures.pads.values():
        _sign(qtbot, pad.canvas)
    with qtbot.waitSignal(signatures.signed, timeout=10000) as blocker:
        signatures.sign_button.click()
    digest = blocker.args[0]
    stored = flow.load_proposal(store, draft.id)
    assert stored.status.value == "signed"
    assert stored.document_sha256 == digest == hashlib.sha256(draft.signed_pdf).hexdigest()
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(draft.signed_pdf)).pages)
    for expected in ("Anna Rochat", "Marc Rochat", "Lea Rochat", "Claire Demierre", "AG-123",
                     "Lausanne", "genou gauche"):
        assert expected in text, expected
    assert wizard.next()
    assert wizard.current_page.step == "print"

    # Reopening shows the proposal where it was, frozen
    window.close_action.trigger()
    window.open_proposal(draft.id)
    assert wizard.current_page.step == "print"
    assert not wizard.draft.editable
