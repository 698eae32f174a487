"""Shared by `propono offer|proposal|consent|policy`: read an exchange file, write a PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.i18n import LANGUAGES


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", "-i", required=True, type=Path, metavar="FILE.json",
                        help="proposal record in the exchange format (docs/exchange-format.md)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="document language (default: the record's language)")
    parser.add_argument("--out", "-o", required=True, type=Path, metavar="FILE.pdf",
                        help="PDF to write; written only when complete")


def run(kind: str, args: argparse.Namespace, **options: object) -> int:
    # Imported here so that `propono --help` stays fast.
    from app.services.documents import RecordError, load_record, write_document

    try:
        record = load_record(args.input)
        out = write_document(kind, record, args.out, args.lang, **options)  # type: ignore[arg-type]
    except RecordError as error:
        print(f"propono {kind}: cannot write {args.out}:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(out)
    return 0
