"""Cold start to first paint: `parallax` on the sample story vs a bare Textual app.

Each command runs as a whole new process in a pseudo-terminal of 200×50; the
time is from spawning it to the moment its output contains a marker that is
only drawn in its first full frame: the first outlet's name in the story view,
and the text of the one `Static` in the baseline. Runs alternate between the
two, and the script reports min / median per command and the ratio of medians.

    python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
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


def time_to_marker(argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0) -> float:
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
                    return time.perf_counter() - start
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = folder / "sample.db"
    env = os.environ | {"TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50",
                        "PARALLAX_CACHE_DIR": str(folder / "cache")}
    subprocess.run([sys.executable, "-m", "parallax.cli", "demo", "--no-open", "--db", str(db)],
                   check=True, env=env, capture_output=True)
    parallax = [sys.executable, "-m", "parallax.cli", "--db", str(db), "--annotator", "bench"]
    bare = [sys.executable, "-c", BARE_APP]
    times: dict[str, list[float]] = {"bare Textual app": [], "parallax story view": []}
    for _ in range(args.runs):
        times["bare Textual app"].append(time_to_marker(bare, b"BARE-APP-READY", env))
        times["parallax story view"].append(time_to_marker(parallax, b"Kieler Rundschau", env))
    for name, values in times.items():
        print(f"{name:<22} min {min(values):.3f} s  median {statistics.median(values):.3f} s")
    ratio = statistics.median(times["parallax story view"]) / statistics.median(times["bare Textual app"])
    print(f"ratio of medians: {ratio:.2f}× (goal ≤ 1.2×)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
