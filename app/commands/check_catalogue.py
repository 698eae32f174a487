"""`propono check-catalogue [PATH]`: validate a catalogue folder and list its products."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.catalogue import CATALOGUE_DIR, CatalogueError, load_catalogue
from app.services.catalogue.sources import unresolved_citations

NAME = "check-catalogue"
HELP = "Validate a product catalogue folder (default: the shipped one) and list its products."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=None,
                        help=f"catalogue folder (default {CATALOGUE_DIR})")
    parser.add_argument("--seeds", type=Path, default=None,
                        help="folder of the seed documents: also check that every cited "
                             "heading and article exists there")
    parser.add_argument("--lang", default="en", choices=("fr", "de", "it", "en"),
                        help="language of the product names listed")


def run(args: argparse.Namespace) -> int:
    try:
        catalogue = load_catalogue(args.path) if args.path else load_catalogue(CATALOGUE_DIR)
    except CatalogueError as error:
        print(f"catalogue error: {error}", file=sys.stderr)
        return 1
    lamal = catalogue.lamal
    print(f"{catalogue.path}: {len(catalogue.families())} families, "
          f"{len(catalogue.products())} products, and {lamal.code}")
    for family in catalogue.families().values():
        print(f"\n{family.name(args.lang)} [{family.id}, {family.file}]")
        for code in family.products:
            product = catalogue.product(code)
            levels = f"  levels {', '.join(product.levels)}" if product.levels else ""
            print(f"  {code:<4} {product.name(args.lang)}{levels}")
    print(f"\n{lamal.product.name(args.lang)} [{lamal.product.file}]")
    print("  deductibles adults: " + ", ".join(str(d) for d in lamal.adult_deductibles))
    print("  deductibles children: " + ", ".join(str(d) for d in lamal.child_deductibles))
    print("  models: " + ", ".join(m.id for m in lamal.models))
    if args.seeds is not None:
        problems = unresolved_citations(catalogue, args.seeds)
        for problem in problems:
            print(f"citation of {problem.owner}: {problem.reference}: {problem.problem}",
                  file=sys.stderr)
        if problems:
            return 1
        print(f"\nall citations of seeds found in {args.seeds}")
    return 0
