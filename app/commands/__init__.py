"""Subcommands of `propono`; one module each (see app/cli.py)."""
