"""Every dialog of the application, built on fakes in the current language: the screens
the keyboard and no-clipping checks walk through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.views.change_password import ChangePasswordDialog
from app.views.create_profile import CreateProfileDialog
from app.views.edit_preferences import PreferencesDialog
from app.views.export_offers import ExportOffersDialog
from app.views.log_in import LoginDialog
from app.views.preferences import Preferences
from app.views.resolve_conflicts import ResolveConflictsDialog
from app.views.review_repricing import ReviewRepricingDialog
from app.views.wizard.compare_levels import CompareLevelsDialog
from app.views.wizard.consent_declaration import ConsentDeclarationDialog
from app.views.wizard.record_date import RecordDateDialog
from app.views.wizard.reservation_dialog import ReservationDialog, reservable_persons
from tests.views.fakes import (
    FakeConflicts,
    FakeFollowUps,
    FakeRepricings,
    chosen,
    decided_follow_up,
    family_draft,
    make_context,
    phone_conflict,
    repriced_offer,
)


def every_dialog(folder: Path) -> dict[str, QWidget]:
    context = make_context()
    draft = chosen(family_draft())
    follow_ups = FakeFollowUps()
    follow_ups.summaries[draft.id] = decided_follow_up(draft)
    products = {p.code: p for family in context.catalogue.families() for p in family.products}
    return {
        "create profile": CreateProfileDialog(lambda data: None),  # type: ignore[arg-type, return-value]
        "login": LoginDialog(context.auth),
        "change password": ChangePasswordDialog(context.auth),
        "preferences": PreferencesDialog(Preferences(), str(folder)),
        "compare levels": CompareLevelsDialog(context, draft, draft.persons[0],
                                              products["SC"]),
        "conflicts": ResolveConflictsDialog(FakeConflicts([phone_conflict()])),
        "repricing": ReviewRepricingDialog(FakeRepricings([repriced_offer()])),
        "export": ExportOffersDialog(context.proposals, context.documents, [], folder),
        "record date": RecordDateDialog(
            _("The client refuses the reservation"), _("Record the revocation"), _("Sent on"),
            _("Record the refusal"), date(2026, 11, 20), lambda day: None),
        "consent declaration": ConsentDeclarationDialog(follow_ups, draft, True),
        "reservation": ReservationDialog(context, draft, reservable_persons(draft)),
    }
