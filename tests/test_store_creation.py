"""Creating a new database when several processes use it for the first time at once."""

import multiprocessing
from pathlib import Path

from parallax.store.db import open_db

PROCESSES = 4
ROUNDS = 20


def _create(folder: str, barrier, failures) -> None:
    for round_ in range(ROUNDS):
        barrier.wait()
        try:
            db = open_db(Path(folder) / f"new-{round_}.db")
            db.execute("SELECT count(*) FROM annotations").fetchone()
            db.close()
        except Exception as err:  # every failure is what the test counts
            failures.append(f"round {round_}: {type(err).__name__}: {err}")


def test_four_processes_create_one_new_database_twenty_times(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier, failures = manager.Barrier(PROCESSES), manager.list()
        workers = [context.Process(target=_create, args=(str(tmp_path), barrier, failures))
                   for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        failed = list(failures)
        codes = [worker.exitcode for worker in workers]
    assert failed == [] and codes == [0] * PROCESSES, failed[:5]
    db = open_db(tmp_path / "new-0.db")
    names = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert len(names) == len(set(names)), "each migration recorded once"
