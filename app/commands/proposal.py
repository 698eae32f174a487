"""`propono proposal --input FILE.json --lang fr --out FILE.pdf`."""

from __future__ import annotations

import argparse

from app.commands import _document

NAME = "proposal"
HELP = "Write the proposal PDF (questionnaires, declarations, signatures, SHA-256) from a proposal record."


def configure(parser: argparse.ArgumentParser) -> None:
    _document.configure(parser)


def run(args: argparse.Namespace) -> int:
    return _document.run(NAME, args)
