"""Switching the interface language at run time (Frescobaldi's `translateUI`).

Every widget that shows text has a `retranslate()` method that sets all its strings
with `_()`. `switch_language()` changes the catalog, loads Qt's own translations (the
standard buttons and dialogs), then calls `retranslate()` on every widget of every
window, so nothing needs a restart.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from app.i18n import set_language


@runtime_checkable
class Retranslatable(Protocol):
    def retranslate(self) -> None: ...


_QT_TRANSLATOR = "propono-qt-translator"


def _load_qt_translation(app: QApplication, language: str) -> None:
    """Qt's own strings (standard buttons, print dialog) in the same language."""
    previous = app.findChild(QTranslator, _QT_TRANSLATOR)
    if previous is not None:
        app.removeTranslator(previous)
        previous.deleteLater()
        previous.setObjectName("")
    if language == "en":
        return
    translator = QTranslator(app)
    translator.setObjectName(_QT_TRANSLATOR)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)


def retranslate_tree(root: QWidget) -> int:
    """Call `retranslate()` on `root` and on all its descendants; returns how many. A
    window Qt has already deleted (a dialog closed with deleteLater) is passed over."""
    count = 0
    if not isValid(root):
        return 0
    for widget in [root, *root.findChildren(QWidget)]:
        if isValid(widget) and isinstance(widget, Retranslatable):
            widget.retranslate()
            count += 1
    return count


def switch_language(language: str) -> None:
    set_language(language)
    QLocale.setDefault(QLocale(language))
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    _load_qt_translation(app, language)
    # Qt posts LanguageChange to its own widgets (standard buttons): deliver them now.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    for window in app.topLevelWidgets():
        retranslate_tree(window)
