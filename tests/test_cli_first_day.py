"""The first day on the command line: clear errors instead of tracebacks or silent new files."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from click.testing import CliRunner

from salon.cli import main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env={"SALON_CLASSIFIER": "null", **(env or {})})


@pytest.mark.parametrize(
    "command",
    [["admin", "list"], ["apikey", "list"], ["apikey", "revoke", "x"], ["score", "--site", "blog", "hi"]],
)
def test_read_only_commands_refuse_a_missing_database(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = run(*command, "--db", str(missing))
    assert result.exit_code != 0
    assert f"no database at {missing}" in result.output
    assert not missing.exists()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://u@[::1/db", "is not valid"),
        ("postgresql://u@host:abc/db", "is not valid"),
        ("mysql://x/y", "SQLite or PostgreSQL"),
    ],
)
def test_malformed_database_urls_give_a_clear_error(url, says):
    result = run("db", "upgrade", "--db", url)
    assert result.exit_code != 0 and says in result.output
    assert not isinstance(result.exception, ValueError | ImportError) or isinstance(
        result.exception, SystemExit
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("origin", ["http://[::1", "https://<b>x</b>", "https://a b.example"])
def test_malformed_origins_give_a_clear_error(tmp_path, origin):
    result = run("site", "add", "blog", "--origin", origin, "--db", str(tmp_path / "s.db"))
    assert result.exit_code != 0 and "origins look like https://example.com" in result.output
    assert isinstance(result.exception, SystemExit)


def test_score_takes_text_as_arguments_and_plain_lines_on_stdin():
    import json

    args = run("score", "thanks, this helped", "a second one")
    assert args.exit_code == 0, args.output
    lines = [json.loads(line) for line in args.output.splitlines()]
    assert [line["id"] for line in lines] == [1, 2] and all("decision" in line for line in lines)
    plain = run("score", input='plain text, no JSON\n{"id": "x", "text": "json too"}\n')
    assert plain.exit_code == 0, plain.output
    ids = [json.loads(line)["id"] for line in plain.output.splitlines()]
    assert ids == [1, "x"]
    assert all("error" not in json.loads(line) for line in plain.output.splitlines())


def test_a_busy_port_is_a_clear_error_before_any_url(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for command in ("serve", "demo"):
            done = subprocess.run(
                [sys.executable, "-m", "salon", command, "--db", str(tmp_path / "d.db"), "--port", str(port)],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode != 0
            assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
            assert "http://" not in done.stdout + done.stderr.split("cannot listen")[0]
            assert "Traceback" not in done.stderr


def test_serve_warns_when_no_site_exists(tmp_path, capsys):
    from salon.actions.sites import add_site
    from salon.cli import warn_without_sites
    from salon.services import build_services
    from salon.settings import load_settings

    services = build_services(load_settings(database_url=str(tmp_path / "empty.db"), classifier="null"))
    try:
        warn_without_sites(services)
        said = capsys.readouterr().err
        assert "no site is registered" in said and "salon site add" in said
        add_site(services, "blog", ["https://blog.example.com"])
        warn_without_sites(services)
        assert capsys.readouterr().err == ""
    finally:
        services.close()
