"""What the reader loads and builds before its first frame: the start-up stays
close to a bare Textual app only while the heavy modules and the work the
first look does not need stay out of that path (the figures are in
bench/README.md; timing is never asserted here)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reader_support import REPO, STORY
from parallax.cli.launch import reader_request

HEAVY = {"sqlite_utils", "numpy", "click", "dateutil", "ulid", "parallax.analysis"}
"""Needed for writing, the other commands or the team screens, never to show a story."""

FIRST_FRAME_PROBE = textwrap.dedent("""
    import asyncio, sys
    sys.path.insert(0, "tests")
    from pathlib import Path
    from reader_support import make_app
    from parallax.tui.story_screen import StoryScreen
    from parallax.tui.writer import Writer

    Writer.start = lambda self: None  # the writer's own loading, after the first frame, is not under test
    seen = {}
    after_first_frame = StoryScreen.after_first_frame

    async def probe(screen):
        seen["modules"] = sorted(sys.modules)
        seen["wrapped"] = [bool(column.view.lines) for column in screen.columns]
        seen["footer"] = len(screen.query("Footer"))
        await after_first_frame(screen)

    StoryScreen.after_first_frame = probe

    async def main():
        app = make_app(Path(sys.argv[1]))
        async with app.run_test(size=(80, 24)) as pilot:
            while "modules" not in seen:
                await pilot.pause()
            await pilot.press("tab")
            await pilot.pause()
            later = [bool(column.view.lines) for column in app.screen.columns]
            footer = len(app.screen.query("Footer"))
        print(" ".join(seen["modules"]))
        print(seen["wrapped"], later, seen["footer"], footer)

    asyncio.run(main())
""")


def top_names(modules: list[str]) -> set[str]:
    return {".".join(m.split(".")[:2]) if m.startswith("parallax.") else m.split(".")[0] for m in modules}


def test_the_first_frame_loads_no_store_library_and_lays_out_only_what_it_shows(sample_db):
    done = subprocess.run([sys.executable, "-I", "-c", FIRST_FRAME_PROBE, str(sample_db)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    modules, built = done.stdout.splitlines()
    loaded = top_names(modules.split())
    assert "textual" in loaded and "parallax.tui" in loaded
    assert not loaded & HEAVY, sorted(loaded & HEAVY)
    # 80 columns show one article: the others are wrapped when they come into view (Tab);
    # the footer follows the first frame
    assert built == "[True, False, False, False] [True, True, False, False] 0 1"


LAUNCH_PROBE = textwrap.dedent("""
    import sys
    from parallax.cli import launch

    def record(path, story, config, **options):
        print(" ".join(sorted(sys.modules)))
        print(path, story, config.annotator)

    launch.start_reader = record
    sys.argv = ["parallax", *sys.argv[1:]]
    launch.main()
""")


def launch(*args: str) -> tuple[set[str], str]:
    done = subprocess.run([sys.executable, "-I", "-c", LAUNCH_PROBE, *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    modules, opened = done.stdout.splitlines()
    return top_names(modules.split()), opened


def test_parallax_opens_the_reader_without_click_or_the_store_library(sample_db):
    loaded, opened = launch("--db", str(sample_db), "--annotator", "anna")
    assert opened == f"{sample_db} None anna"
    assert not loaded & HEAVY, sorted(loaded & HEAVY)
    loaded, opened = launch(f"--db={sample_db}", "open", STORY, "--annotator", "ben")
    assert opened == f"{sample_db} {STORY} ben"
    assert not loaded & HEAVY, sorted(loaded & HEAVY)


def test_what_the_reader_cannot_open_itself_goes_through_click(tmp_path, sample_db):
    # a new database is created and migrated by the store, as before
    loaded, opened = launch("--db", str(tmp_path / "new.db"), "--annotator", "anna")
    assert opened == f"{tmp_path / 'new.db'} None anna"
    assert "click" in loaded and "sqlite_utils" in loaded
    # an unknown story is reported by click's usual one line
    done = subprocess.run([sys.executable, "-I", "-c", LAUNCH_PROBE, "--db", str(sample_db), "open", "Nope"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "no story named 'Nope'" in done.stderr


NO = {"blind": False}


@pytest.mark.parametrize("args, wanted", [
    ([], {"db": None, "annotator": None, "story": None, **NO}),
    (["--db", "a.db"], {"db": "a.db", "annotator": None, "story": None, **NO}),
    (["--db=a.db", "--annotator=x", "open"], {"db": "a.db", "annotator": None, "story": None, **NO}),
    (["--annotator", "x"], {"db": None, "annotator": "x", "story": None, **NO}),
    (["open", "S", "--db", "b.db", "--annotator", "y"], {"db": "b.db", "annotator": "y", "story": "S", **NO}),
    (["--db", "a.db", "open", "--db", "b.db"], {"db": "b.db", "annotator": None, "story": None, **NO}),
    (["open", "--blind", "S"], {"db": None, "annotator": None, "story": "S", "blind": True}),
    (["--help"], None), (["open", "--help"], None), (["--version"], None), (["stories"], None),
    (["open", "S", "T"], None), (["--db"], None), (["export", "--db", "a.db"], None), (["--blind"], None),
])
def test_only_the_readers_own_options_skip_click(args, wanted):
    """As click reads them: the group's --annotator counts only without a command."""
    assert reader_request(args) == wanted
