"""Regenerate resources/postal_codes/ch_postal_codes.csv from countrystatecity-postal-codes.

Source: the PyPI package `countrystatecity-postal-codes` (file
`data/by-country/CH/postcodes.json`), data of the countries-states-cities-database
project, licensed under the Open Database License (ODbL) v1.0. Usage, in any venv:

    pip install countrystatecity-postal-codes
    python tools/build_postal_codes.py            # finds the installed package
    python tools/build_postal_codes.py PATH.json  # or reads the file given
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "resources" / "postal_codes" / "ch_postal_codes.csv"
CANTONS = {
    "AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
    "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH",
}  # fmt: skip

# Records the source places in the wrong canton (St. Gallen is not in Appenzell
# Ausserrhoden, Neuhausen am Rheinfall not in Zürich). Besides these, a locality whose
# official name ends with a canton abbreviation ("Gossau SG") is put in that canton.
CORRECTIONS = {
    ("9012", "St. Gallen"): "SG",
    ("9014", "St. Gallen"): "SG",
    ("8212", "Neuhausen am Rheinfall"): "SH",
}


def _source(argv: list[str]) -> tuple[Path, str]:
    if len(argv) > 1:
        return Path(argv[1]), "given file"
    spec = importlib.util.find_spec("countrystatecity_postal_codes")
    if spec is None or spec.origin is None:
        raise SystemExit("install countrystatecity-postal-codes or pass the JSON file")
    package = Path(spec.origin).parent
    version = "unknown"
    for dist in package.parent.glob("countrystatecity_postal_codes-*.dist-info"):
        version = dist.name.removesuffix(".dist-info").split("-")[1]
    return package / "data" / "by-country" / "CH" / "postcodes.json", version


def main(argv: list[str]) -> int:
    path, version = _source(argv)
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = set()
    fixes: list[str] = []
    for record in records:
        code, canton, locality = record["code"], record["stateCode"], record["localityName"]
        if record.get("countryCode") != "CH" or canton not in CANTONS:
            raise SystemExit(f"unexpected record {record}")
        if not (len(code) == 4 and code.isdigit()):
            raise SystemExit(f"unexpected postal code {code!r}")
        locality = locality.strip()
        suffix = locality.rsplit(" ", 1)[-1]
        corrected = CORRECTIONS.get((code, locality)) or (suffix if suffix in CANTONS else canton)
        if corrected != canton:
            fixes.append(f"{code} {locality} {canton}->{corrected}")
        rows.add((code, locality, corrected))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# Swiss postal codes from countrystatecity-postal-codes {version} "
            "(data/by-country/CH/postcodes.json), countries-states-cities-database, "
            "Open Database License (ODbL) v1.0. Regenerate with tools/build_postal_codes.py.\n"
            f"# Cantons corrected (see the script): {'; '.join(sorted(fixes))}.\n"
            "# The source has no municipality; the column stays empty until a municipality "
            "register is added.\n"
        )
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["postal_code", "locality", "canton", "municipality"])
        for code, locality, canton in sorted(rows):
            writer.writerow([code, locality, canton, ""])
    print(f"{len(rows)} rows written to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
