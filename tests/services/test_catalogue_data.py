"""The catalogue's data against seed 003, one test per product family.

Expected values are typed from the source text (quoted in the comments), not from the
TOML files, so a wrong edit of the data fails here.
"""

from datetime import date
from decimal import Decimal

import pytest

from app.services.catalogue import Catalogue, load_catalogue


def D(*values: int) -> tuple[Decimal, ...]:  # noqa: N802 - short helper for amounts
    return tuple(Decimal(v) for v in values)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def ages(cat: Catalogue, code: str, level: str | None = None) -> tuple[int | None, int | None]:
    limits = cat.product(code).age_limits(level)
    return limits.min_age, limits.max_age


def waiting(cat: Catalogue, code: str, level: str | None = None) -> dict[str, int]:
    product = cat.product(code)
    return {r.benefit: r.months for r in product.waiting_rules
            if level is None or not r.levels or level in r.levels}


def limit(cat: Catalogue, code: str, key: str, level: str | None = None) -> Decimal | None:
    matches = [x.amount for x in cat.product(code).limits(level) if x.key == key]
    assert len(matches) == 1, (code, key, matches)
    return matches[0]


def test_global_family(cat: Catalogue) -> None:
    for code in ("GE", "GI", "GL", "GM", "GP", "GX", "GT", "GO"):
        product = cat.product(code)
        assert product.family == "global"
        # "Assureur porteur du risque: Groupe Mutuel Assurances GMA SA – Martigny"
        assert product.insurer == "Groupe Mutuel Assurances GMA SA"
        assert product.premium_structure == "age_classes"
    ge = cat.product("GE")
    # "adhésion possible pour les personnes au bénéfice d'une AOS auprès de la CMVEO"
    assert [(p.kind, p.insurer) for p in ge.prerequisites] == [("lamal_insurer", "CMVEO")]
    assert ge.levels == ("1", "2")  # "2 niveaux à choix"
    alt = next(m for m in ge.modules if m.id == "alternative_medicine")
    assert alt.optional and alt.deductible == Decimal(300)  # "franchise de CHF 300.–"
    assert [x.amount for x in alt.limits] == [Decimal(10000)]  # "max. CHF 10'000.–/an"
    discounts = {d.code: d for d in ge.discounts}
    assert discounts["GE_FAMILY"].kind == "family"
    assert discounts["GE_FAMILY"].conditions.max_age == 25  # "jusqu'à 25 ans"
    base = discounts["GE_BASE_BONUS"]
    assert (base.kind, [r.percent for r in base.rates]) == ("bonus", [Decimal(25)])
    assert base.conditions.claims_below == Decimal(150)
    alt_bonus = discounts["GE_ALTERNATIVE_MEDICINE_BONUS"]
    # "50% (respectivement de 25% pour les assurés jusqu'à 25 ans)"
    assert [(r.percent, r.max_age) for r in alt_bonus.rates] == [(Decimal(50), None),
                                                                 (Decimal(25), 25)]
    gi = cat.product("GI")
    assert waiting(cat, "GI") == {"maternity_hospital": 12}
    assert gi.discounts[0].conditions.max_age == 18  # "enfant jusqu'à 18 ans"
    assert next(m for m in gi.modules if m.id == "plus").deductible == Decimal(300)
    # GL: "2 franchises à choix: CHF 0.– ou CHF 150.–", 4 levels
    assert cat.product("GL").levels == ("1", "2", "3", "4")
    for level in ("1", "2", "3", "4"):
        assert cat.product("GL").deductibles(level) == D(0, 150)
    for code in ("GM", "GP"):
        assert ages(cat, code) == (None, 55)  # "jusqu'à l'âge de 55 ans révolus"
        assert cat.product(code).deductibles() == D(0, 1000, 3000)
        assert waiting(cat, code) == {"maternity_hospital": 12}
        assert limit(cat, code, "general_hospital_days") == Decimal(90)  # "90 jours"
    assert any(m.id == "world" for m in cat.product("GP").modules)  # "option monde"
    gx = cat.product("GX")
    assert ages(cat, "GX") == (None, 55)
    assert gx.maternity_excluded  # "exclusion des prestations: en cas de maternité"
    hospiflex = {x.key: x.amount for m in gx.modules for x in m.limits}
    # "CHF 400.– par jour, au maximum CHF 4'000.– ... CHF 600.– par jour, au maximum CHF 5'000.–"
    assert hospiflex["semi_private_share_per_day"] == Decimal(400)
    assert hospiflex["semi_private_share_per_year"] == Decimal(4000)
    assert hospiflex["private_share_per_day"] == Decimal(600)
    assert hospiflex["private_share_per_year"] == Decimal(5000)
    assert hospiflex["general_ward_share"] == Decimal(0)
    assert {n.key for n in cat.product("GT").notes} >= {"later_admission_without_health_check"}
    go = cat.product("GO")
    assert go.levels == ("1", "2", "3")
    assert ages(cat, "GO", "1") == ages(cat, "GO", "2") == (None, None)  # "sans limitation"
    assert ages(cat, "GO", "3") == (None, 70)  # "Pour le Niveau 3 jusqu'à 70 ans révolus"
    assert go.deductibles("1") == go.deductibles("2") == D(0, 500)
    assert go.deductibles("3") == D(0, 500, 1000)  # "niveau 3 ... en plus CHF 1'000.–"
    assert (go.minimum_term_years, go.notice_months) == (3, 1)  # "préavis d'un mois"
    assert go.waiting_rules[0].waived_if is not None  # "sous réserve d'une couverture..."
    assert limit(cat, "GO", "emergency_worldwide_per_year") == Decimal(100000)
    assert limit(cat, "GO", "semi_private_private_hospital_days") == Decimal(180)
    upgrade = next(m for m in go.modules if m.id == "emergency_abroad_upgrade")
    assert upgrade.levels == ("3",)
    assert [x.amount for x in upgrade.limits] == [Decimal(3000), Decimal(60)]


