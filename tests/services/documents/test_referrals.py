"""The proposal states which products are referred to the insurer's medical officer
(issue 15, item 12): the answers of those products are for the medical officer, who may ask
for a medical report (004 art. 7 al. 1) before the insurer accepts, reserves or refuses
them (004 art. 6 al. 5). The client reads it before signing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.i18n import LANGUAGES, gettext_for
from app.services.documents.records import (
    ProposalRecord,
    RecordError,
    content_sha256,
    dump_record,
    record_from_json,
    record_to_json,
)
from app.services.documents.render import render_document
from tests.services.documents.helpers import compact, text_of

Edit = Callable[[Callable[[dict[str, Any]], None]], ProposalRecord]
TITLE = {"fr": "Renvoi au médecin-conseil de l'assureur",
         "de": "Weiterleitung an den Vertrauensarzt des Versicherers",
         "it": "Trasmissione al medico di fiducia dell'assicuratore",
         "en": "Referral to the insurer's medical officer"}


def _referred(data: dict[str, Any]) -> None:
    data["referrals"] = [{"person": "p2", "products": ["HC", "SO"]}]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_proposal_names_the_referred_products(edited: Edit, lang: str) -> None:
    record = edited(_referred)
    text = text_of(render_document("proposal", record, lang))
    assert TITLE[lang] in text
    _ = gettext_for(lang)
    assert compact(_(
        "The answers concerning the products below go to the insurer's medical officer, who "
        "may ask for a medical report (art. 7 of the general conditions); the insurer then "
        "accepts, reserves or refuses these products (art. 6 al. 5).")) in compact(text)
    assert compact("Marco Rossi HC, SO") in compact(text)


def test_no_referral_no_section(record: ProposalRecord) -> None:
    assert record.referrals == ()
    assert TITLE["en"] not in text_of(render_document("proposal", record, "en"))


def test_the_referral_is_part_of_the_signed_content(record: ProposalRecord, edited: Edit) -> None:
    referred = edited(_referred)
    assert content_sha256(referred) != content_sha256(record)
    again = record_from_json(record_to_json(referred))
    assert again.referrals == referred.referrals
    assert '"referrals"' in dump_record(referred)


@pytest.mark.parametrize(("referrals", "problem"), [
    ([{"person": "p9", "products": ["HC"]}], "$.referrals[0].person: unknown person 'p9'"),
    ([{"person": "p3", "products": ["HC"]}],
     "$.referrals[0].products[0]: unknown product 'HC' for person 'p3' (has AB, DP, SO)"),
    ([{"person": "p1", "products": []}], "$.referrals[0].products: none"),
])
def test_a_wrong_referral_is_named(edited: Edit, referrals: list[dict[str, Any]],
                                   problem: str) -> None:
    def change(data: dict[str, Any]) -> None:
        data["referrals"] = referrals

    with pytest.raises(RecordError) as error:
        edited(change)
    assert problem in str(error.value)
