"""How a total reads when it may leave a premium out (issue 15, item 1)."""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import _, ngettext
from app.services.application.ports import Quote
from app.services.formatting import format_chf


def total_text(quote: Quote, names: Mapping[str, str]) -> str:
    """The monthly household total; when a chosen cover has no premium in it, a total that
    says so and whose premium it leaves out, never a plain total."""
    if quote.complete:
        return _("Household total: %s per month") % format_chf(quote.total)
    missing = "; ".join(f"{names.get(m.person_key, '')}, {m.label}" for m in quote.missing)
    return ngettext("Total without {count} premium: {amount} per month (missing: {names})",
                    "Total without {count} premiums: {amount} per month (missing: {names})",
                    len(quote.missing)).format(count=len(quote.missing),
                                               amount=format_chf(quote.total), names=missing)
