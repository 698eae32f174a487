"""Reservation consent declaration (004 art. 8) and policy with its QR-bill, in each language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import pytest

from app.i18n import LANGUAGES, gettext_for, use_language
from app.services.documents import texts
from app.services.documents.qr_bill import build_bill
from app.services.documents.records import ProposalRecord, RecordError, Reservation
from app.services.documents.render import render_document
from tests.services.documents.helpers import pages_text, text_of

CONSENT_TITLES = {"fr": "Déclaration de consentement à une réserve",
                  "de": "Einverständniserklärung zu einem Vorbehalt",
                  "it": "Dichiarazione di consenso a una riserva",
                  "en": "Declaration of consent to a reservation"}
POLICY_TITLES = {"fr": "Police d'assurance", "de": "Versicherungspolice",
                 "it": "Polizza d'assicurazione", "en": "Insurance policy"}
# QR-bill headings (Swiss QR-bill specification, annex D), drawn by qrbill.
PAYMENT_PART = {"fr": "Section paiement", "de": "Zahlteil", "it": "Sezione pagamento",
                "en": "Payment part"}


@cache
def _render(kind: str, record: ProposalRecord, lang: str) -> bytes:
    return render_document(kind, record, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consent_declaration(record: ProposalRecord, lang: str) -> None:
    pages = pages_text(_render("consent", record, lang))
    text = " ".join(pages)
    _ = gettext_for(lang)
    assert len(pages) == 1  # only Léa has a reservation
    assert CONSENT_TITLES[lang] in text
    assert "Léa Favre, 17.04.1986" in text
    assert record.reservations[0].condition.get(lang) in text
    # The products under reservation, by name in the document language.
    assert "HC · " + record.variants[1].coverages[0].items[0].product_name.get(lang) in text
    assert "SO · " + record.variants[1].coverages[0].items[1].product_name.get(lang) in text
    assert _("For the whole duration of the contract") in text  # 004 art. 8 al. 3
    with use_language(lang):
        assert texts.reservation_deadline_text("30.11.2026") in text  # art. 8 al. 2
        assert texts.reservation_scope_text() in text
    assert "Groupe Mutuel Assurances GMA SA" in text
    assert "Mutuel Assurance Maladie SA" not in text  # the LAMal insurer makes no reservation
    assert "Sébastien Crettenand" in text and "ACC-VS-20417" in text
    assert f"{ {'fr': 'page', 'de': 'Seite', 'it': 'pagina', 'en': 'page'}[lang]} 1 / 1" in text


def test_consent_one_page_per_person_and_limited_duration(record: ProposalRecord) -> None:
    child = Reservation(
        "p3", record.reservations[0].condition, ("DP",), answer_deadline=date(2026, 11, 15),
        until=date(2028, 12, 31))
    two = replace(record, reservations=(*record.reservations, child))
    pages = pages_text(render_document("consent", two, "de"))
    assert len(pages) == 2
    assert "Noé Rossi, 23.06.2018" in pages[1]
    assert "Bis 31.12.2028" in pages[1]
    assert "Gesetzliche Vertretung von Noé Rossi" in pages[1]  # a minor (004 art. 6 al. 8)
    assert "Seite 2 / 2" in pages[1]


def test_consent_without_reservation_is_refused(record: ProposalRecord) -> None:
    with pytest.raises(RecordError, match=r"\$.reservations: none"):
        render_document("consent", replace(record, reservations=()), "fr")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_policy(record: ProposalRecord, lang: str) -> None:
    pages = pages_text(_render("policy", record, lang))
    text = " ".join(pages)
    _ = gettext_for(lang)
    assert POLICY_TITLES[lang] in text
    assert "GMA-27-0481516" in text and "25.11.2026" in text
    # Per person and product: start, level, deductible, premium (variant B).
    assert f"HC · {record.variants[1].coverages[0].items[0].product_name.get(lang)}" in text
    assert "01.01.2027 2 CHF 1'000.00 CHF 64.80 CHF 777.60" in text  # Léa's HC: 64.80 x 12; a column's amounts with cents (issue 16, 14)
    assert "CHF 441.30 CHF 5'295.60" in text
    assert record.reservations[0].condition.get(lang) in text
    with use_language(lang):
        assert texts.policy_start_text() in text
    assert _("First premium invoice") in pages[-1]
    assert "CHF 1'007.30" in pages[-1]  # January 2027 = the monthly total of B
    assert "01.01.2027 – 31.01.2027" in pages[-1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_policy_qr_bill_in_the_pdf(record: ProposalRecord, lang: str) -> None:
    last = pages_text(_render("policy", record, lang))[-1]
    assert PAYMENT_PART[lang] in last
    assert "CH44 3199 9123 0008 8901 2" in last
    assert "21 00000 00003 13947 14300 09017" in last
    assert "1 007.30" in last  # qrbill prints amounts with a space as thousands separator
    assert "CH-1950 Sion" in last and "CH-1919 Martigny" in last


def test_qr_bill_payload(record: ProposalRecord) -> None:
    """Swiss Payments Code fields, in the order of the QR-bill specification 2.3 (chapter 4)."""
    lines = build_bill(record, "fr").qr_data().split("\r\n")
    assert lines[:4] == ["SPC", "0200", "1", "CH4431999123000889012"]
    assert lines[4:11] == ["S", "Groupe Mutuel Assurances GMA SA", "Rue des Cèdres", "5", "1919",
                           "Martigny", "CH"]
    assert lines[18:20] == ["1007.30", "CHF"]
    assert lines[20:27] == ["S", "Léa Favre", "Rue du Grand-Pont", "18", "1950", "Sion", "CH"]
    assert lines[27:31] == ["QRR", "210000000003139471430009017", "GMA-27-0481516 01.2027", "EPD"]


def test_policy_without_invoice_has_no_payment_part(record: ProposalRecord) -> None:
    assert record.policy is not None
    bare = replace(record, policy=replace(record.policy, invoice=None))
    text = text_of(render_document("policy", bare, "en"))
    assert "Payment part" not in text and "First premium invoice" not in text
    assert "GMA-27-0481516" in text


def test_policy_needs_policy_data(record: ProposalRecord) -> None:
    with pytest.raises(RecordError, match=r"\$.policy: missing"):
        render_document("policy", replace(record, policy=None), "fr")
