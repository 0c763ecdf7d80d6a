"""Hostile and broken files: refused with a message naming the line, never half-parsed silently."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest

from salon.db import tables as t
from salon.importers.records import ImportFailed
from tests.importers.support import FIXTURES, comments, rows, run

DISQUS_HEAD = '<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
THREAD = (
    '<thread dsq:id="1"><link>https://blog.example.com/p</link><title>T</title>'
    "<createdAt>2020-01-01T00:00:00Z</createdAt></thread>\n"
)


def _post(n: int, body: str = "<p>hi</p>") -> str:
    return (
        f'<post dsq:id="{n}"><message><![CDATA[{body}]]></message>'
        f"<createdAt>2020-01-01T00:00:{n % 60:02d}Z</createdAt><isDeleted>false</isDeleted>"
        f'<isSpam>false</isSpam><author><name>N{n}</name></author><thread dsq:id="1"/></post>\n'
    )


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_xxe_is_refused_and_reads_nothing(services, site, tmp_path):
    secret = _write(tmp_path, "secret.txt", "TOP-SECRET")
    evil = _write(
        tmp_path,
        "xxe.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        + DISQUS_HEAD.split("\n", 1)[1]
        + THREAD
        + _post(1, "&x;")
        + "</disqus>",
    )
    with pytest.raises(ImportFailed, match=r"line 2: .*DTD") as exc:
        run(services, site, evil, "disqus")
    assert "delete the <!DOCTYPE" in str(exc.value)
    assert rows(services, t.comments) == []


def test_billion_laughs_is_refused(services, site, tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol" + (str(i - 1) if i > 1 else "") + ";" * 1}' * 1 + '">'
        for i in range(1, 10)
    )
    bomb = _write(
        tmp_path,
        "bomb.xml",
        f'<?xml version="1.0"?>\n<!DOCTYPE disqus [{entities}]>\n<disqus>&lol9;</disqus>',
    )
    with pytest.raises(ImportFailed, match="DTD"):
        run(services, site, bomb, "disqus")


def test_undefined_entity_names_the_line(services, site, tmp_path):
    bad = _write(
        tmp_path,
        "ent.xml",
        DISQUS_HEAD + THREAD + '<post dsq:id="1"><message>&nbsp;</message></post>\n</disqus>',
    )
    with pytest.raises(ImportFailed, match=r"^line 4: .*nbsp") as exc:
        run(services, site, bad, "disqus")
    assert "refused" in str(exc.value)


def test_truncated_file_keeps_what_was_read_consistent_then_resumes(services, site, tmp_path):
    posts = [_post(n) for n in range(1, 8)]
    whole = DISQUS_HEAD + THREAD + "".join(posts) + "</disqus>\n"
    cut = whole[: whole.index('<post dsq:id="6"') + 30]
    truncated = _write(tmp_path, "cut.xml", cut)
    with pytest.raises(ImportFailed, match=r"line \d+: .*truncated"):
        run(services, site, truncated, "disqus", batch_size=2)
    written = comments(services)
    assert set(written) == {"1", "2", "3", "4", "5"}
    [thread] = rows(services, t.threads)
    assert thread.comment_count == 5  # counts rebuilt for what was written
    report = run(services, site, _write(tmp_path, "whole.xml", whole), "disqus", batch_size=2)
    assert report.comments.imported == 2 and report.comments.skipped["already imported"] == 5
    assert len(comments(services)) == 7 and rows(services, t.threads)[0].comment_count == 7


def test_wrong_wxr_version(services, site, tmp_path):
    text = (FIXTURES / "wordpress.xml").read_text().replace("export/1.2/", "export/9.9/")
    with pytest.raises(ImportFailed, match=r"9\.9.*not a supported version"):
        run(services, site, _write(tmp_path, "wxr.xml", text), "wordpress")
    text = (FIXTURES / "wordpress.xml").read_text().replace("<wp:wxr_version>1.2", "<wp:wxr_version>3.0")
    with pytest.raises(ImportFailed, match=r"WXR version '3\.0'"):
        run(services, site, _write(tmp_path, "wxr3.xml", text), "wordpress")


def test_wrong_root_for_the_format(services, site):
    with pytest.raises(ImportFailed, match="root element is <rss>"):
        run(services, site, "wordpress.xml", "disqus")


def test_empty_and_unknown_files(services, site, tmp_path):
    with pytest.raises(ImportFailed, match="empty"):
        run(services, site, _write(tmp_path, "empty.xml", ""))
    with pytest.raises(ImportFailed, match="cannot tell the format"):
        run(services, site, _write(tmp_path, "x.txt", "hello there"))


def test_empty_zip_and_two_files_in_a_zip(services, site, tmp_path):
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    with pytest.raises(ImportFailed, match="zip archive is empty"):
        run(services, site, empty)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.write(FIXTURES / "disqus.xml", "a.xml")
        archive.write(FIXTURES / "wordpress.xml", "b.xml")
    with pytest.raises(ImportFailed, match=r"holds 2 files \(a.xml, b.xml\)"):
        run(services, site, two)


def test_gzip_and_zip_are_opened_transparently(services, site, tmp_path):
    packed = tmp_path / "export.xml.gz"
    with (FIXTURES / "disqus.xml").open("rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert run(services, site, packed).comments.imported == 6
    one = tmp_path / "one.zip"
    with zipfile.ZipFile(one, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(FIXTURES / "wordpress.xml", "wordpress.xml")
    assert run(services, site, one).format == "wordpress"


def test_broken_gzip(services, site, tmp_path):
    with pytest.raises(ImportFailed, match="gzip"):
        run(services, site, _write(tmp_path, "bad.gz", b"\x1f\x8b\x08\x00garbage"))


def test_stray_bytes_and_undeclared_prefix_are_recovered_with_warnings(services, site, tmp_path):
    text = "\ufeffjunk\n" + DISQUS_HEAD.replace(' xmlns:dsq="http://disqus.com/disqus-internals"', "")
    path = _write(tmp_path, "sloppy.xml", text + THREAD + _post(1) + "</disqus>")
    report = run(services, site, path, "disqus")
    assert report.comments.imported == 1
    assert any("stray byte" in w for w in report.warnings)
    assert any("dsq" in w and "not declared" in w for w in report.warnings)


def test_bad_records_fail_alone(services, site, tmp_path):
    broken = (
        '<post dsq:id="9"><message>x</message><createdAt>yesterday</createdAt><thread dsq:id="1"/></post>\n'
    )
    orphan_thread = _post(10).replace('thread dsq:id="1"', 'thread dsq:id="77"')
    path = _write(
        tmp_path, "mixed.xml", DISQUS_HEAD + THREAD + _post(1) + broken + orphan_thread + "</disqus>"
    )
    report = run(services, site, path, "disqus")
    assert report.comments.imported == 1
    assert sum(report.comments.failed.values()) == 2
    assert report.comments.failed["thread not in the file"] == 1
