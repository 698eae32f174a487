"""The offer in each language: persons, products, premiums, variants, LCA art. 3 information."""

from __future__ import annotations

from functools import cache

import pytest

from app.i18n import LANGUAGES, gettext_for, use_language
from app.services.documents import texts
from app.services.documents.records import ProposalRecord, RecordError
from app.services.documents.render import render_document
from tests.services.documents.helpers import pages_text, text_of

TITLES = {"fr": "Offre", "de": "Offerte", "it": "Offerta", "en": "Offer"}
PAGE = {"fr": "page", "de": "Seite", "it": "pagina", "en": "page"}
# LCA art. 2a, as the client reads it.
REVOCATION = {
    "fr": "Vous pouvez révoquer votre proposition ou votre acceptation dans les 14 jours",
    "de": "Sie können Ihren Antrag oder Ihre Annahmeerklärung innert 14 Tagen",
    "it": "Può revocare la Sua proposta o la Sua accettazione entro 14 giorni",  # the "Lei" form
    "en": "You may revoke your proposal or your acceptance within 14 days",
}
# Product HC in each language (the record's LocalText) and its level, as the agent sold it.
HOSPITAL = {
    "fr": "HC · Assurance complémentaire d'hospitalisation",
    "de": "HC · Spitalzusatzversicherung",
    "it": "HC · Assicurazione complementare d'ospedalizzazione",
    "en": "HC · Complementary hospital insurance",
}


@cache
def _offer(record: ProposalRecord, lang: str, variant: str = "", compare: bool = False) -> bytes:
    return render_document("offer", record, lang, variant=variant, compare_deductibles=compare)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_single_variant_offer(record: ProposalRecord, lang: str) -> None:
    pdf = _offer(record, lang, "B")
    pages = pages_text(pdf)
    text = " ".join(pages)
    _ = gettext_for(lang)
    assert pdf.startswith(b"%PDF-")
    assert text.startswith(TITLES[lang]) or f" {TITLES[lang]} " in text
    for name in ("Léa Favre", "Marco Rossi", "Noé Rossi", "Rue du Grand-Pont 18", "1950 Sion"):
        assert name in text
    assert "756.1234.5678.97" in text
    assert HOSPITAL[lang] in text
    # Léa, variant B: basic 338.90 (deductible 2'500, a table's amount with its cents),
    # HC 64.80, SO 31.40, MU 6.90 - 0.70.
    for amount in ("CHF 2'500.00", "CHF 338.90", "CHF 64.80", "CHF 31.40", "CHF 6.90", "−CHF 0.70"):
        assert amount in text
    # Totals of B: 1'007.30 a month, 12 x 1'007.30 = 12'087.60 a year; Léa 441.30 / 5'295.60.
    for amount in ("CHF 1'007.30", "CHF 12'087.60", "CHF 441.30", "CHF 5'295.60"):
        assert amount in text
    assert record.variants[1].coverages[0].items[2].premium.discounts[0].reason.get(lang) in text
    # Dates dd.mm.yyyy in every language: issue, validity, start of cover, minimum term,
    # birth; no revocation deadline on an offer (it runs from the signing, issue 16 item 4).
    assert "03.11.2026" not in text
    for day in ("20.10.2026", "30.11.2026", "01.01.2027", "31.12.2029", "17.04.1986"):
        assert day in text
    # Variant A is not in a single-variant offer.
    assert "CHF 471.30" not in text
    for index, page in enumerate(pages, start=1):
        assert f"{PAGE[lang]} {index} / {len(pages)}" in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_offer_carries_the_precontractual_information(record: ProposalRecord, lang: str) -> None:
    text = text_of(_offer(record, lang, "B"))
    _ = gettext_for(lang)
    with use_language(lang):
        assert texts.revocation_sentence() in text
    assert REVOCATION[lang] in text
    assert _("Information before concluding the contract (art. 3 LCA)") in text
    # Insurer carrying the risk on every page footer and in the information, with its seat.
    for page in pages_text(_offer(record, lang, "B")):
        assert "Groupe Mutuel Assurances GMA SA" in page
        assert "Sébastien Crettenand" in page and "ACC-VS-20417" in page
    assert "Rue des Cèdres 5, 1919 Martigny" in text
    assert "dataprotection@groupemutuel.ch" in text
    # Waiting periods and exclusions in plain words, from the record (seed 003, HC and MU).
    assert record.variants[1].coverages[0].items[0].waiting_periods[0].get(lang) in text
    assert record.variants[1].coverages[0].items[2].exclusions[0].get(lang) in text
    # Minimum term: 3 years, 1 year for Mundo (003 "Durée minimale d'assurance").
    ngettext_years = {"fr": "1 an", "de": "1 Jahr", "it": "1 anno", "en": "1 year"}
    assert ngettext_years[lang] in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_offer_with_three_variants_side_by_side(record: ProposalRecord, lang: str) -> None:
    text = text_of(_offer(record, lang))
    _ = gettext_for(lang)
    for variant in record.variants:
        assert f"{variant.key}: {variant.label.get(lang)}" in text
    # Yearly totals: A 1'286.60 x 12 = 15'439.20; B 12'087.60; C (no HC) 884.30 x 12 = 10'611.60.
    assert "CHF 15'439.20 CHF 12'087.60 CHF 10'611.60" in text
    # Differences to A: 12'087.60 - 15'439.20 = -3'351.60; 10'611.60 - 15'439.20 = -4'827.60.
    assert "−CHF 3'351.60 −CHF 4'827.60" in text
    assert _("Difference per year compared with {key}").format(key="A") in text


