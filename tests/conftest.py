from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real German articles the product was made for; never copied into the repo."""
    if not SEEDS_DIR.is_dir() or not any(SEEDS_DIR.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed file stem prefix ("000".."004") → raw text."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Build the offline recognizer once per test run, never in the user's cache."""
    import os

    os.environ.setdefault("PARALLAX_CACHE_DIR", str(tmp_path_factory.mktemp("parallax-cache")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def fresh_db(db_path: Path):
    from parallax.store.db import open_db

    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny pipeline saved to disk: blank German, a sentencizer and two
    entity patterns. Tests that are about importing, not recognising, use it
    so they do not pay for the offline recognizer."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "LOC", "pattern": "Kiel"}, {"label": "PER", "pattern": "Jana Petersen"}])
    path = tmp_path_factory.mktemp("tiny-model") / "tiny_de"
    nlp.to_disk(path)
    return path


# -- reader tests (tests/test_reader_*.py) ---------------------------------------------


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory, _private_cache: None) -> Path:
    """The sample story imported ONCE per session through the real CLI
    (`parallax demo --no-open`), WAL checkpointed into the .db file."""
    from reader_support import build_sample_template

    return build_sample_template(tmp_path_factory.mktemp("sample-template"))


@pytest.fixture
def sample_db(sample_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample story's database for one test."""
    import shutil

    return Path(shutil.copy(sample_template, tmp_path / "sample.db"))
