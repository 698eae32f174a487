"""Offers of unusual shapes read right (issue 16, items 6 and 15): a single person, and
basic insurance only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from app.i18n import LANGUAGES, gettext_for
from app.services.catalogue import load_catalogue
from app.services.documents.builders import VariantSpec, build_offer_record
from app.services.documents.records import Agent, LocalText
from app.services.documents.render import render_document
from app.services.pricing import load_tariffs
from app.services.pricing.model import HouseholdInput, ItemInput, PersonInput
from tests.services.documents.helpers import text_of

LEA = PersonInput("p1", "Léa", "Favre", date(1986, 4, 17), "F", "VS", 1, "policyholder", "1950")
AGENT = Agent("Sébastien Crettenand", "ACC-VS-20417")


def _offer(items: list[ItemInput], lang: str) -> str:
    record = build_offer_record(
        load_catalogue(), load_tariffs(), HouseholdInput((LEA,), lamal_insurer="EGK"),
        [VariantSpec("A", LocalText.same("A"), items)], agent=AGENT, reference="R-9",
        issued=date(2026, 10, 20), place="Sion", language=lang, year=2027)
    return text_of(render_document("offer", record, lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_single_person_offer_speaks_of_that_person(lang: str) -> None:
    _ = gettext_for(lang)
    text = _offer([ItemInput("p1", "LAMAL", deductible=D(300)), ItemInput("p1", "HC", "2")], lang)
    assert _("Prepared for {name} and the persons below.").format(name="Léa Favre") not in text
    assert _("Prepared for {name}.").format(name="Léa Favre") in text
    assert _("Household total") not in text
    assert _("Total") in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_basic_insurance_only_offer_has_no_lca_information(lang: str) -> None:
    _ = gettext_for(lang)
    text = _offer([ItemInput("p1", "LAMAL", deductible=D(300))], lang)
    assert _("Information before concluding the contract (art. 3 LCA)") not in text
    assert _("Minimum term") not in text


@pytest.mark.parametrize("kind", ["offer", "proposal", "policy"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_table_amounts_keep_their_cents_and_stay_whole(kind: str, lang: str) -> None:
    """Issue 16, item 14: "CHF 114.–" among "CHF 140.40" broke a column's alignment; in
    tables every amount has its cents, and none is broken over two lines."""
    import re
    from pathlib import Path

    from app.services.documents.records import load_record

    root = Path(__file__).resolve().parents[3]
    record = load_record(root / "resources" / "examples" / "family-favre-rossi.json")
    text = text_of(render_document(kind, record, lang))
    assert not re.search(r"CHF\s[\d']+\.\d\s+\d", text), "an amount broken over two lines"
    assert not re.search(r"CHF\s[\d']+\.\s", text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_illustrative_quote_says_so_on_every_page(lang: str) -> None:
    """Issue 16, item 10: the screen said the tariff was illustrative, the documents did
    not. The shipped tariffs are illustrative: every page's footer says so."""
    from app.services.documents.records import load_record
    from tests.services.documents.helpers import pages_text

    _ = gettext_for(lang)
    record = build_offer_record(
        load_catalogue(), load_tariffs(), HouseholdInput((LEA,), lamal_insurer="EGK"),
        [VariantSpec("A", LocalText.same("A"), [ItemInput("p1", "LAMAL", deductible=D(300)),
                                                 ItemInput("p1", "HC", "2")])],
        agent=AGENT, reference="R-9", issued=date(2026, 10, 20), place="Sion", language=lang,
        year=2027)
    assert record.illustrative_tariff
    notice = _("Illustrative tariff: these are not the insurer's real premiums.")
    for kind in ("offer", "proposal"):
        for page in pages_text(render_document(kind, record, lang)):
            assert notice in " ".join(page.split()), kind
    from pathlib import Path
    example = load_record(Path(__file__).resolve().parents[3] / "resources" / "examples" /
                          "family-favre-rossi.json")
    assert not example.illustrative_tariff  # the example's premiums are the insurer's
    assert notice not in text_of(render_document("offer", example, lang))


def test_the_words_agree_and_follow_the_law() -> None:
    """Issue 16, item 11: fr "aucun" for an exclusion, "Délégué" where the law says
    "conseiller"; it "nessuno" for an exclusion, "Libero dal segreto"; de "den oder die"."""
    from app.i18n import gettext_for

    fr, it, de = gettext_for("fr"), gettext_for("it"), gettext_for("de")
    assert (fr("no exclusion"), fr("no waiting period")) == ("aucune", "aucun")
    assert (it("no exclusion"), it("no waiting period")) == ("nessuna", "nessuno")
    assert fr("Data protection officer: {contact}.").startswith("Conseiller à la protection")
    assert "den oder die" not in de("I have read the reservation(s) above and accept them.")
    release = ("I release the doctors, hospitals and other providers who have treated me, as "
               "well as other insurers, from professional secrecy towards the insurer's medical "
               "adviser, to the extent needed to assess this proposal and later claims.")
    assert it(release).startswith("Svincolo dal segreto professionale")



@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_premium_year_without_its_tariff_is_said_on_every_page(lang: str) -> None:
    """Issue 17, item 14: the shipped tariffs are of 2025; a 2027 offer priced with them says
    so on every page, as the screens do."""
    from tests.services.documents.helpers import pages_text

    _ = gettext_for(lang)
    record = build_offer_record(
        load_catalogue(), load_tariffs(), HouseholdInput((LEA,), lamal_insurer="EGK"),
        [VariantSpec("A", LocalText.same("A"), [ItemInput("p1", "HC", "2")])],
        agent=AGENT, reference="R-9", issued=date(2026, 10, 20), place="Sion", language=lang,
        year=2027)
    assert (record.premium_year, record.tariff_years_behind) == (2027, (2025,))
    said = _("No tariff for {year} yet: these are the premiums of {years}; the insurer's "
             "{year} premiums may differ.").format(year=2027, years="2025")
    for page in pages_text(render_document("offer", record, lang)):
        assert said in page
