"""Parallax's command line: the one place that wires the store, ingest and the reader together."""

from .main import cli, main

__all__ = ["cli", "main"]
