"""`propono import-tariff FILE`: load an insurer's real tariff into the agent's data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.tariff_import import import_tariff, tariff_folder
from app.services.tariffs import TariffError

NAME = "import-tariff"
HELP = ("Import a premium tariff (Propono LCA/LAMal CSV or the federal Prämien_CH.csv); "
        "a file with any bad row imports nothing.")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the tariff CSV file")
    parser.add_argument("--into", type=Path, default=None,
                        help="folder to write to (default: the data folder's tariffs/)")


def run(args: argparse.Namespace) -> int:
    catalogue = None
    try:
        from app.services.catalogue import load_catalogue

        catalogue = load_catalogue()
    except ImportError:  # pragma: no cover - the catalogue ships with the application
        pass
    try:
        result = import_tariff(args.file, args.into, catalogue=catalogue)
    except TariffError as error:
        count = len(error.problems)
        print(f"{args.file}: {count} problem{'s' if count != 1 else ''}, nothing imported:",
              file=sys.stderr)
        print(str(error), file=sys.stderr)
        return 1
    folder = args.into or tariff_folder()
    print(f"Imported {result.rows} premiums into {folder}:")
    for path in result.written:
        print(f"  {path.name}")
    if result.federal is not None:
        for reason, count in sorted(result.federal.skipped.items()):
            print(f"  skipped {count} rows: {reason}")
    return 0
