"""Swiss postal code -> locality, canton and premium region.

Data: `resources/postal_codes/ch_postal_codes.csv` (all 4-digit postal codes with
locality and canton, derived from countrystatecity-postal-codes, ODbL) and
`resources/postal_codes/premium_regions.csv` (municipality -> region, SR 832.106
annex 1, partial). 15 cantons form a single premium region (annex 1 A); in the 11
others, a locality not in the region table is flagged and the agent picks the
region among the canton's regions.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.i18n import _
from app.paths import RESOURCES

FOLDER = RESOURCES / "postal_codes"

# Regions per canton, SR 832.106 annex 1 (A: one region; B: two; C: three).
REGION_COUNT: dict[str, int] = {
    **dict.fromkeys(
        ("AG", "AI", "AR", "BS", "GE", "GL", "JU", "NE", "NW", "OW", "SO", "SZ", "TG", "UR", "ZG"),
        1,
    ),
    **dict.fromkeys(("BL", "FR", "SH", "TI", "VD", "VS"), 2),
    **dict.fromkeys(("BE", "GR", "LU", "SG", "ZH"), 3),
}
CANTONS: tuple[str, ...] = tuple(sorted(REGION_COUNT))


@dataclass(frozen=True)
class Locality:
    postal_code: str
    locality: str
    canton: str
    municipality: str


@dataclass(frozen=True)
class RegionRow:
    canton: str
    bfs_number: str
    municipality: str
    region: int
    localities: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class RegionLookup:
    """The premium region of a place, or the regions the agent must choose from."""

    canton: str
    region: int | None
    candidates: tuple[int, ...]
    source: str

    @property
    def needs_choice(self) -> bool:
        return self.region is None

    @property
    def message(self) -> str:
        if self.region is not None:
            return ""
        return _("The premium region must be picked by the agent (regions {regions}).").format(
            regions=", ".join(str(r) for r in self.candidates)
        )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@cache
def _by_code() -> dict[str, tuple[Locality, ...]]:
    table: dict[str, list[Locality]] = {}
    for line, row in enumerate(_rows(FOLDER / "ch_postal_codes.csv"), start=1):
        if row["canton"] not in REGION_COUNT:
            raise ValueError(f"ch_postal_codes.csv row {line}: unknown canton {row['canton']!r}")
        entry = Locality(row["postal_code"], row["locality"], row["canton"], row["municipality"])
        table.setdefault(entry.postal_code, []).append(entry)
    return {code: tuple(entries) for code, entries in table.items()}


@cache
def region_table() -> tuple[RegionRow, ...]:
    rows = []
    for line, row in enumerate(_rows(FOLDER / "premium_regions.csv"), start=1):
        canton, region = row["canton"], int(row["region"])
        if not 1 <= region <= REGION_COUNT.get(canton, 0):
            raise ValueError(f"premium_regions.csv row {line}: region {region} invalid for {canton}")
        rows.append(
            RegionRow(
                canton=canton,
                bfs_number=row["bfs_number"],
                municipality=row["municipality"],
                region=region,
                localities=tuple(n.strip() for n in row["localities"].split(";") if n.strip()),
                source=row["source"],
            )
        )
    return tuple(rows)


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


@cache
def _regions_by_name() -> dict[tuple[str, str], RegionRow]:
    index: dict[tuple[str, str], RegionRow] = {}
    for row in region_table():
        for name in (row.municipality, *row.localities):
            index[(row.canton, _fold(name))] = row
    return index


def localities(postal_code: str) -> tuple[Locality, ...]:
    """Every locality with that postal code (several share one code); () if unknown."""
    return _by_code().get(postal_code.strip(), ())


def is_known(postal_code: str) -> bool:
    return bool(localities(postal_code))


def cantons_of(postal_code: str) -> tuple[str, ...]:
    return tuple(sorted({entry.canton for entry in localities(postal_code)}))


def _strip_number(locality: str) -> str:
    # "Lausanne 25" (a post-office box locality) lies in Lausanne.
    head, _, tail = locality.rpartition(" ")
    return head if head and tail.isdigit() else locality


def premium_region(
    postal_code: str, canton: str | None = None, place: str | None = None
) -> RegionLookup:
    """Region of a postal code, narrowed by canton and locality/municipality name if given."""
    entries = localities(postal_code)
    if canton is None:
        found = cantons_of(postal_code)
        if len(found) != 1:
            raise LookupError(f"postal code {postal_code!r}: canton unknown or ambiguous")
        canton = found[0]
    count = REGION_COUNT[canton]
    candidates = tuple(range(1, count + 1))
    if count == 1:
        return RegionLookup(canton, 1, candidates, "SR 832.106 annex 1 A: one region")
    index = _regions_by_name()
    if place:
        row = index.get((canton, _fold(_strip_number(place))))
        if row is not None:
            return RegionLookup(canton, row.region, candidates, row.source)
    names = {_strip_number(e.locality) for e in entries if e.canton == canton}
    if not place or _fold(place) in {_fold(n) for n in names}:
        if place:
            names = {place}
        rows = [index.get((canton, _fold(name))) for name in names]
        if rows and all(rows) and len({r.region for r in rows if r}) == 1:
            first = rows[0]
            assert first is not None
            return RegionLookup(canton, first.region, candidates, first.source)
    return RegionLookup(canton, None, candidates, "")


# The Federal Statistical Office's language regions (OFS/BFS "Régions linguistiques", by
# municipality) drawn on Swiss Post's postal code areas. Only a default for the client's
# language: the agent changes it where the client prefers another.
_FRENCH_CANTONS = frozenset({"GE", "VD", "NE", "JU"})
_ITALIAN_GR = ((6535, 6565), (7602, 7610), (7741, 7748))  # Misox, Calanca, Bregaglia, Poschiavo
_FRENCH_IN_BILINGUAL = {
    "VS": ((1860, 1999),),  # Lower Valais; Upper Valais 3900-3999 is German
    "BE": ((2600, 2799),),  # Jura bernois; bilingual Biel/Bienne has a German majority
    "FR": ((1400, 1799),),  # French-speaking Fribourg; 3xxx (Sense, See) is German
}
_CANTONS = frozenset({"AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU",
                      "NE", "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS",
                      "ZG", "ZH"})


def language_region(postal_code: str, canton: str) -> str | None:
    """"fr", "de" or "it": the language most spoken at a Swiss postal code, or None when the
    code or the canton is not one."""
    if len(postal_code) != 4 or not postal_code.isdigit() or canton not in _CANTONS:
        return None
    code = int(postal_code)

    def within(ranges: tuple[tuple[int, int], ...]) -> bool:
        return any(low <= code <= high for low, high in ranges)

    if canton == "TI" or (canton == "GR" and within(_ITALIAN_GR)):
        return "it"
    if canton in _FRENCH_CANTONS or within(_FRENCH_IN_BILINGUAL.get(canton, ())):
        return "fr"
    return "de"
