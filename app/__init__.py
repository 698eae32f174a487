"""Propono: offline proposals for accredited agents of Swiss health insurers."""

__version__ = "0.1.0"
