"""`propono offer --input FILE.json --lang fr --out FILE.pdf`."""

from __future__ import annotations

import argparse

from app.commands import _document

NAME = "offer"
HELP = "Write the offer PDF (all variants side by side, or one) from a proposal record."


def configure(parser: argparse.ArgumentParser) -> None:
    _document.configure(parser)
    parser.add_argument("--variant", default="", metavar="KEY",
                        help="print only this variant (default: every variant of the record)")
    parser.add_argument("--compare-deductibles", action="store_true",
                        help="add the table comparing deductibles")


def run(args: argparse.Namespace) -> int:
    return _document.run(NAME, args, variant=args.variant,
                         compare_deductibles=args.compare_deductibles)
