"""`propono import-bundle`: the back office imports an agent's offline bundle."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands._server_common import add_config_options, load_config

NAME = "import-bundle"
HELP = "Import an agent's offline bundle into the central database (server side)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_config_options(parser)
    parser.add_argument("bundle", type=Path, help="the .propono-bundle file")


def run(args: argparse.Namespace) -> int:
    config = load_config(args)
    if config is None:
        return 2
    from app.server.bundles import BundleRejected, import_bundle
    from app.server.crypto import ServerKeys
    from app.server.db import make_engine, make_sessionmaker

    try:
        data = args.bundle.read_bytes()
    except OSError as error:
        print(f"error: {args.bundle}: {error.strerror}", file=sys.stderr)
        return 2
    engine = make_engine(config.database_url)
    try:
        report = import_bundle(make_sessionmaker(engine), ServerKeys(config.master_key), data)
    except BundleRejected as error:
        print(f"error: {args.bundle}: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(json.dumps({k: v for k, v in report.items() if k != "results"}, indent=2))
    return 0
