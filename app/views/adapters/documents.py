"""Documents (issue 5): the proposal PDF the client reads and signs.

The documents service is being built in its own branch; until it lands on main the
application says so plainly where the PDF would be shown, rather than showing a
made-up document.
"""

from __future__ import annotations

from app.i18n import _
from app.views.draft import ProposalDraft


class DocumentsUnavailable(RuntimeError):
    pass


class DocumentsAdapter:
    def proposal_pdf(self, draft: ProposalDraft, language: str) -> bytes:
        raise DocumentsUnavailable(_("the documents module is not installed in this version"))
