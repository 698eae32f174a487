"""`propono policy --input FILE.json --lang fr --out FILE.pdf`."""

from __future__ import annotations

import argparse

from app.commands import _document

NAME = "policy"
HELP = "Write the policy PDF with the first premium invoice and its QR-bill from a proposal record."


def configure(parser: argparse.ArgumentParser) -> None:
    _document.configure(parser)


def run(args: argparse.Namespace) -> int:
    return _document.run(NAME, args)
