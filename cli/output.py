"""Where a command's output goes: `--out FILE`, or `-` for standard output.

A regular file (or a new one) is written to a temporary file beside it and
renamed over it at the end, so a failed export never leaves half a file. Any
other kind of file — a FIFO, a character device such as /dev/null, a socket —
is opened and written into: replacing it with a regular file would break the
pipe its reader waits on, or, run as root, turn a device into a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

import click


@contextmanager
def output_file(out: str, encoding: str = "utf-8") -> Iterator[TextIO]:
    if out == "-":
        with click.open_file("-", "w", encoding=encoding) as handle:
            yield handle
        return
    # A link is followed: the file it points to is what the user means.
    target = os.path.realpath(out)
    try:
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding=encoding) as handle:
            yield handle
        return
    fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.",
                                     suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
