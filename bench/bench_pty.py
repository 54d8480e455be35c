"""Keystroke to repaint in a real pseudo-terminal: `parallax` vs a TextArea app.

Both run as whole processes in a 200×50 pty on the same 40,000-character
article (5,000 entities in Parallax). After the first full frame, the script
writes one key at a time and times from the write to the last byte of the
frame it caused (the output is taken as finished after 30 ms of silence, which
is subtracted). Keys: cursor down without scrolling, cursor down with
scrolling, page down, and, in Parallax only, tagging the sentence under the
cursor (`c`, pressed on one sentence after another). A tag is timed twice:
to the frame that draws it (the same frame puts "1 saving…" in the status
line: the time is taken when those bytes arrive, near the frame's end) and
to the frame that says "saved" (the commit returned on the writer thread and
the stored row replaced the drawn one).

    python bench/bench_pty.py [--presses 40]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

QUIET = 0.030
TEXTAREA_APP = """
import sys
from textual.app import App
from textual.widgets import TextArea

class Baseline(App):
    def compose(self):
        area = TextArea(open(sys.argv[1], encoding="utf-8").read(), read_only=True, soft_wrap=True)
        area.cursor_blink = False
        yield area

Baseline().run()
"""
KEYS = {"down": b"\x1b[B", "pagedown": b"\x1b[6~", "c": b"c", "home": b"\x1b[H"}


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))

    def read_until_quiet(self, first_timeout: float = 10.0) -> tuple[float | None, int]:
        """Seconds until the last byte of the burst (None if nothing came), bytes read."""
        start = time.perf_counter()
        last, total, timeout = None, 0, first_timeout
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return (None if last is None else last - start), total
            total += len(os.read(self.fd, 1 << 20))
            last = time.perf_counter()
            timeout = QUIET

    def press(self, key: str) -> tuple[float | None, int]:
        os.write(self.fd, KEYS[key])
        return self.read_until_quiet(first_timeout=2.0)

    def press_until(self, key: str, markers: list[bytes], timeout: float = 5.0) -> list[float | None]:
        """Seconds from writing `key` until each marker (in order) has arrived,
        then read on until the output is quiet."""
        os.write(self.fd, KEYS[key])
        start = time.perf_counter()
        seen, times = b"", []
        while len(times) < len(markers):
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                break
            seen += os.read(self.fd, 1 << 20)
            now = time.perf_counter() - start
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(now)
        self.read_until_quiet(first_timeout=QUIET)
        return times + [None] * (len(markers) - len(times))

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def build_database(folder: Path) -> tuple[Path, Path]:
    from bench_view import build_article
    from parallax.store.articles import add_articles
    from parallax.store.db import open_db
    from parallax.store.records import ArticleRecord, EntitySpan, Zone

    doc = build_article()
    text = doc.text
    record = ArticleRecord(
        text=text, source_path="bench.txt", outlet="Bench", title="40k",
        zones=[Zone(0, len(text.rstrip()), "body")], sentences=list(doc.units),
        entities=[EntitySpan(*entity) for entity in doc.entities],
        entity_source="bench",
    )
    db_path = folder / "bench.db"
    db = open_db(db_path)
    add_articles(db, "Bench", [record])
    db.close()
    text_path = folder / "article.txt"
    text_path.write_text(text, encoding="utf-8")
    return db_path, text_path


def measure(argv: list[str], env: dict[str, str], keys: list[str], presses: int) -> dict[str, list[float]]:
    terminal = Terminal(argv, env)
    try:
        terminal.read_until_quiet(first_timeout=30)
        results: dict[str, list[float]] = {}
        if "c" in keys:
            # Every press tags the next sentence (the cursor moves on by itself).
            terminal.press("home")
            visible, saved = [], []
            for _ in range(presses):
                drawn, stored = terminal.press_until("c", [b"saving", b"saved"])
                if drawn is not None or stored is not None:
                    visible.append(1000 * (drawn if drawn is not None else stored))
                if stored is not None:
                    saved.append(1000 * stored)
            results["c visible"], results["c saved"] = visible, saved
        for key in (k for k in keys if k != "c"):
            samples = []
            while len(samples) < presses:
                terminal.press("home")
                for _ in range(10 if key != "pagedown" else 3):
                    elapsed, _ = terminal.press(key)
                    if elapsed is not None:
                        samples.append(elapsed * 1000)
            results[key] = samples[:presses]
        return results
    finally:
        terminal.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db_path, text_path = build_database(folder)
    env = os.environ | {"TERM": "xterm-256color", "COLORTERM": "truecolor", "PARALLAX_CACHE_DIR": str(folder)}
    for name in ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    ours = measure([sys.executable, "-m", "parallax.cli", "--db", str(db_path), "--annotator", "bench"], env,
                   ["down", "pagedown", "c"], args.presses)
    base = measure([sys.executable, "-c", TEXTAREA_APP, str(text_path)], env, ["down", "pagedown"], args.presses)

    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100, method="inclusive")[q - 1]

    print(f"40,000 chars, 5,000 entities, 200×50 pty; {args.presses} presses per key; "
          "ms from key to the end of its frame")
    print(f"{'key':<22}{'parallax p50':>14}{'p95':>8}{'TextArea p50':>14}{'p95':>8}{'ratio p95':>11}")
    names = {"down": "cursor down", "pagedown": "page down", "c visible": "tag (c): drawn",
             "c saved": "tag (c): saved"}
    for key, name in names.items():
        line = f"{name:<22}{p(ours[key], 50):>14.1f}{p(ours[key], 95):>8.1f}"
        if key in base:
            line += f"{p(base[key], 50):>14.1f}{p(base[key], 95):>8.1f}{p(ours[key], 95) / p(base[key], 95):>10.2f}×"
        print(line)
    print("(cursor down mixes steps without and with scrolling, 10 presses from the top)")


if __name__ == "__main__":
    main()
