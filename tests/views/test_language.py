from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.i18n import _, get_language
from app.views.language import retranslate_tree, switch_language


class _Translated(QLabel):
    def retranslate(self) -> None:
        self.setText(_("Clients and proposals"))


def test_switch_retranslates_every_widget_and_qt_strings(qtbot: QtBot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    first, second = _Translated(root), _Translated(root)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, root)
    root.show()
    assert retranslate_tree(root) == 2
    switch_language("de")
    assert get_language() == "de"
    assert first.text() == second.text() == "Kunden und Anträge"
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    switch_language("it")
    assert first.text() == "Clienti e proposte"
    switch_language("en")
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
