"""The sample story shipped with Parallax (written by us, fictional)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path


@dataclass(frozen=True)
class SampleArticle:
    path: Path
    outlet: str


def sample_story(folder: Path) -> tuple[str, list[SampleArticle]]:
    """The story's name and its articles, read from `story.toml` in `folder`."""
    manifest = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
    return manifest["name"], [SampleArticle(folder / a["file"], a["outlet"]) for a in manifest["articles"]]


def sample_folder():
    """A context manager giving the package's sample folder as a real path."""
    return as_file(files("parallax.ingest") / "sample")