def test_outpatient_family(cat: Catalogue) -> None:
    assert cat.families()["outpatient"].products == ("SC", "SB", "SD", "SO")
    assert cat.product("SC").levels == ("1", "2", "3", "4")
    assert cat.product("SC").deductibles() == D(0, 50)  # "CHF 0.– ou CHF 50.–"
    sb = cat.product("SB")
    assert ages(cat, "SB") == (None, 60)
    assert sb.deductibles() == D(150)  # "franchise de CHF 150.–"
    assert sb.discounts[0].kind == "bonus"
    assert sb.discounts[0].conditions.max_premium_percent == Decimal(100)  # "100% de la prime"
    assert ages(cat, "SD") == (None, 70)
    assert cat.product("SD").deductibles() == D(0, 200)
    assert cat.product("SO").deductibles() == D(0, 150)
    for code in ("SD", "SO"):  # "rabais sur la prime des enfants si au moins un des parents"
        discount = cat.product(code).discounts[0]
        assert (discount.kind, discount.conditions.holder) == ("children", "parent")
        assert [q.code for q in discount.conditions.qualifying_products] == [code]


def test_hospital_family(cat: Catalogue) -> None:
    hc = cat.product("HC")
    assert ages(cat, "HC") == (None, 60)
    assert hc.deductibles("1") == ()
    for level in ("2", "3", "4"):  # "3 franchises à choix pour les niveaux 2, 3 et 4"
        assert hc.deductibles(level) == D(0, 1000, 3000)
    assert waiting(cat, "HC") == {"maternity_hospital": 12}
    assert hc.territory is not None and hc.territory.scope == "switzerland"
    assert hc.territory_for("1") == hc.territory
    with pytest.raises(ValueError, match="HC"):
        hc.territory_for()
    assert hc.territory_for("4").scope == "worldwide"  # "division privée dans le monde entier"
    hs = cat.product("HS")
    assert ages(cat, "HS") == (56, None)  # "plus de 55 ans, sans limite d'âge"
    assert hs.deductibles("1") == hs.deductibles("2") == ()
    assert hs.deductibles("3") == hs.deductibles("4") == D(0, 2000, 5000)
    assert hs.maternity_excluded
    structure = hs.premium
    assert (structure.kind, structure.by_sex) == ("senior_index", False)
    # "L'indice est de 100 jusqu'à 55 ans inclus et augmente de 7 points par année d'âge"
    assert structure.senior_index(date(1972, 6, 1), 2027) == 100  # age 55 in 2027
    assert structure.senior_index(date(1971, 6, 1), 2027) == 107  # 56
    assert structure.senior_index(date(1957, 1, 1), 2027) == 100 + 7 * 15  # 70
    kh = cat.product("KH")
    assert kh.nature == "fixed_sum"
    assert kh.capital_amounts() == D(300, 500, 600, 900, 1000, 1200, 1500, 2000, 2500, 3000, 3500)
    assert kh.maternity_excluded


