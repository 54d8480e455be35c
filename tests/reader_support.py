"""Helpers for the reader tests (Pilot, snapshots, tmux, hostile input, concurrency).

The sample story is imported once per test session into a template database
(fixture `sample_template` in conftest.py, through the real CLI); each test
works on its own copy (`sample_db`).
"""

from __future__ import annotations

import asyncio
import functools
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from parallax.tui.app import ParallaxApp
from parallax.tui.config import Config
from parallax.tui.story_screen import StoryScreen

REPO = Path(__file__).resolve().parents[1]
STORY = "Havarie im Nord-Ostsee-Kanal"
OUTLETS = ("Kieler Rundschau", "Hanse-Kurier", "nordwelle", "OSD.news")
ANNOTATOR = "tester"
SIZE = (160, 48)


# -- the template database -----------------------------------------------------------


def build_sample_template(folder: Path) -> Path:
    """`parallax demo --no-open` into `folder`/template.db, checkpointed so the
    .db file alone is the whole database."""
    path = folder / "template.db"
    result = subprocess.run(
        [sys.executable, "-m", "parallax.cli", "demo", "--no-open", "--db", str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def rows(db_path: Path, where: str = "1", params: tuple = ()) -> list[dict[str, Any]]:
    """Annotations as stored, read through a fresh connection (not the app's)."""
    conn = sqlite3.connect(db_path, timeout=5)
    conn.row_factory = sqlite3.Row
    try:
        found = conn.execute(
            'SELECT id, article_id, start, "end", label, text, annotator, status, attrs, note '
            f'FROM annotations WHERE {where} ORDER BY article_id, start, "end"', params).fetchall()
    finally:
        conn.close()
    return [dict(row) for row in found]


def article_texts(db_path: Path) -> dict[int, str]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute("SELECT id, text FROM articles").fetchall())
    finally:
        conn.close()


def query(db_path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_row_matches_text(row: dict[str, Any], db_path: Path) -> None:
    """A stored annotation's text is exactly its slice of the stored article."""
    text = article_texts(db_path)[row["article_id"]]
    assert row["text"] == text[row["start"]:row["end"]], row


# -- Pilot ---------------------------------------------------------------------------


def pilot_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test without an async pytest plugin (fixtures pass through)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def make_app(db_path: Path, *, annotator: str = ANNOTATOR, config: Config | None = None,
             story: str | None = None) -> ParallaxApp:
    return ParallaxApp(db_path, story=story, config=config or Config(annotator=annotator))


def slow_writer(app: ParallaxApp, seconds: float = 0.3) -> None:
    """Make every write wait `seconds` first, as on a slow disk or a busy database."""
    run = app.writer.run

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(seconds)
        return await run(*args, **kwargs)

    app.writer.run = slow  # type: ignore[method-assign]


async def settle(app: App, pilot: Pilot) -> None:
    """Let queued writes finish and their results reach the screen."""
    await pilot.pause()
    # Not the cancelled ones (the palette cancels its search when the next key arrives): they never complete.
    while running := [worker for worker in app.workers if not worker.is_cancelled]:
        try:
            await app.workers.wait_for_complete(running)
            break
        except WorkerCancelled:  # cancelled while we waited
            await pilot.pause()
    await pilot.pause()


async def story_screen(app: App, pilot: Pilot) -> StoryScreen:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StoryScreen), screen
    return screen


async def press_until(pilot: Pilot, key: str, done: Callable[[], bool], limit: int = 200) -> None:
    """Press `key` until `done()` (the cursor reached a place), at most `limit` times."""
    for _ in range(limit):
        if done():
            return
        await pilot.press(key)
    assert done(), f"pressing {key!r} {limit} times did not get there"


async def goto_sentence(pilot: Pilot, screen: StoryScreen, start: int) -> None:
    """Put the current column's cursor on `start` (setup, not under test: the
    `)` key itself is tested once; pressing it dozens of times per test would
    cost ~70 ms a key in Pilot)."""
    screen.view.move_to(start, center=True)
    await pilot.pause()
    assert screen.view.cursor == start, (screen.view.cursor, start)


def screen_text(app: App) -> str:
    """What the terminal shows, line by line (the top screen and what shows through it)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def screen_segments(app: App) -> list:
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def notifications(app: App) -> list:
    return list(app._notifications)


# -- tmux ------------------------------------------------------------------------------


class Tmux:
    """One private tmux server (its own socket), so nothing touches the user's sessions."""

    def __init__(self, tmp: Path):
        self.socket = tmp / f"tmux-{uuid.uuid4().hex[:8]}"
        self.sessions: list[str] = []

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-S", str(self.socket), *args], capture_output=True, text=True,
                                timeout=20)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {result.stderr}")
        return result.stdout

    def start(self, name: str, command: list[str], *, width: int = 200, height: int = 50,
              env: dict[str, str] | None = None) -> str:
        """A detached session running `command`; its exit status goes to a file
        (tmux 3.3 in a container sometimes leaves the dead process unreaped, so
        #{pane_dead_status} cannot be relied on).

        The server accepts what applications send it — OSC 52 makes a paste
        buffer (set-clipboard on), OSC 0/2 sets the pane title — so the tests
        can see whether the app lets an article do either. remain-on-exit keeps
        a crashed app's last screen for the failure message."""
        environment = {"TERM": "xterm-256color", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in environment.items())
        status = self.status_file(name)
        status.unlink(missing_ok=True)
        # COLUMNS/LINES from the test process would pin the app to 80×24 whatever the pane's size.
        shell = (f"cd {shlex.quote(str(REPO))} && env -u COLUMNS -u LINES {exports} {shlex.join(command)}; "
                 f"echo $? > {shlex.quote(str(status))}")
        self.run("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), shell,
                 ";", "set-option", "-g", "set-clipboard", "on",
                 ";", "set-option", "-t", name, "remain-on-exit", "on")
        self.sessions.append(name)
        return name

    def status_file(self, name: str) -> Path:
        return self.socket.parent / f"{self.socket.name}-{name}.exit"

    def buffers(self) -> str:
        return self.run("list-buffers", "-F", "#{buffer_sample}", check=False)

    def buffer(self) -> str:
        """The newest paste buffer's whole text ("" if none)."""
        return self.run("show-buffer", check=False)

    def capture(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def send(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def display(self, name: str, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", name, fmt).strip()

    def wait_exit(self, name: str, *, deadline: float = 15.0) -> str:
        """Wait until the pane's command has exited; its exit status ("0" on success)."""
        status = self.status_file(name)
        try:
            wait_until(lambda: status.exists() and status.read_text().strip() != "", deadline=deadline,
                       what=f"the command in pane {name} to exit")
        except AssertionError as err:
            raise AssertionError(f"{err}\n{self.capture(name)}") from None
        return status.read_text().strip()

    def wait_for(self, name: str, predicate: Callable[[str], bool], *, deadline: float = 15.0,
                 what: str = "") -> str:
        end = time.monotonic() + deadline
        screen = ""
        while time.monotonic() < end:
            screen = self.capture(name)
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"tmux pane {name}: timed out waiting for {what}\n{screen}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, timeout=10)
        self.socket.unlink(missing_ok=True)


def wait_until(predicate: Callable[[], bool], *, deadline: float = 10.0, what: str = "") -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    assert predicate(), f"timed out waiting for {what}"


def app_command(db_path: Path, annotator: str) -> list[str]:
    return [sys.executable, "-m", "parallax.cli", "--db", str(db_path), "--annotator", annotator]


@pytest.fixture
def tmux(tmp_path: Path):
    """A private tmux server for one test (skipped where tmux is not installed)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    server = Tmux(tmp_path)
    yield server
    server.kill()


def quiet_env(tmp_path: Path) -> dict[str, str]:
    """The app under tmux: no user config file, no desktop clipboard, not over SSH."""
    return {"PARALLAX_CONFIG": str(tmp_path / "no-config.toml"), "DISPLAY": "", "WAYLAND_DISPLAY": "",
            "SSH_CONNECTION": "", "SSH_TTY": "", "PARALLAX_CACHE_DIR": os.environ.get("PARALLAX_CACHE_DIR", "")}
