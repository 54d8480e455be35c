"""Every write runs on one background thread with its own connection, in
order, so a locked database never freezes the screen and "saved" is shown
only after the commit returned.

The thread also carries the store's weight: sqlite-utils, the migrations and
the annotation functions load there (`start`, right after the first frame),
not before the reader's first paint."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from sqlite_utils import Database

T = TypeVar("T")


class Writer:
    def __init__(self, path: str | Path):
        self.path = path
        self._thread: ThreadPoolExecutor | None = None
        self._db: Database | None = None

    @property
    def _executor(self) -> ThreadPoolExecutor:
        if self._thread is None:
            from concurrent.futures import ThreadPoolExecutor

            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-writer")
        return self._thread

    def _connection(self) -> Database:
        if self._db is None:
            from parallax.store.db import open_db

            self._db = open_db(self.path)
        return self._db

    def start(self) -> Future[None]:
        """Open the connection (applying pending migrations) and load the
        annotation functions now, so the first tag does not wait for them."""

        def warm_up() -> None:
            import parallax.store.annotations  # noqa: F401

            self._connection()

        return self._executor.submit(warm_up)

    async def run(self, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `write(db, *args, **kwargs)` on the writer thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: write(self._connection(), *args, **kwargs))

    def close(self) -> None:
        if self._thread is None:
            return

        def close_connection() -> None:
            if self._db is not None:
                self._db.close()

        self._thread.submit(close_connection)
        self._thread.shutdown(wait=True)


def annotation_write(name: str, module: str = "annotations") -> Callable[..., Any]:
    """`parallax.store.<module>.<name>`, looked up when the writer thread
    runs it: the store module is loaded there, never on the way to a frame."""

    def write(db: Database, *args: Any, **kwargs: Any) -> Any:
        from importlib import import_module

        return getattr(import_module(f"parallax.store.{module}"), name)(db, *args, **kwargs)

    write.__name__ = name
    return write
