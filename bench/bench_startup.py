"""Cold start to first paint: `parallax` on the sample story vs a bare Textual app.

Each command runs as a whole new process in a pseudo-terminal of 200×50; the
time is from spawning it to the moment its output contains a marker that is
only drawn in its first full frame: a word of the first article's first
sentence in the story view (its text, not just its header), and the text of
the one `Static` in the baseline. Runs alternate between the two, and the
script reports min / median per command and the ratio of medians, in wall
time and in the CPU time the process used until then.

Both run as an installed program does: with the project's bytecode compiled
(PYTHONDONTWRITEBYTECODE is dropped and one untimed run writes it).

    python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import re
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")

Bare().run()
"""


def time_to_marker(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from spawn to the marker on screen, and the CPU seconds the
    process used until then (user + system, read when it is killed there):
    on a shared machine the CPU time is the steadier of the two."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    start = time.perf_counter()
    seen = b""
    try:
        while True:
            remaining = timeout - (time.perf_counter() - start)
            if remaining <= 0:
                raise RuntimeError(f"{argv} did not draw {marker!r} in {timeout} s")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    raise RuntimeError(f"{argv} exited before drawing {marker!r}: {seen[-300:]!r}") from None
                seen += chunk
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    os.kill(pid, signal.SIGKILL)
                    _, _, usage = os.wait4(pid, 0)
                    pid = 0
                    return elapsed, usage.ru_utime + usage.ru_stime
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def first_sentence_word(db: Path) -> bytes:
    """The longest word of the first article's first lead or body sentence
    that is neither its first word (the cursor's) nor part of an entity."""
    conn = sqlite3.connect(db)
    try:
        article, text = conn.execute("SELECT id, text FROM articles ORDER BY id LIMIT 1").fetchone()
        (start,) = conn.execute("SELECT min(start) FROM zones WHERE article_id = ? AND kind IN ('lead', 'body')",
                                [article]).fetchone()
        sentence = conn.execute('SELECT start, "end" FROM sentences WHERE article_id = ? AND "end" > ? '
                                "ORDER BY start LIMIT 1", [article, start]).fetchone()
        entities = conn.execute('SELECT start, "end" FROM entities WHERE article_id = ?', [article]).fetchall()
    finally:
        conn.close()
    words = [m for m in re.finditer(r"\w+", text[sentence[0]:sentence[1]])][1:]
    plain = [m.group() for m in words
             if not any(s < sentence[0] + m.end() and sentence[0] + m.start() < e for s, e in entities)]
    return max(plain, key=len).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = folder / "sample.db"
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50",
                        "PARALLAX_CACHE_DIR": str(folder / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "parallax.cli", "demo", "--no-open", "--db", str(db)],
                   check=True, env=env, capture_output=True)
    parallax = [sys.executable, "-m", "parallax.cli", "--db", str(db), "--annotator", "bench"]
    bare = [sys.executable, "-c", BARE_APP]
    marker = first_sentence_word(db)
    print(f"marker: {marker.decode()!r} (in the first article's first sentence)")
    time_to_marker(parallax, marker, env)  # writes the bytecode
    runs: dict[str, list[tuple[float, float]]] = {"bare Textual app": [], "parallax story view": []}
    for _ in range(args.runs):
        runs["bare Textual app"].append(time_to_marker(bare, b"BARE-APP-READY", env))
        runs["parallax story view"].append(time_to_marker(parallax, marker, env))
    medians = {}
    for name, values in runs.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        medians[name] = statistics.median(wall), statistics.median(cpu)
        print(f"{name:<22} wall min {min(wall):.3f} s  median {medians[name][0]:.3f} s   "
              f"CPU min {min(cpu):.3f} s  median {medians[name][1]:.3f} s")
    ours, bare_app = medians["parallax story view"], medians["bare Textual app"]
    print(f"ratio of medians: wall {ours[0] / bare_app[0]:.2f}×, CPU {ours[1] / bare_app[1]:.2f}× (goal ≤ 1.2×)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