def test_travel_family(cat: Catalogue) -> None:
    mu = cat.product("MU")
    assert mu.nature == "mixed"  # "exception faite du capital en cas de décès"
    assert mu.minimum_term_years == 1  # "Mundo ... période minimale d'1 an"
    assert mu.territory.scope == "worldwide"
    assert limit(cat, "MU", "costs_per_year") == Decimal(100000)
    combination = mu.discounts[0]
    assert combination.kind == "combination"
    refs = {q.code: q.levels for q in combination.conditions.qualifying_products}
    # "GC, GF, GG, GI, GL, GM, GO, GP, GS, GX, HB, HC 2, 3 et 4, HS, SB, SC, SD, SO"
    assert list(refs) == ["GC", "GF", "GG", "GI", "GL", "GM", "GO", "GP", "GS", "GX", "HB", "HC",
                          "HS", "SB", "SC", "SD", "SO"]
    assert refs["HC"] == ("2", "3", "4") and refs["GM"] == ()


def test_dental_family(cat: Catalogue) -> None:
    dp = cat.product("DP")
    assert dp.levels == ("0", "1", "2", "3")
    assert ages(cat, "DP", "0") == (0, 18)  # "de 0 à 18 ans pour le niveau 0"
    for level in ("1", "2", "3"):
        assert ages(cat, "DP", level) == (None, 60)  # "jusqu'à 60 ans révolus"
    assert limit(cat, "DP", "orthodontics", "0") == Decimal(15000)
    assert limit(cat, "DP", "dental_per_calendar_year", "1") == Decimal(1000)
    assert limit(cat, "DP", "dental_per_calendar_year", "2") == Decimal(3000)
    assert limit(cat, "DP", "dental_per_calendar_year", "3") == Decimal(15000)
    assert limit(cat, "DP", "prophylaxis_check", "2") == Decimal(75)
    # "délai de carence de 3 mois ... et de 12 mois pour les interventions prothétiques"
    assert waiting(cat, "DP", "0") == {"dental": 3, "dental_prosthetics": 12}
    transfer = dp.transfers[0]
    assert (transfer.from_level, transfer.to_product, transfer.to_level, transfer.age,
            transfer.refusal_days) == ("0", "DP", "1", 18, 30)
    assert dp.premium_structure == "own_tariff"  # "Dentaire plus ... structure différente"


def test_accident_family(cat: Catalogue) -> None:
    ab = cat.product("AB")
    assert ab.levels == ("eco", "light", "standard")
    assert ages(cat, "AB") == (None, 18)
    assert ab.premium_structure == "uniform_0_18"
    assert ab.nature == "mixed"
    assert ab.capitals("eco") == ()
    assert ab.capital_amounts("light", "invalidity") == D(700000)  # "jusqu'à CHF 700'000.-"
    assert ab.capital_amounts("light", "death") == D(10000)
    assert ab.capital_amounts("standard", "hospital") == D(500)
    assert {t.from_level: t.to_product for t in ab.transfers} == {
        "eco": "AJ", "light": "ID", "standard": "ID"}
    aj = cat.product("AJ")
    # "dès 18 ans" (003 §AJ); "jusqu'au jour de ses 60 ans" (004 CP ActiVita art. 3): 59 at most
    assert ages(cat, "AJ") == (18, 59)
    assert aj.nature == "indemnity"
    # "(CHF 1'500.-/cas), chirurgie esthétique (CHF 60'000.-/cas), gardiennage du domicile
    # (CHF 1'500.-/cas), remboursement d'un abonnement de sport (CHF 500.-/cas)"
    assert limit(cat, "AJ", "treatment_transport_per_case") == Decimal(1500)
    assert limit(cat, "AJ", "cosmetic_surgery_per_case") == Decimal(60000)
    assert limit(cat, "AJ", "home_sitting_per_case") == Decimal(1500)
    assert limit(cat, "AJ", "sports_pass_per_case") == Decimal(500)


def test_daily_allowance_family(cat: Catalogue) -> None:
    pi = cat.product("PI")
    assert ages(cat, "PI") == (15, 55)  # "dès 15 ans révolus et jusqu'à 55 ans révolus"
    assert pi.term is not None
    assert pi.term.expiry_in_policy and pi.minimum_term_years is None
    assert pi.term.notice_received_by == (9, 30)  # "au plus tard le 30 septembre"
    assert limit(cat, "PI", "incapacity_notice_days") == Decimal(15)  # "15 jours"


