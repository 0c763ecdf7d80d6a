"""Several processes writing one SQLite file: writers wait for each other, none fails."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select, text

from salon.db import tables as t
from salon.db.engine import Database, now


def _writer(path: str, worker: int, rounds: int) -> None:
    db = Database(path)
    for i in range(rounds):
        with db.write() as conn:
            # Read, then write, in one transaction: the pattern that fails under a deferred BEGIN.
            conn.execute(select(func.count()).select_from(t.meta)).scalar_one()
            conn.execute(t.meta.insert().values(key=f"w{worker}-{i}", value=str(now())))
    db.dispose()


def test_writers_in_several_processes_all_commit(tmp_path):
    path = str(tmp_path / "shared.db")
    Database(path).upgrade()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 60)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    db = Database(path)
    with db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM meta WHERE key LIKE 'w%'")).scalar_one() == 180
    db.dispose()
