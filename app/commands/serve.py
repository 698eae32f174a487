"""`propono serve`: the insurer's central sync service."""

from __future__ import annotations

import argparse
import logging
import sys

from app.commands._server_common import add_config_options, load_config

NAME = "serve"
HELP = "Run the insurer's central sync server (FastAPI on PostgreSQL)."


def configure(parser: argparse.ArgumentParser) -> None:
    add_config_options(parser)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: behind a TLS proxy)")
    parser.add_argument("--port", type=int, default=8600, help="port (default 8600)")
    parser.add_argument("--certfile", help="TLS certificate, to serve HTTPS directly")
    parser.add_argument("--keyfile", help="TLS private key for --certfile")
    parser.add_argument("--no-migrate", action="store_true",
                        help="do not upgrade the database schema on start")


def run(args: argparse.Namespace) -> int:
    config = load_config(args)
    if config is None:
        return 2
    try:
        import uvicorn

        from app.server.api import create_app
        from app.server.migrate import upgrade
    except ImportError as error:  # the desktop installation has no server extra
        print(f"error: the server needs `pip install propono[server]` ({error})",
              file=sys.stderr)
        return 2

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if not args.no_migrate:
        upgrade(config.database_url)
    # The heap it starts with is frozen (gc.freeze): full collections skip it.
    uvicorn.run(create_app(config, freeze_heap=True), host=args.host, port=args.port,
                log_level="info", ssl_certfile=args.certfile, ssl_keyfile=args.keyfile)
    return 0
