"""`propono export-bundle`: pending changes and documents in one encrypted, signed file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands._agent_common import add_database_option, open_logged_in

NAME = "export-bundle"
HELP = ("Write the pending changes and documents into one encrypted, signed file for the "
        "insurer's back office (for days without network).")


def configure(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument("output", type=Path, help="the file to write (.propono-bundle)")
    parser.add_argument("--server-key", help="the server's bundle key (base64), if this "
                                             "laptop never synced online")


def run(args: argparse.Namespace) -> int:
    from app.services.sync import service as sync_service

    store = open_logged_in(args)
    if store is None:
        return 2
    try:
        summary = sync_service.export_bundle(store, args.output, args.server_key)
    except sync_service.BundleUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {args.output}: {error.strerror}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(json.dumps({"file": str(summary.path), "bundle_id": summary.bundle_id,
                      "changes": summary.changes, "documents": summary.documents}))
    return 0
