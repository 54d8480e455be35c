"""The palette's "Suggest annotations": `parallax suggest` in a child process.

The reader never imports spaCy (it would double the start-up time and memory),
so the suggestion rules run where they always run, in the CLI, and write to
the same database; the reader's change polling shows what they added.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_suggest(db_path: str | Path, story: str) -> tuple[bool, str]:
    """Run it to the end; (succeeded, the summary line or the error)."""
    done = subprocess.run(
        [sys.executable, "-m", "parallax.cli", "--db", str(db_path), "suggest", story],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0:
        return False, lines[-1] if lines else f"parallax suggest exited with {done.returncode}"
    summary = next((line for line in reversed(done.stdout.splitlines()) if " added, " in line), None)
    return True, summary or "done"
