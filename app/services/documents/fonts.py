"""The embedded Unicode font: DejaVu Sans, shipped in resources/fonts with its licence.

reportlab's standard Helvetica is not embedded and covers only Latin-1; DejaVu
prints every accent of fr/de/it names (and "–", "−", "☒") and is subset into
each PDF, so a fresh clone renders the same document on any machine.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import RESOURCES

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = RESOURCES / "fonts"


@cache
def register_fonts() -> None:
    """Register the two faces once per process; `<b>` in paragraphs maps to the bold face."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, FONT_BOLD)
