"""The palette's "Suggest annotations": `parallax suggest` in a child process.

The reader never imports spaCy (it would double the start-up time and memory),
so the suggestion rules run where they always run, in the CLI, and write to
the same database; the reader's change polling shows what they added.

The child is started so that nothing can steer it: the interpreter runs
isolated (`-I`: neither the working folder nor PYTHON* variables reach
sys.path, so a `click.py` lying in the folder the reader was started from is
never imported), the database is one `--db=PATH` token, and the story's name
comes after `--`, where a name like `--help` or `--db=victim.db` is a name.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def suggest_args(db_path: str | Path, story: str) -> list[str]:
    return [sys.executable, "-I", "-m", "parallax.cli", f"--db={db_path}", "suggest", "--", story]


def run_suggest(db_path: str | Path, story: str) -> tuple[bool, str]:
    """Run it to the end; (succeeded, the summary line or the error)."""
    try:
        done = subprocess.run(suggest_args(Path(db_path).resolve(), story), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, check=False)
    except OSError as err:
        return False, f"cannot start parallax suggest: {err.strerror or err}"
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0:
        return False, lines[-1] if lines else f"parallax suggest exited with {done.returncode}"
    summary = next((line for line in reversed(done.stdout.splitlines()) if " added, " in line), None)
    if summary is None:
        return False, f"parallax suggest ended without its summary ({lines[-1] if lines else 'no output'})"
    return True, summary