def test_variant_difference_can_be_positive(record: ProposalRecord) -> None:
    from dataclasses import replace

    swapped = replace(record, variants=(record.variants[2], record.variants[0]), chosen_variant="")
    text = text_of(render_document("offer", swapped, "en"))
    # A costs 15'439.20 - 10'611.60 = 4'827.60 more a year than C.
    assert "+CHF 4'827.60" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compare_deductibles_table(record: ProposalRecord, lang: str) -> None:
    text = text_of(_offer(record, lang, "B", True))
    _ = gettext_for(lang)
    assert _("Compare deductibles") in text
    # Léa, telemedicine: 2'500 -> 338.90 x 12 = 4'066.80 a year; saving against 300
    # (452.80 x 12 = 5'433.60) is 1'366.80; worst case 4'066.80 + 2'500 + 700 = 7'266.80.
    assert f"CHF 2'500.00 {_('(chosen)')} CHF 338.90 CHF 4'066.80 CHF 1'366.80 CHF 7'266.80" in text
    # Noé: deductible 0 chosen, worst case 104.20 x 12 + 0 + 350 = 1'600.40.
    assert f"CHF 0.00 {_('(chosen)')} CHF 104.20 CHF 1'250.40 – CHF 1'600.40" in text
    assert _("Compare deductibles") not in text_of(_offer(record, lang, "B"))


def test_unknown_variant_is_refused(record: ProposalRecord) -> None:
    with pytest.raises(RecordError, match=r"no variant 'Z' \(has A, B, C\)"):
        render_document("offer", record, "fr", variant="Z")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_offer_states_the_revocation_right_without_a_date(record: ProposalRecord,
                                                             lang: str) -> None:
    """Issue 16, item 4: the offer printed "Revocation possible until <issue date + 14>",
    but the 14 days run from the signing (LCA art. 2a), which has not happened: the right
    is stated, the date is on the signed proposal."""
    _ = gettext_for(lang)
    offer = text_of(_offer(record, lang, "B"))
    assert REVOCATION[lang] in offer
    assert _("Revocation possible until: {date}.").split("{date}")[0] not in offer
    assert _("Bound until: {date}.").split("{date}")[0] not in offer
    proposal = text_of(render_document("proposal", record, lang))
    assert _("Revocation possible until: {date}.").split("{date}")[0] in proposal
