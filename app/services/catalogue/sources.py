"""Check the catalogue's citations against the seed documents.

A source is one or more references separated by "; ". References to a seed are checked:
`003 §<heading>` (optionally followed by a quote in parentheses) must name a line of the
seed file starting with that heading (ignoring "□", "*", "#", "^{ }" markup), and
`004 art. 13 al. 2` must name an article the seed has. Federal acts (LCA, LAMal, OAMal,
CO) are not checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.services.catalogue.model import Catalogue

SEED_HEADING = re.compile(r"^(\d{3}) §(.+?)(?: \(.*\))?$")
SEED_ARTICLE = re.compile(r"^(\d{3})(?: CP \w+)? art\. (\d+[a-z]?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Unresolved:
    owner: str  # product code or "LAMAL"
    reference: str
    problem: str


def _normalise(text: str) -> str:
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    text = re.sub(r"[□*#]", "", text)
    return " ".join(text.split()).replace("’", "'").casefold()


@cache
def _seed_lines(path: Path) -> tuple[str, ...]:
    return tuple(_normalise(line) for line in path.read_text(encoding="utf-8").splitlines())


def _seed_file(seeds: Path, number: str) -> Path | None:
    matches = sorted(seeds.glob(f"{number}_*.txt"))
    return matches[0] if matches else None


def split_references(source: str) -> list[str]:
    """Split a source on "; " outside parentheses (quotes may contain semicolons)."""
    parts: list[str] = []
    depth, current = 0, ""
    for char in source:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [part for part in parts if part]


def check_reference(reference: str, seeds: Path) -> str | None:
    """None when the reference is found (or is not a seed reference), else the problem."""
    heading = SEED_HEADING.match(reference)
    article = SEED_ARTICLE.match(reference)
    if not heading and not article:
        return None
    number = (heading or article)[1]  # type: ignore[index]
    path = _seed_file(seeds, number)
    if path is None:
        return f"no seed file {number}_*.txt in {seeds}"
    lines = _seed_lines(path)
    if heading:
        wanted = _normalise(heading[2])
        if not any(line.startswith(wanted) for line in lines):
            return f"heading {heading[2]!r} not found in {path.name}"
        return None
    assert article is not None
    wanted = f"art. {article[2]}".casefold()
    if not any(re.match(rf"^{re.escape(wanted)}\b", line) for line in lines):
        return f"article {article[2]} not found in {path.name}"
    return None


def unresolved_citations(catalogue: Catalogue, seeds: Path) -> list[Unresolved]:
    problems: list[Unresolved] = []
    owners = [*catalogue.products(), catalogue.lamal.product]
    extra = {catalogue.lamal.product.code: (catalogue.lamal.deductibles_source,
                                            catalogue.lamal.age_groups_source,
                                            *(m.source for m in catalogue.lamal.models),
                                            *(a.source for a in catalogue.lamal.accident_cover))}
    for product in owners:
        for source in (*product.sources, *extra.get(product.code, ())):
            for reference in split_references(source):
                problem = check_reference(reference, seeds)
                if problem:
                    problems.append(Unresolved(product.code, reference, problem))
    for rule in catalogue.general_rules:
        for reference in split_references(rule.source):
            problem = check_reference(reference, seeds)
            if problem:
                problems.append(Unresolved(f"general.{rule.key}", reference, problem))
    for family in catalogue.families().values():
        for reference in split_references(family.source):
            problem = check_reference(reference, seeds)
            if problem:
                problems.append(Unresolved(family.id, reference, problem))
    return problems
