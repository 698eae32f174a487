"""003 §Nature et étendue de la couverture d'assurance: "Des limitations de prestations
s'appliquent notamment sur les produits GI, GL, GM, GP, GX, GC, GF, HC, HB, HS et AJ soit
pour les hospitalisations en établissements de soins psychiatriques, soit pour les séjours de
réadaptation/rééducation, soit en cas d'urgence à l'étranger" (issue 17, item 7)."""

import pytest

from app.services.catalogue import load_catalogue

# GC, GF and HB are named there but are not offered (003's list of products has none of
# them), so the catalogue has no such product.
NAMED = ("GI", "GL", "GM", "GP", "GX", "HC", "HS", "AJ")


def test_products_named_but_not_offered_are_not_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    assert not any(code in catalogue for code in ("GC", "GF", "HB"))


@pytest.mark.parametrize("code", NAMED)
def test_the_products_003_names_state_the_limited_stays(code: str) -> None:
    product = load_catalogue().product(code)
    limits = [limit for limit in product.limits() if limit.key == "limited_stays"]
    assert limits, f"{code} has no limited_stays"
    text = limits[0].text.get("fr") if limits[0].text else ""
    assert "psychiatrique" in text and "étranger" in text
    assert "Nature et étendue" in limits[0].source
