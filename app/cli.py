"""The `propono` command: no argument opens the desktop application.

Each subcommand is one module in `app/commands/` exposing `NAME`, `HELP`,
`configure(parser)` and `run(args) -> int`, so features add commands without
touching this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Sequence
from types import ModuleType

from app import __version__, commands


def _command_modules() -> list[ModuleType]:
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda module: module.NAME)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="propono",
        description="Proposals for Swiss health insurance, offline. "
        "Without a subcommand, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"propono {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="on a machine without an agent profile yet, open the demo data "
                        "(demo agent and clients) instead of creating a profile")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="subcommands")
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app.paths import keep_files_private

    keep_files_private()  # before any file is written: health data is the agent's alone
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from app.gui import run_gui  # Qt is loaded only for the window

        return run_gui(demo=args.demo)
    return int(handler(args))
