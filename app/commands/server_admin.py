"""`propono server-admin`: server key, schema, agents and tokens, releases."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands._server_common import add_config_options, load_config

NAME = "server-admin"
HELP = "Administer the central sync server: key, schema, agents, tokens, releases."


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sub.add_parser("new-key", help="print a fresh server key (keep it secret)")
    migrate = sub.add_parser("migrate", help="upgrade the database schema")
    add_config_options(migrate)
    add = sub.add_parser("add-agent", help="enrol an agent or back-office user; prints a token")
    add_config_options(add)
    add.add_argument("--accreditation", required=True)
    add.add_argument("--name", default="")
    add.add_argument("--role", choices=("agent", "backoffice"), default="agent")
    rotate = sub.add_parser("rotate-token", help="issue a new token (the old one stops working)")
    add_config_options(rotate)
    rotate.add_argument("--accreditation", required=True)
    publish = sub.add_parser("publish", help="publish a catalogue or tariff release")
    add_config_options(publish)
    publish.add_argument("--kind", choices=("catalogue", "tariff"), required=True)
    publish.add_argument("--version", required=True)
    publish.add_argument("--by", required=True, help="accreditation of the publishing user")
    publish.add_argument("payload", type=Path, help="JSON file with the release's data")


def run(args: argparse.Namespace) -> int:
    if args.action == "new-key":
        from app.server.config import new_master_key

        print(new_master_key())
        return 0
    config = load_config(args)
    if config is None:
        return 2
    from app.server import principals, releases
    from app.server.db import make_engine, make_sessionmaker
    from app.server.migrate import upgrade

    upgrade(config.database_url)
    if args.action == "migrate":
        return 0
    engine = make_engine(config.database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            if args.action == "add-agent":
                principal, token = principals.create(session, args.accreditation, args.name,
                                                     args.role)
                print(json.dumps({"accreditation": principal.accreditation,
                                  "role": principal.role, "token": token}))
            elif args.action == "rotate-token":
                print(json.dumps({"accreditation": args.accreditation,
                                  "token": principals.rotate_token(session, args.accreditation)}))
            else:
                by = principals.find(session, args.by)
                if by is None or by.role != "backoffice":
                    print(f"error: --by {args.by}: not a back-office user", file=sys.stderr)
                    return 2
                payload = json.loads(args.payload.read_text(encoding="utf-8"))
                release = releases.publish(session, args.kind, args.version, payload, by.id)
                print(json.dumps({"kind": release.kind, "version": release.version,
                                  "sha256": release.sha256}))
    except (principals.PrincipalError, releases.ReleaseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0
