"""Helpers for the document tests: the example record as JSON, PDF text read back with pypdf."""

from __future__ import annotations

import copy
import io
import json
from functools import cache
from typing import Any

from pypdf import PdfReader

from app.paths import RESOURCES
from app.services.documents.records import ProposalRecord

EXAMPLE = RESOURCES / "examples" / "family-favre-rossi.json"


@cache
def _example_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def example_json() -> dict[str, Any]:
    """A fresh, mutable copy of the example exchange file."""
    return copy.deepcopy(_example_json())


def pages_text(pdf: bytes) -> list[str]:
    """Text of each page as pypdf reads it, whitespace (and no-break spaces) collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages]


def text_of(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def compact(text: str) -> str:
    """Without any whitespace: a long name wrapped inside a table cell still matches."""
    return "".join(text.replace("\u00a0", " ").split())


FIRST_NAMES = ["Léa", "Marco", "Noé", "Zoë", "Jürg", "Çağla", "Anaïs", "Łukasz", "Maëlle",
               "Björn", "Chloé", "Niccolò", "Søren", "Aurélie", "Gaëtan", "Mirjam"]
PRODUCT_CODES = ["HC", "SO", "MU", "DP", "KH", "AB", "SC", "GO", "HS", "SD"]


def scaled_record(persons: int, products: int, *, long_names: bool = False) -> ProposalRecord:
    """The example household grown to `persons` people with `products` complementary
    products each (one variant, chosen), for edge cases and benchmarks."""
    from dataclasses import replace
    from datetime import date
    from decimal import Decimal

    from app.services.documents.records import (
        PersonCoverage,
        Questionnaire,
        Total,
        Variant,
        record_from_json,
    )

    base = record_from_json(example_json())
    template = base.variants[1]
    lea = template.coverages[0]
    items = [*lea.items, *template.coverages[2].items]  # HC, SO, MU, SO, DP, AB
    members = []
    coverages = []
    questionnaires = []
    for index in range(persons):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = "Favre-Rossi" if index % 2 else "Rossi"
        if long_names:
            first = f"{first}-Marie Éléonore Françoise-Anne"
            last = "de Montmollin-Würgler-Castellani-Oberholzer von Tscharner"
        adult = index < 2 or index % 3 == 0
        person = replace(base.household.members[0], id=f"p{index + 1}", first_name=first,
                         last_name=last, ahv="", sex="F" if index % 2 == 0 else "M",
                         birth_date=date(1970 + index, 1 + index % 12, 1 + index % 28)
                         if adult else date(2012 + index % 12, 3, 9))
        members.append(person)
        chosen = []
        for number in range(products):
            item = items[number % len(items)]
            chosen.append(replace(item, product_code=PRODUCT_CODES[number % len(PRODUCT_CODES)]
                                  + ("" if number < len(PRODUCT_CODES) else str(number))))
        coverages.append(PersonCoverage(person.id, lea.basic, tuple(chosen)))
        questionnaires.append(Questionnaire(person.id, base.questionnaires[0].answers))
    month = sum((c.basic.premium.monthly_net for c in coverages if c.basic), Decimal(0)) + sum(
        (i.premium.monthly_net for c in coverages for i in c.items), Decimal(0))
    variant = Variant("A", template.label, tuple(coverages),
                      (Total("monthly", month), Total("annual", month * 12)))
    household = replace(base.household, members=tuple(members), policyholder="p1")
    return replace(base, household=household, variants=(variant,), chosen_variant="A",
                   questionnaires=tuple(questionnaires), reservations=(), policy=None,
                   deductible_comparisons=(),
                   declarations=tuple(d for d in base.declarations if d.person == "p1"),
                   signatures=tuple(s for s in base.signatures
                                    if s.role in ("policyholder", "agent")))
