"""Below the products: the waiting periods and exclusions of the product selected, so the
client knows them before committing."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import _
from app.services.formatting import format_date
from app.views.context import AppContext


class ProductDetails(QLabel):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWordWrap(True)
        self.setObjectName("productDetails")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet("background: #f6f6f2; padding: 8px; border-radius: 4px;")

    def show_nothing(self) -> None:
        self.setText(_("Select a product to see its waiting periods and exclusions."))

    def show_product(self, title: str, code: str, level: str | None, start: date) -> None:
        """The product's line text as title, then what the catalogue says for the level."""
        catalogue = self.context.catalogue
        parts = [f"<b>{_html(title)}</b>"]
        waits = catalogue.waiting_periods(code, level, start)
        if waits:
            parts.append(_("Waiting periods:") + "<ul>" + "".join(
                "<li>" + _html(_("%(benefit)s: %(months)d months, covered from %(day)s")
                               % {"benefit": w.benefit, "months": w.months,
                                  "day": format_date(w.covered_from)}) + "</li>"
                for w in waits) + "</ul>")
        else:
            parts.append(_("No waiting period."))
        exclusions = catalogue.exclusions(code, level)
        if exclusions:
            parts.append(_("Not covered:") + "<ul>" + "".join(
                f"<li>{_html(text)}</li>" for text in exclusions) + "</ul>")
        self.setText("<br>".join(parts))


def _html(text: str) -> str:
    return escape(text, quote=False)  # &, < and > only, as the label has always shown
