"""Globally unique, time-ordered ids and timestamps.

ULIDs let databases made on several machines merge without id clashes; within
one process they are made strictly increasing so the journal orders exactly.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from ulid import ULID

_lock = threading.Lock()
_last = 0


def new_id() -> str:
    global _last
    with _lock:
        value = int(ULID())
        if value <= _last:
            value = _last + 1
        _last = value
        return str(ULID.from_int(value))


def now() -> str:
    """UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
