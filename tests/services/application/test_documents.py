"""The offer PDF of a draft, through the real documents, catalogue and tariffs (issue 5)."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.services.application.documents import DocumentsAdapter
from app.services.application.pricing import PricingAdapter
from app.services.catalogue import load_catalogue
from app.services.pricing.engine import load_tariffs
from app.services.store.database import Store
from tests.views.fakes import chosen, family_draft

TODAY = date(2026, 11, 20)


@pytest.fixture
def documents(store: Store) -> DocumentsAdapter:
    catalogue, tariffs = load_catalogue(), load_tariffs()
    pricing = PricingAdapter(catalogue, tariffs, lambda: TODAY)
    return DocumentsAdapter(store, catalogue, tariffs, pricing, lambda: TODAY)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_offer_in_the_asked_language_with_the_summary_total(documents: DocumentsAdapter) -> None:
    draft = chosen(family_draft())
    text = _text(documents.offer_pdf(draft, "de"))
    assert "Offerte" in text and "Anna Rochat" in text and "Léa Rochat" in text
    total = documents.pricing.quote(draft, "monthly").total
    assert f"CHF {total:,.2f}".replace(",", "'") in text  # the summary's monthly total
    assert "Vergleich der Franchisen" not in text


def test_deductibles_compared_only_when_asked(documents: DocumentsAdapter) -> None:
    draft = chosen(family_draft())
    text = _text(documents.offer_pdf(draft, "fr", compare_deductibles=True))
    assert "Comparaison des franchises" in text
    # Anna at CHF 500: CHF 488.– a month, so 12 x 488 = 5'856 a year; the most she can pay
    # is that plus the deductible and the CHF 700 cap on the co-payment (LAMal art. 64):
    # 5'856 + 500 + 700 = 7'056.
    assert "CHF 5'856.00" in text and "CHF 7'056.00" in text  # a table: with cents


def test_a_person_without_birth_date_is_named(documents: DocumentsAdapter) -> None:
    draft = chosen(family_draft())
    draft.persons[1].birth_date = None
    with pytest.raises(ValueError, match="Date of birth missing: Marc Rochat"):
        documents.offer_pdf(draft, "fr")


def test_nothing_chosen_is_said_plainly(documents: DocumentsAdapter) -> None:
    with pytest.raises(ValueError, match="^No insurance chosen yet: nothing to offer.$"):
        documents.offer_pdf(family_draft(), "fr")