def test_legal_protection_family(cat: Catalogue) -> None:
    lj = cat.product("LJ")
    assert lj.levels == ("priva", "strada", "duo")
    assert lj.questionnaire == "none"
    assert ages(cat, "LJ", "duo") == (None, None)  # "toute personne physique domiciliée"
    assert limit(cat, "LJ", "costs_per_case", "strada") == Decimal(250000)
    assert limit(cat, "LJ", "small_claims_in_house", "priva") == Decimal(2000)
    assert limit(cat, "LJ", "employment_dispute_value", "priva") == Decimal(100000)
    assert limit(cat, "LJ", "family_law_consultation", "priva") == Decimal(500)
    assert waiting(cat, "LJ", "strada") == {"contract_disputes": 3}
    assert waiting(cat, "LJ", "priva") == {"contract_disputes": 3, "property_disputes": 3,
                                          "personal_law_advice": 3}
    assert lj.discounts[0].conditions.max_age == 24  # "enfants de moins de 25 ans"
    ls = cat.product("LS")
    assert ls.minimum_term_years == 1  # "Legis sana+ ... d'1 an"
    assert ls.premium.age_classes == ((0, 18), (19, 99))
    assert waiting(cat, "LS") == {"aesthetic_disputes": 3}
    assert limit(cat, "LS", "costs_per_case_switzerland") == Decimal(500000)
    assert limit(cat, "LS", "costs_per_case_abroad") == Decimal(50000)


def test_capital_family(cat: Catalogue) -> None:
    id_ = cat.product("ID")
    assert ages(cat, "ID") == (None, 65)
    assert id_.nature == "fixed_sum"
    assert id_.premium_structure == "age_bands_capital"
    assert id_.capital_amounts(kind="death") == D(200000)
    assert id_.capital_amounts(kind="invalidity") == D(400000)
    assert all(c.maximum for c in id_.capitals())
    assert limit(cat, "ID", "child_death_under_2y6m") == Decimal(2500)
    assert limit(cat, "ID", "child_death_to_12") == Decimal(20000)
    assert limit(cat, "ID", "from_70_death") == Decimal(10000)
    assert limit(cat, "ID", "from_70_invalidity") == Decimal(30000)
    kp = cat.product("KP")
    assert ages(cat, "KP") == (None, 16)  # "n'a pas atteint 17 ans révolus"
    assert kp.questionnaire == "cancer"
    assert kp.deductibles() == ()  # "pas de franchise"
    assert kp.capital_amounts(kind="monthly_rent") == D(4000)
    assert limit(cat, "KP", "max_rents") == Decimal(15)
    assert waiting(cat, "KP") == {"all": 3}
    assert kp.cover_end is not None and kp.cover_end.age == 17
    assert kp.premium_structure == "single"


def test_terms_and_notice_of_every_product(cat: Catalogue) -> None:
    # 003 "Durée minimale": 3 years, except Alterna, Mundo, Legis sana+ (1 year) and PI;
    # "Fin du contrat": 3 months' notice, 1 month for GO.
    for product in cat.products():
        expected = {"MU": 1, "LS": 1, "PI": None}.get(product.code, 3)
        assert product.minimum_term_years == expected, product.code
        assert product.notice_months == (1 if product.code == "GO" else 3), product.code


def test_nature_of_every_product(cat: Catalogue) -> None:
    # 003 "Nature et étendue": AB and MU mixed; ID, KH, KP fixed sums; the rest indemnity.
    for product in cat.products():
        expected = {"AB": "mixed", "MU": "mixed", "ID": "fixed_sum", "KH": "fixed_sum",
                    "KP": "fixed_sum"}.get(product.code, "indemnity")
        assert product.nature == expected, product.code


def test_questionnaire_of_every_product(cat: Catalogue) -> None:
    for product in cat.products():
        expected = {"KP": "cancer", "LJ": "none", "LS": "none"}.get(product.code, "full")
        assert product.questionnaire == expected, product.code


def test_standard_age_classes(cat: Catalogue) -> None:
    # 003 "Primes": 0-18, 19-25, then 5-year classes from 26 to 70, one class 71-99.
    expected = ((0, 18), (19, 25), (26, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55),
                (56, 60), (61, 65), (66, 70), (71, 99))
    structure = cat.product("GM").premium
    assert structure.age_classes == expected
    # Class of the age reached in the premium year: born 2008, 18 in 2026, 19 in 2027.
    assert structure.age_class(date(2008, 12, 31), 2026) == (0, 18)
    assert structure.age_class(date(2008, 1, 1), 2027) == (19, 25)


def test_general_rules_of_003(cat: Catalogue) -> None:
    # 003 "Proposition d'assurance", "Fin du contrat", "Obligation de déclarer – délais",
    # "Paiement des primes".
    expected = {"proposal_binding": 14, "revocation": 14, "withdrawal_after_claim": 10,
                "premium_increase_termination": 30, "hospital_admission_notice": 5,
                "cure_request": 20, "accident_notice": 10, "premium_payment": 30,
                "war_abroad": 15}
    for key, days in expected.items():
        assert cat.general_rule(key).amount == Decimal(days), key
    assert cat.general_rule("tacit_renewal").amount is None
    with pytest.raises(LookupError):
        cat.general_rule("nothing")
