"""Small hand-written tariff folders for tests, so expected amounts are easy to check."""

from __future__ import annotations

from pathlib import Path

LCA_HEADER = "year,product,module,level,deductible,capital,region,age_class,sex,monthly_premium"
LAMAL_HEADER = "year,insurer,canton,region,age_group,deductible,model,accident,tariff,monthly_premium"


def write_csv(folder: Path, name: str, header: str, rows: list[str],
              comment: str = "# test tariff") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([comment, header, *rows]) + "\n", encoding="utf-8")
    return path


def lamal_block(insurer: str = "SWICA", canton: str = "VD", region: int = 2,
                adult: str = "400.00", year: int = 2026) -> list[str]:
    """A consistent LAMal tariff for one insurer, canton and region (all groups, models).

    Adult standard CHF 300 with accident = `adult`; the other rows follow fixed, easily
    checked differences (see the test that uses it).
    """
    rows = []
    base = {"child": "100.00", "young_adult": "300.00", "adult": adult}
    # yearly reduction per optional deductible step, below 70% of the extra risk
    cuts = {"child": {0: "0", 100: "5.00", 200: "10.00", 300: "15.00", 400: "20.00",
                      500: "25.00", 600: "30.00"},
            "young_adult": {300: "0", 500: "10.00", 1000: "40.00", 1500: "70.00",
                            2000: "95.00", 2500: "120.00"}}
    cuts["adult"] = cuts["young_adult"]
    models = {"standard": "0", "family_doctor": "20.00", "hmo": "30.00", "telmed": "25.00"}
    from decimal import Decimal as D

    for group, amount in base.items():
        for deductible, cut in cuts[group].items():
            for model, model_cut in models.items():
                with_accident = D(amount) - D(cut) - D(model_cut)
                # accident share: 5% of the premium with accident (ceiling 7%)
                share = (with_accident * 5 / 100).quantize(D("0.01"))
                for accident, value in (("with", with_accident),
                                        ("without", with_accident - share)):
                    rows.append(f"{year},{insurer},{canton},{region},{group},{deductible},"
                                f"{model},{accident},{model},{value}")
    return rows
