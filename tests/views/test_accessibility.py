"""Accessibility (issue 20): every control a screen reader reaches has a name, in every
language. The check asks Qt's accessibility interface, what NVDA, VoiceOver and Orca
read (`QAccessible.queryAccessibleInterface(widget).text(Name)`), for every visible,
enabled interactive control of the main window, of each wizard step and of each dialog;
a message beside a field is the field's accessible description."""

from __future__ import annotations

import re
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyleFactory,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.i18n import LANGUAGES
from app.views.context import AppContext
from app.views.forms import Field, PageCheckError, plain_label_text
from app.views.main_window import MainWindow
from tests.views.fakes import FakeProposals, chosen, decided_follow_up, family_draft

INTERACTIVE = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView,
               QTabBar, QTextEdit, QPlainTextEdit)


def _inside_a_control(widget: QWidget) -> bool:
    """The line edit of a combo box or spin box, a scroll bar's buttons: parts of one
    control, announced with it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return ""
    if isinstance(widget, QComboBox):
        # on Linux Qt gives a combo box its current value as name ("Female"): what names
        # it is its accessible name (Windows, macOS) or a label pointing at it (Orca)
        if widget.accessibleName():
            return widget.accessibleName()
        labels = iface.relations(QAccessible.RelationFlag.Label)
        return " ".join(other.text(QAccessible.Text.Name) for other, _kind in labels).strip()
    return iface.text(QAccessible.Text.Name).strip()


def unnamed(root: QWidget) -> list[tuple[str, str]]:
    """(class, objectName) of each visible, enabled interactive control without a name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        if not widget.isVisible() or not widget.isEnabled() or _inside_a_control(widget):
            continue
        if not accessible_name(widget):
            found.append((type(widget).__name__, widget.objectName()))
    return found


def stale(root: QWidget) -> list[tuple[str, str]]:
    """(name, label) of each control whose accessible name is not its label's text in the
    language shown: a name left over from another language or another label."""
    found = []
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if isinstance(buddy, Field):
            buddy = buddy.widget
        if buddy is None or not label.isVisible() or not buddy.accessibleName():
            continue
        if buddy.accessibleName() != plain_label_text(label.text()):
            found.append((buddy.accessibleName(), label.text()))
    return found


def interactive(root: QWidget) -> int:
    return sum(1 for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE)
               and w.isVisible() and w.isEnabled() and not _inside_a_control(w))


def undescribed(root: QWidget) -> list[tuple[str, str]]:
    """Fields showing a message whose control does not carry it as its description."""
    found = []
    for field in root.findChildren(Field):
        message = field.message
        if not message or not field.isVisible():
            continue
        iface = QAccessible.queryAccessibleInterface(field.widget)
        description = iface.text(QAccessible.Text.Description) if iface else ""
        if description != message:
            found.append((type(field.widget).__name__, message))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_of_the_window_and_the_steps_is_named(
        qtbot: QtBot, context: AppContext, language: str) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = chosen(family_draft())
    draft.stored = True  # the follow-up step shows a decided proposal
    context.follow_ups.summaries[draft.id] = decided_follow_up(draft)  # type: ignore[union-attr]
    proposals.add(draft)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    window.set_language(language)
    qtbot.wait(20)
    problems = {}
    if found := unnamed(window) + stale(window):
        problems["list"] = found
    window.open_proposal(draft.id)
    wizard = window.wizard
    for index, page in enumerate(wizard.pages):
        wizard._show(index)
        qtbot.wait(10)
        if found := unnamed(window) + stale(window):
            problems[page.step] = found
    assert problems == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_of_the_dialogs_is_named(qtbot: QtBot, language: str,
                                               tmp_path: Path) -> None:
    from app.views.create_profile import CreateProfileDialog
    from app.views.import_tariff import ImportTariffDialog
    from app.views.language import switch_language
    from app.views.pdf_preview import PdfPreview
    from app.views.signature_pad import SignaturePad
    from app.views.unlock_session import LockScreen
    from tests.views.dialogs import every_dialog
    from tests.views.fakes import make_context

    switch_language(language)
    problems: dict[str, list[tuple[str, str]]] = {}
    screens = every_dialog(tmp_path)
    screens.update({  # the other windows and panels that stand alone
        "import tariff": ImportTariffDialog(lambda path, progress: None),
        "lock screen": LockScreen(make_context().auth),
        "pdf preview": PdfPreview(),
        "signature pad": SignaturePad()})
    for name, dialog in screens.items():
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(10)
        if found := unnamed(dialog) + stale(dialog):
            problems[name] = found
        if isinstance(dialog, CreateProfileDialog):
            with suppress(PageCheckError):
                dialog.check()  # every field empty: a message under each
            qtbot.wait(10)
            if found := undescribed(dialog):
                problems[f"{name} (messages)"] = found
        dialog.close()
    assert problems == {}


