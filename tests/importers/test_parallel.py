"""Reading in a second process: the same comments, warnings and errors as reading in-process."""

from __future__ import annotations

import pytest

from salon.actions.imports import import_file
from salon.db import tables as t
from salon.importers import parallel
from salon.importers.records import ImportFailed
from tests.importers.support import comments, rows, run
from tests.importers.test_hostile import DISQUS_HEAD, THREAD, _post, _write


def _snapshot(services) -> list[tuple]:
    return sorted(
        (r.source_id, r.parent_id is not None, r.depth, r.body, r.html, r.status, r.created_at, r.author_name)
        for r in comments(services).values()
    )


@pytest.mark.parametrize("fixture", ["wordpress.xml", "disqus.xml", "remark42.jsonl"])
def test_same_result_as_in_process(services, site, fixture):
    report = run(services, site, fixture, parallel=True)
    here = _snapshot(services)
    assert report.comments.imported == len(here) > 0
    with services.db.write() as conn:
        for table in (t.moderation_records, t.votes, t.reports, t.comments, t.authors, t.threads):
            conn.execute(table.delete())
    again = run(services, site, fixture, parallel=False)
    assert _snapshot(services) == here
    assert again.to_dict() == report.to_dict()  # warnings (e.g. WordPress's local times) came back


def test_a_broken_file_stops_after_what_was_read(services, site, tmp_path):
    whole = DISQUS_HEAD + THREAD + "".join(_post(n) for n in range(1, 8)) + "</disqus>\n"
    cut = _write(tmp_path, "cut.xml", whole[: whole.index('<post dsq:id="6"') + 30])
    with pytest.raises(ImportFailed, match=r"^line \d+: .*truncated") as raised:
        run(services, site, cut, "disqus", batch_size=2, parallel=True)
    assert raised.value.line is not None
    assert set(comments(services)) == {"1", "2", "3", "4", "5"}
    assert rows(services, t.threads)[0].comment_count == 5


def test_many_chunks_and_the_size_threshold(services, site, tmp_path):
    n = 2 * parallel.CHUNK + 500
    posts = "".join(_post(k) for k in range(1, n + 1))
    big = _write(tmp_path, "many.xml", DISQUS_HEAD + THREAD + posts + "</disqus>\n")
    report = import_file(services, site, big, "disqus", parallel=True)
    assert report.comments.imported == n and len(comments(services)) == n
    assert rows(services, t.threads)[0].comment_count == n
    assert not parallel.worth_it(big) and not parallel.worth_it(tmp_path / "missing.xml")
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as out:
        out.truncate(parallel.MIN_BYTES)  # sparse: no disk used
    assert parallel.worth_it(huge)


def test_a_reader_that_dies_is_an_import_error(services, site, monkeypatch):
    monkeypatch.setattr(parallel.sys, "executable", "/bin/false")
    with pytest.raises(ImportFailed, match=r"reading process stopped unexpectedly \(exit code 1\)"):
        run(services, site, "disqus.xml", parallel=True)
    assert comments(services) == {}
