"""The commands: salon import (report, --json, errors), salon export, salon author."""

from __future__ import annotations

import json

from click.testing import CliRunner

from salon.cli import main
from tests.importers.support import FIXTURES

ENV = {"SALON_CLASSIFIER": "null", "SALON_SECRET_KEY": "cli-test-secret"}


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), env=ENV, input=input, catch_exceptions=False)


def test_import_export_and_erase_from_the_command_line(tmp_path):
    db = str(tmp_path / "cli.db")
    assert _run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db).exit_code == 0
    first = _run("import", str(FIXTURES / "disqus.xml"), "--site", "blog", "--db", db)
    assert first.exit_code == 0, first.output
    assert "comments: 6 imported" in first.output and "--url-map" in first.output
    again = _run("import", str(FIXTURES / "disqus.xml"), "--site", "blog", "--db", db, "--json")
    report = json.loads(again.output)
    assert report["comments"]["imported"] == 0 and report["comments"]["skipped"]["already imported"] == 6
    out = tmp_path / "blog.jsonl"
    exported = _run("export", "--site", "blog", "--db", db, "--out", str(out))
    assert exported.exit_code == 0 and out.read_text().count('"type":"comment"') == 6
    wxr = tmp_path / "blog.xml"
    moved = _run("export", "--site", "blog", "--db", db, "--format", "wxr", "--out", str(wxr))
    assert moved.exit_code == 0 and "exported 1 threads, 6 comments" in moved.output
    assert wxr.read_text().count("<wp:comment>") == 6
    unknown = CliRunner().invoke(main, ["export", "--site", "blog", "--db", db, "--format", "rss"], env=ENV)
    assert unknown.exit_code == 2 and "use one of salon, disqus, wxr" in unknown.output
    copy = _run("author", "export", "--site", "blog", "--db", db, "--email", "ann@example.com")
    assert {c["source_id"] for c in json.loads(copy.output)["comments"]} == {"1/1", "1/6"}
    erased = _run("author", "erase", "--site", "blog", "--db", db, "--email", "ann@example.com", "--yes")
    assert erased.exit_code == 0 and "1 comments deleted" in erased.output


def test_a_refused_file_exits_non_zero_with_the_line(tmp_path):
    db = str(tmp_path / "cli.db")
    _run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db)
    bad = tmp_path / "bad.xml"
    bad.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<disqus xmlns="http://disqus.com"/>'
    )
    result = CliRunner().invoke(
        main, ["import", str(bad), "--site", "blog", "--db", db, "--format", "disqus"], env=ENV
    )
    assert result.exit_code == 1 and "line 2" in result.output and "DTD" in result.output
    missing = CliRunner().invoke(main, ["import", str(bad), "--site", "nope", "--db", db], env=ENV)
    assert missing.exit_code == 1 and "no site named 'nope'" in missing.output
