"""Interface labels of the codes the services use (states, roles, frequencies...).

Marked with `N_()` here and translated with `_()` when shown, so that a language switch
shows them anew. Unknown codes are shown as they are rather than hidden.
"""

from __future__ import annotations

from app.i18n import N_, _

STATUSES: dict[str, str] = {
    "": N_("No proposal yet"),
    "unsaved": N_("Not yet saved"),
    "draft": N_("Draft"),
    "ready": N_("Ready for signature"),
    "cancelled": N_("Cancelled"),
    "complete": N_("Complete"),
    "signed": N_("Signed"),
    "submitted": N_("Submitted"),
    "accepted": N_("Accepted"),
    "accepted_with_reservations": N_("Accepted with reservations"),
    "refused": N_("Refused"),
    "revoked": N_("Revoked"),
    "policy_issued": N_("Policy issued"),
    "superseded": N_("Superseded"),
}

FREQUENCIES: dict[str, str] = {
    "annual": N_("Annual"),
    "semi_annual": N_("Semi-annual"),
    "quarterly": N_("Quarterly"),
    "monthly": N_("Monthly"),
}

SEXES: dict[str, str] = {"F": N_("Female"), "M": N_("Male")}

START_REASONS: dict[str, str] = {
    "change_of_insurer": N_("Change of insurer"),
    "birth": N_("Birth"),
    "arrival": N_("Arrival in Switzerland"),
}

RESERVATION_STATUSES: dict[str, str] = {
    "proposed": N_("Proposed"),
    "consent_requested": N_("Consent requested"),
    "accepted_by_client": N_("Accepted by the client"),
    "refused_by_client": N_("Refused by the client"),
}

SIGNER_ROLES: dict[str, str] = {
    "insured_person": N_("Insured person"),
    "policyholder": N_("Policyholder"),
    "legal_representative": N_("Legal representative"),
    "agent": N_("Agent"),
}

# Sync conflicts (issue 7): which record, which field, in the agent's words.
CONFLICT_ENTITIES: dict[str, str] = {
    "household": N_("Household"),
    "person": N_("Person"),
    "proposal": N_("Proposal"),
}

CONFLICT_FIELDS: dict[str, str] = {
    "name": N_("Household name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "ahv_number": N_("AHV number"),
    "nationality": N_("Nationality"),
    "street": N_("Street and number"),
    "postal_code": N_("Postal code"),
    "locality": N_("Locality"),
    "municipality": N_("Municipality"),
    "canton": N_("Canton"),
    "premium_region": N_("Premium region"),
    "language": N_("Language"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "iban": N_("IBAN for refunds"),
    "role": N_("Role in the household"),
    "start_date": N_("Start date"),
    "signing_place": N_("Place of signing"),
    "note": N_("Note"),
}

# Language names are shown in their own language, never translated.
LANGUAGE_NAMES: dict[str, str] = {
    "fr": "Français",
    "de": "Deutsch",
    "it": "Italiano",
    "en": "English",
}


def label(table: dict[str, str], code: str) -> str:
    text = table.get(code)
    return _(text) if text else code
