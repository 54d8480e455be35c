"""Every write runs on one background thread with its own connection, in
order, so a locked database never freezes the screen and "saved" is shown
only after the commit returned."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from parallax.store.db import open_db

T = TypeVar("T")


class Writer:
    def __init__(self, path: str | Path):
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parallax-writer")
        self._db: Database | None = None

    def _connection(self) -> Database:
        if self._db is None:
            self._db = open_db(self.path)
        return self._db

    async def run(self, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `write(db, *args, **kwargs)` on the writer thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: write(self._connection(), *args, **kwargs))

    def close(self) -> None:
        def close_connection() -> None:
            if self._db is not None:
                self._db.close()

        self._executor.submit(close_connection)
        self._executor.shutdown(wait=True)