def test_a_message_beside_a_field_is_its_description(qtbot: QtBot) -> None:
    edit = QLineEdit()
    field = Field(edit)
    qtbot.addWidget(field)
    field.show()
    field.set_error("Enter a postal code of four digits")
    assert undescribed(field) == []
    iface = QAccessible.queryAccessibleInterface(edit)
    assert iface.text(QAccessible.Text.Description) == "Enter a postal code of four digits"
    edit.setText("1003")  # a new value: the message goes, and its description
    assert iface.text(QAccessible.Text.Description) == ""


def test_the_check_sees_an_unnamed_control(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    edit = QLineEdit(root)
    edit.setObjectName("street")
    root.show()
    assert unnamed(root) == [("QLineEdit", "street")]
    edit.setAccessibleName("Street")
    assert unnamed(root) == []


def test_the_household_fields_are_read_by_their_label_in_each_language(
        qtbot: QtBot, context: AppContext) -> None:
    proposals = context.proposals
    assert isinstance(proposals, FakeProposals)
    draft = proposals.add(family_draft())
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.open_proposal(draft.id)  # the household step
    names = {}
    for language in ("en", "de", "fr"):
        window.set_language(language)
        names[language] = [accessible_name(window.findChild(QWidget, name))
                           for name in ("first_name", "sex", "persons", "steps")]
    assert names == {
        "en": ["First name", "Sex", "Persons of the household", "Steps of the proposal"],
        "de": ["Vorname", "Geschlecht", "Personen des Haushalts", "Schritte des Antrags"],
        "fr": ["Prénom", "Sexe", "Personnes du ménage", "Étapes de la proposition"]}


# --- contrast (WCAG 2.1, 1.4.3: at least 4.5:1 for text) ---------------------------------

def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """WCAG relative luminance."""
    return (0.2126 * _channel(color.red()) + 0.7152 * _channel(color.green())
            + 0.0722 * _channel(color.blue()))


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def stylesheet_color(widget: QWidget) -> QColor:
    match = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", widget.styleSheet())
    assert match, widget.styleSheet()
    return QColor(match.group(1))


def test_the_contrast_check_matches_wcag() -> None:
    # black on white is 21:1; #777777 on white is the classic 4.48:1 just under the bar
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


def test_messages_and_statuses_are_readable_on_the_light_palette(
        qtbot: QtBot, context: AppContext) -> None:
    from app.views.forms import ErrorLabel
    from app.views.wizard.product_row import GREY

    palette = QStyleFactory.create("Fusion").standardPalette()  # the light palette
    window_bg = palette.color(QPalette.ColorRole.Window)
    base_bg = palette.color(QPalette.ColorRole.Base)  # lists and trees
    window = MainWindow(context)
    qtbot.addWidget(window)
    status = window.status
    colors = {"error message": (stylesheet_color(ErrorLabel()), window_bg)}
    for online in (True, False):
        status._online = online
        status.retranslate()
        colors["online" if online else "offline"] = (stylesheet_color(status.connection),
                                                     window_bg)
    colors["greyed product and its reason"] = (GREY.color(), base_bg)
    ratios = {name: round(contrast(fore, back), 2) for name, (fore, back) in colors.items()}
    assert {name: ratio for name, ratio in ratios.items() if ratio < 4.5} == {}


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_questionnaire_case_and_the_household_messages(qtbot: QtBot, context: AppContext,
                                                         language: str) -> None:
    from app.views.language import switch_language
    from app.views.wizard.answer_questionnaire import QuestionnairePage
    from app.views.wizard.edit_household import HouseholdPage

    switch_language(language)
    draft = chosen(family_draft())
    questionnaire = QuestionnairePage(context)
    qtbot.addWidget(questionnaire)
    questionnaire.show()
    questionnaire.load(draft)
    surgery = questionnaire.form_for(draft.persons[0].key).widget("surgery")
    surgery.answer(True)  # a case opens with its own fields
    surgery.add_case_button.click()
    qtbot.wait(10)
    household = HouseholdPage(context)
    qtbot.addWidget(household)
    household.show()
    household.load(family_draft())
    household.form.line("postal_code").setText("12")
    household.form.line("ahv_number").setText("756.1234")
    for name in ("postal_code", "ahv_number"):
        household.form.check_field(name)
    assert household.form.fields["postal_code"].message  # the check did say something
    assert (unnamed(questionnaire), undescribed(household), unnamed(household)) == ([], [], [])
