"""The dates below a person's basic insurance choices: when the cover can start and by
which day the current insurer must receive the notice, with the insurer's reasons."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import _
from app.services.application.draft import BasicInsuranceChoice, PersonDraft
from app.services.formatting import format_date
from app.views.context import AppContext


class StartDatesPanel(QLabel):
    def __init__(self, context: AppContext, person: PersonDraft,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.person = person
        self.setWordWrap(True)
        self.setObjectName("basicDates")
        self.setStyleSheet("background: #eef3fb; padding: 8px; border-radius: 4px;")
        self.setTextFormat(Qt.TextFormat.RichText)

    def show_for(self, choice: BasicInsuranceChoice) -> tuple[date | None, str | None]:
        """Ask the basic-insurance rules for the dates and show them with their reasons;
        returns the start date and, when the rules refuse the choice, why."""
        if not choice.insurer or choice.deductible is None:
            self.setText(_("Choose the insurer and the deductible to see the dates."))
            return None, None
        if choice.reason in ("birth", "arrival") and choice.event_date is None:
            self.setText(_("Enter the date of the birth or of the arrival."))
            return None, None
        try:
            dates = self.context.basic.dates(choice, self.person, self.context.today())
        except (LookupError, ValueError) as error:
            self.setText(escape(str(error)))
            return None, str(error)
        lines = ["<b>" + escape(_("Earliest start: %s") % format_date(dates.start_date))
                 + "</b>"]
        if dates.notice_deadline:
            lines.append("<b>" + escape(_("Notice to the current insurer by: %s")
                                        % format_date(dates.notice_deadline)) + "</b>")
        if dates.late:
            lines.append(escape(_("Late affiliation: the insurer may charge a surcharge.")))
        lines.append("<ul>" + "".join(f"<li>{escape(t)}</li>" for t in dates.explanations)
                     + "</ul>")
        self.setText("".join(f"<p>{line}</p>" if not line.startswith("<ul>") else line
                             for line in lines))
        tip = [_("Sources: %s") % "; ".join(dates.sources)] if dates.sources else []
        if dates.assumed:
            tip.append(_("One of these rules is not settled by the insurer's documents: "
                         "the insurer confirms it."))
        self.setToolTip("\n".join(tip))
        return dates.start_date, None
