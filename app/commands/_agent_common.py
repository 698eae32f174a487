"""Opening the agent's database from the command line (sync, export-bundle)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.services.store.database import Store

PASSWORD_ENV = "PROPONO_PASSWORD"


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", type=Path, default=None,
                        help="the agent's database (default: propono.sqlite in the data folder)")


def open_logged_in(args: argparse.Namespace) -> Store | None:
    """The store, unlocked with the agent's password ($PROPONO_PASSWORD or a prompt)."""
    from app.services import agents
    from app.services.demo import data as demo
    from app.services.store.schema import open_store

    path: Path = args.database or demo.default_database_path()
    if not path.exists():
        print(f"error: no database at {path}", file=sys.stderr)
        return None
    store = open_store(path)
    password = os.environ.get(PASSWORD_ENV) or getpass.getpass("Agent password: ")
    try:
        agents.login(store, password)
    except (agents.WrongPassword, agents.LoginLocked) as error:
        store.close()
        print(f"error: {error}", file=sys.stderr)
        return None
    return store


def at_least_one(text: str) -> int:
    """An argparse type: a whole number of 1 or more (argparse names the option)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value
