"""Options shared by the server-side commands (serve, import-bundle, server-admin)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.server.config import ServerConfig


def add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="PostgreSQL URL "
                        "(default: $PROPONO_SERVER_DATABASE_URL)")
    parser.add_argument("--key-file", help="file holding the server key "
                        "(default: $PROPONO_SERVER_KEY_FILE or $PROPONO_SERVER_KEY)")


def load_config(args: argparse.Namespace) -> ServerConfig | None:
    from app.server.config import ConfigError, ServerConfig

    try:
        return ServerConfig.from_env(args.database_url, args.key_file)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
