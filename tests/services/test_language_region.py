"""The language a client is most likely to read, from the postal code (issue 15, item 19).

The Federal Statistical Office's language regions (OFS/BFS "Régions linguistiques", by
municipality), drawn on Swiss Post's postal code areas: Ticino and the Italian-speaking
valleys of Graubünden (Misox and Calanca 6535-6565, Bregaglia 7602-7610, Poschiavo and
Brusio 7741-7748) Italian; Geneva, Vaud, Neuchâtel, Jura, the French-speaking Valais and
Jura bernois French; the rest German. It is a default the agent can change.
"""

import pytest

from app.services.postal_codes import language_region


@pytest.mark.parametrize(("postal_code", "canton", "language"), [
    ("6900", "TI", "it"),  # Lugano
    ("6500", "TI", "it"),  # Bellinzona
    ("6535", "GR", "it"),  # Roveredo GR (Misox)
    ("7742", "GR", "it"),  # Poschiavo
    ("7000", "GR", "de"),  # Chur
    ("1004", "VD", "fr"),  # Lausanne
    ("1201", "GE", "fr"),
    ("2000", "NE", "fr"),
    ("2800", "JU", "fr"),  # Delémont
    ("1950", "VS", "fr"),  # Sion
    ("3900", "VS", "de"),  # Brig
    ("3920", "VS", "de"),  # Zermatt
    ("2610", "BE", "fr"),  # Saint-Imier (Jura bernois)
    ("3011", "BE", "de"),  # Bern
    ("1700", "FR", "fr"),  # Fribourg
    ("3186", "FR", "de"),  # Düdingen
    ("8001", "ZH", "de"),
    ("4001", "BS", "de"),
])
def test_language_region(postal_code: str, canton: str, language: str) -> None:
    assert language_region(postal_code, canton) == language


@pytest.mark.parametrize(("postal_code", "canton"), [("", "VD"), ("12", "VD"), ("abcd", ""),
                                                     ("1004", "XX")])
def test_unknown_input_gives_no_language(postal_code: str, canton: str) -> None:
    assert language_region(postal_code, canton) is None
