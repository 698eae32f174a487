"""Form building blocks: a field with its error message beside it (Vorta, Picard).

A page's `check()` puts each problem next to the field it concerns and raises
`PageCheckError`, so the agent sees every problem at once, in place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QVBoxLayout, QWidget


class PageCheckError(Exception):
    """A page is not complete; `problems` maps a field name to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class ErrorLabel(QLabel):
    """A message in red, word-wrapped. It takes no room while empty, unless `reserve`: then
    its line is kept, so a message appearing moves nothing below it (issue 15, item 7)."""

    def __init__(self, parent: QWidget | None = None, *, reserve: bool = False) -> None:
        super().__init__(parent)
        self.reserve = reserve
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if reserve:  # hidden while empty, but its line kept in the layout
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
            policy = self.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            self.setSizePolicy(policy)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class Field(QWidget):
    """An input widget with its error message just below it, in one form cell."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None, *,
                 reserve: bool = False) -> None:
        super().__init__(parent)
        self.widget = widget
        # `reserve`: the message's line is kept, so the rows below never move (a form the
        # agent fills from top to bottom, issue 15, item 7)
        self.error = ErrorLabel(self, reserve=reserve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        layout.addWidget(self.error)
        self.setFocusProxy(widget)
        # A message is about the value it was given for: once the value changes it goes,
        # and the next check says again what is still wrong (issue 15, item 6).
        for name in ("textChanged", "currentIndexChanged", "toggled"):
            signal = getattr(widget, name, None)
            if signal is not None:
                signal.connect(self._value_changed)
                break

    def _value_changed(self, *_args: object) -> None:
        if self.error.text():
            self.set_error(None)

    def set_error(self, message: str | None) -> None:
        self.error.show_message(message)
        self.widget.setProperty("invalid", bool(message))
        self.widget.setAccessibleDescription(message or "")

    @property
    def message(self) -> str:
        return self.error.text()


def plain_label_text(text: str) -> str:
    """A label's text as a screen reader should say it: no '&' of the Alt letter, no
    markup, one line."""
    if GuiQt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(":").strip()


def set_label(label: QLabel, text: str) -> None:
    """Give `label` its text and the control it labels (its buddy) the same accessible name
    (issue 20): Qt finds a buddy label for some widgets only, and not through a `Field`, so
    a screen reader said "edit text" with no field name. Call it where the page's
    `retranslate()` sets the label, so the name follows the language."""
    label.setText(text)
    name_from_label(label)


def name_from_label(label: QLabel, widget: QWidget | None = None) -> None:
    """The label's text, without the '&', as the accessible name of `widget` (by default
    the label's buddy; a `Field` names its input)."""
    target = widget if widget is not None else label.buddy()
    if isinstance(target, Field):
        target = target.widget
    if target is not None:
        target.setAccessibleName(plain_label_text(label.text()))


def name_view(view: QAbstractItemView, name: str) -> None:
    """A table, list or tree named for a screen reader, and its column headers with it."""
    view.setAccessibleName(name)
    for header in (getattr(view, "horizontalHeader", None), getattr(view, "header", None),
                   getattr(view, "verticalHeader", None)):
        if header is not None:
            header().setAccessibleName(name)
    corner = view.findChild(QWidget, "qt_tableview_cornerbutton")
    if corner is not None:
        corner.setAccessibleName(name)


def form_layout() -> QFormLayout:
    """A form whose labels wrap rather than clip (German labels are long)."""
    layout = QFormLayout()
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return layout


def wrapping_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    return label


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for messages that appeared while it was on screen: Qt
    does not grow a window for the extra lines of a word-wrapped label by itself."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    width = window.width()
    needed = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
    height = max(needed, layout.minimumSize().height(), layout.sizeHint().height())
    if height > window.height():
        window.resize(width, height)
