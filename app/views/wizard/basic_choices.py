"""What the basic insurance form offers: its captions and the lists to choose from."""

from __future__ import annotations

from app.i18n import N_, _
from app.services.application.draft import PersonDraft
from app.services.formatting import format_chf
from app.views.context import AppContext
from app.views.labels import START_REASONS
from app.views.validators import parse_date

# The form's rows in order, by the name of their field.
CAPTIONS = {
    "insurer": N_("&Insurer"),
    "model": N_("&Model"),
    "deductible": N_("&Deductible"),
    "accident_cover": N_("Accident cover"),
    "reason": N_("&Reason for the proposal"),
    "event_date": N_("Date of birth or &arrival"),
    "current_insurer": N_("C&urrent insurer"),
    "current_deductible": N_("Current deductible"),
    "current_model": N_("Current model"),
    "premium_announced": N_("Premium announcement"),
}


def choice_lists(context: AppContext, person: PersonDraft) -> dict[str, list[tuple[str, str]]]:
    """(code, text) per combo box; the deductibles are those of the person's age."""
    basic = context.basic
    insurers = [(o.code, o.label) for o in basic.insurers()]
    models = [(o.code, o.label) for o in basic.models()]
    mine = [(str(a), format_chf(a)) for a in basic.deductibles(
        person.birth_date, context.today())]
    return {
        "insurer": insurers,
        "current_insurer": [("", _("another insurer"))] + insurers,
        "model": models,
        "current_model": models,
        "reason": [(c, _(t)) for c, t in START_REASONS.items()],
        "deductible": mine,
        "current_deductible": mine,
    }


def date_check(text: str) -> str | None:
    return None if parse_date(text) else _("Enter a date as dd.mm.yyyy.")
