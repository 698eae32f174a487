"""`propono demo-data`: a new database filled with demo households and the demo agent."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands._agent_common import at_least_one
from app.services.demo import data as demo

NAME = "demo-data"
HELP = (
    "Create a database with realistic demo households (all language regions) and the "
    f"demo agent (password {demo.DEMO_PASSWORD!r})."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="database file to create (default: propono.sqlite in the data folder)",
    )
    parser.add_argument("--households", type=at_least_one, default=36,
                        help="how many households (1 or more)")


def run(args: argparse.Namespace) -> int:
    path: Path = args.database or demo.default_database_path()
    if path.exists():
        print(f"{path} already exists; remove it or pass --database NEW_FILE")
        return 1
    store = demo.create_demo_database(path, count=args.households)
    store.close()
    print(f"Demo database written to {path}")
    print(f"Demo agent: {demo.DEMO_AGENT.name}, password {demo.DEMO_PASSWORD}")
    return 0
