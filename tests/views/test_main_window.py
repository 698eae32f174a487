from pytestqt.qtbot import QtBot

from app.i18n import set_language
from app.views.main_window import MainWindow


def test_main_window_retranslates(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    set_language("de")
    try:
        window.retranslate()
        assert window.windowTitle() == "Propono - Anträge für Krankenversicherungen"
    finally:
        set_language("en")
