"""Parallax's command line: the one place that wires the store, ingest and the reader together.

`main` opens the reader without loading click when that is all it is asked
to do (see `launch`); the click group `cli` loads when first used."""

from typing import Any

from .launch import main

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name == "cli":
        from .main import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
