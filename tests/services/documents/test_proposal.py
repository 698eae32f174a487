"""The proposal in each language: data, questionnaire, declarations, signatures, SHA-256."""

from __future__ import annotations

import io
from dataclasses import replace
from functools import cache

import pytest
from pypdf import PdfReader

from app.i18n import LANGUAGES, gettext_for, use_language
from app.services.documents import texts
from app.services.documents.records import ProposalRecord, RecordError, content_sha256
from app.services.documents.render import render_document
from tests.services.documents.helpers import pages_text, text_of

TITLES = {"fr": "Proposition d'assurance", "de": "Versicherungsantrag",
          "it": "Proposta d'assicurazione", "en": "Insurance proposal"}
YES = {"fr": "Oui", "de": "Ja", "it": "Sì", "en": "Yes"}


@cache
def _proposal(record: ProposalRecord, lang: str) -> bytes:
    return render_document("proposal", record, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_proposal_content(record: ProposalRecord, lang: str) -> None:
    text = text_of(_proposal(record, lang))
    _ = gettext_for(lang)
    assert TITLES[lang] in text
    for value in ("Léa Favre", "Marco Rossi", "Noé Rossi", "756.9876.5432.17", "17.04.1986",
                  "+41 79 555 44 12", "lea.favre@example.ch", "GM-2026-004211"):
        assert value in text
    # The chosen variant B only: Marco's telemedicine basic 338.90, HC 58.20; totals 1'007.30.
    for amount in ("CHF 338.90", "CHF 58.20", "CHF 1'007.30", "CHF 12'087.60", "CHF 133.80"):
        assert amount in text
    assert "CHF 471.30" not in text  # variant A's standard model is not proposed
    with use_language(lang):
        assert texts.proposal_is_formal() in text
        assert texts.binding_sentence() in text
        assert texts.revocation_sentence() in text
        for key in ("truthfulness", "data_processing", "doctors_release", "marketing_profiling"):
            assert _(texts.DECLARATIONS[key]) in text
    # Binding and revocation: 20.10.2026 + 14 days = 03.11.2026 (LCA art. 1 and 2a).
    assert f"{_('Revocation possible until')} 03.11.2026" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_questionnaire_per_person_with_answers(record: ProposalRecord, lang: str) -> None:
    text = text_of(_proposal(record, lang))
    _ = gettext_for(lang)
    for person in ("Léa Favre", "Marco Rossi", "Noé Rossi"):
        assert _("Health questionnaire – {name}, born {date}").format(
            name=person, date={"Léa Favre": "17.04.1986", "Marco Rossi": "02.11.1983",
                               "Noé Rossi": "23.06.2018"}[person]) in text
    lea = record.questionnaires[0].answers[1]
    # Question text in the document language, Léa's "yes" translated, her words verbatim.
    assert f"2 {lea.question.get(lang)} {YES[lang]} Arthroscopie du genou gauche" in text
    assert "168 cm, 61 kg" in text and "127 cm, 26 kg" in text
    dental = record.questionnaires[2].answers[3].question.get(lang)
    assert dental in text  # only the child, who has DP, is asked about dental treatment
    assert text.count(dental) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reservations_declarations_and_signatures(record: ProposalRecord, lang: str) -> None:
    text = text_of(_proposal(record, lang))
    _ = gettext_for(lang)
    assert record.reservations[0].condition.get(lang) in text
    assert _("For the whole duration of the contract") in text
    # Marketing profiling: Léa declined, Marco agreed.
    assert f"☐ Léa Favre {_('(not given)')}" in text
    assert "☒ Marco Rossi" in text
    assert _("Legal representative of {name}").format(name="Noé Rossi") in text
    assert _("Signed at {place} on {date}.").format(place="Sion", date="20.10.2026") in text
    assert text.count(_("{place}, {date}").format(place="Sion", date="20.10.2026")) >= 4
    reader = PdfReader(io.BytesIO(_proposal(record, lang)))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 4  # policyholder, legal representative, insured adult, agent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sha256_of_the_signed_content_in_every_footer(record: ProposalRecord, lang: str) -> None:
    digest = content_sha256(record)
    pages = pages_text(_proposal(record, lang))
    assert len(pages) >= 5
    for page in pages:
        assert digest in page
    reader = PdfReader(io.BytesIO(_proposal(record, lang)))
    assert reader.metadata is not None and reader.metadata.subject == digest


def test_unsigned_proposal_prints_empty_signature_lines(record: ProposalRecord) -> None:
    unsigned = replace(record, signatures=())
    pdf = render_document("proposal", unsigned, "fr")
    text = text_of(pdf)
    assert text.count("Lieu et date: ____________________") == 4
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages) == 0
    # Signatures are not part of the signed content: same fingerprint.
    assert content_sha256(record) in text


def test_proposal_needs_a_chosen_variant(record: ProposalRecord) -> None:
    with pytest.raises(RecordError, match=r"\$.chosen_variant: the record has 3 variants"):
        render_document("proposal", replace(record, chosen_variant=""), "fr")
