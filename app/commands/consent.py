"""`propono consent --input FILE.json --lang fr --out FILE.pdf`."""

from __future__ import annotations

import argparse

from app.commands import _document

NAME = "consent"
HELP = "Write the reservation consent declaration PDF (004 art. 8) from a proposal record."


def configure(parser: argparse.ArgumentParser) -> None:
    _document.configure(parser)


def run(args: argparse.Namespace) -> int:
    return _document.run(NAME, args)
