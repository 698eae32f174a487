"""`propono sync`: push the journal to the insurer, pull decisions and updates."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.commands._agent_common import add_database_option, at_least_one, open_logged_in

NAME = "sync"
HELP = "Synchronise with the insurer: push pending changes, pull decisions and tariffs."


def configure(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument("--server", help="the sync server's URL (saved for next time)")
    parser.add_argument("--token", help="the agent's token from the insurer (saved, encrypted); "
                        "one starting with '-' as --token=VALUE, or from --token-file or the "
                        "PROPONO_SYNC_TOKEN environment variable")
    parser.add_argument("--token-file", type=Path, metavar="FILE",
                        help="read the token from FILE (its first line)")
    parser.add_argument("--conflicts", action="store_true",
                        help="list the open conflicts instead of syncing")
    parser.add_argument("--resolve", type=int, metavar="ID", help="settle conflict ID")
    parser.add_argument("--keep", choices=("mine", "theirs"),
                        help="with --resolve: keep the agent's value or the insurer's")
    parser.add_argument("--batch-size", type=at_least_one, default=500,
                        help="changes per request (1 or more)")


def _progress(progress: object) -> None:
    phase, done, total = (getattr(progress, k) for k in ("phase", "done", "total"))
    print(f"{phase}: {done}" + (f"/{total}" if total is not None else ""), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from app.services.sync import service as sync_service
    from app.services.sync import settings as sync_settings
    from app.services.sync import stale_offers
    from app.services.sync.api import ServerRefused
    from app.services.sync.client import SyncInterrupted

    token = args.token
    if token is None and args.token_file is not None:
        try:
            token = args.token_file.read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as error:
            print(f"error: --token-file {args.token_file}: cannot read a token ({error})",
                  file=sys.stderr)
            return 2
    if token is None and args.server is not None:
        token = os.environ.get("PROPONO_SYNC_TOKEN")
    if (args.server is None) != (token is None):
        print("error: --server and --token go together", file=sys.stderr)
        return 2
    if args.server is not None:
        from app.services.sync.api import HttpTransport

        try:  # checked before anything is saved: a bad address must not stick
            HttpTransport(args.server, "-", token or "-")
        except ValueError as error:
            print(f"error: --server: {error}", file=sys.stderr)
            return 2
    if (args.resolve is None) != (args.keep is None):
        print("error: --resolve ID needs --keep mine|theirs", file=sys.stderr)
        return 2
    store = open_logged_in(args)
    if store is None:
        return 2
    try:
        if args.server:
            assert token is not None
            sync_settings.configure(store, args.server, token)
        if args.conflicts:
            for c in sync_service.open_conflicts(store):
                print(json.dumps({"id": c.id, "record": f"{c.entity} {c.entity_id}",
                                  "field": c.field, "mine": c.mine, "theirs": c.theirs},
                                 ensure_ascii=False))
            return 0
        if args.resolve is not None:
            answer = sync_service.resolve_conflict(store, args.resolve, args.keep)
            print(json.dumps(answer, ensure_ascii=False))
            return 0
        report = sync_service.synchronise(store, progress=_progress, batch_size=args.batch_size,
                                          repricer=stale_offers.pricing_repricer())
        stale = len(stale_offers.stale_offers(store))
    except sync_settings.NotConfigured as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SyncInterrupted as stopped:
        print(f"sync interrupted, will resume next time: {stopped.cause}", file=sys.stderr)
        return 1
    except ServerRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(json.dumps(report.summary(), ensure_ascii=False))
    for conflict in report.conflicts:
        print(f"conflict {conflict['id']}: {conflict['field']} is "
              f"{conflict['server_value']!r} at the insurer, {conflict['client_value']!r} here "
              f"(propono sync --resolve {conflict['id']} --keep mine|theirs)")
    for refused_change in report.refused:
        print(f"refused: {json.dumps(refused_change, ensure_ascii=False)}")
    if stale:
        print(f"{stale} offer(s) repriced with the new tariff: review them before sending")
    return 0
