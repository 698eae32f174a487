"""`propono import-tariff FILE`: load an insurer's real tariff into the agent's data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.i18n import LANGUAGES, _, ngettext, use_language
from app.services.pricing.tariff_import import import_tariff, tariff_folder
from app.services.pricing.tariffs import TariffError

NAME = "import-tariff"
HELP = ("Import a premium tariff (Propono LCA/LAMal CSV or the federal Prämien_CH.csv); "
        "a file with any bad row imports nothing.")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the tariff CSV file")
    parser.add_argument("--into", type=Path, default=None,
                        help="folder to write to (default: the data folder's tariffs/)")
    parser.add_argument("--lang", default="en", choices=LANGUAGES,
                        help="language of the report and of the problems found")


def run(args: argparse.Namespace) -> int:
    with use_language(args.lang):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
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
        print(ngettext("{file}: {count} problem, nothing imported:",
                       "{file}: {count} problems, nothing imported:", count).format(
                           file=args.file, count=count), file=sys.stderr)
        print(error.describe(), file=sys.stderr)
        return 1
    folder = args.into or tariff_folder()
    print(ngettext("Imported {count} premium into {folder}:",
                   "Imported {count} premiums into {folder}:", result.rows).format(
                       count=result.rows, folder=folder))
    for path in result.written:
        print(f"  {path.name}")
    federal = result.federal
    if federal is not None:
        print("  " + _("Federal file: {read} rows read, {kept} kept for the insurers "
                       "Propono knows.").format(read=federal.rows, kept=federal.kept))
        for reason, count in sorted(federal.skipped.items()):
            print("  " + ngettext("%d row skipped", "%d rows skipped", count) % count
                  + ": " + federal.reason(reason))
    return 0
