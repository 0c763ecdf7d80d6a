"""The `salon` command: site add is idempotent, every command takes --db, errors say what to do."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from salon.cli import main
from salon.db import tables as t
from salon.db.engine import Database


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def test_site_add_is_idempotent_and_merges_origins(tmp_path):
    db = str(tmp_path / "cli.db")
    first = run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db)
    assert first.exit_code == 0 and "added" in first.output
    again = run("site", "add", "blog", "--origin", "https://BLOG.example.com/", "--db", db)
    assert again.exit_code == 0
    more = run("site", "add", "blog", "--origin", "https://www.blog.example.com", "--db", db)
    assert "updated" in more.output
    database = Database(db)
    with database.read() as conn:
        rows = conn.execute(select(t.sites)).all()
    database.dispose()
    assert len(rows) == 1
    assert rows[0].origins == ["https://blog.example.com", "https://www.blog.example.com"]


def test_origin_of_another_site_is_refused(tmp_path):
    db = str(tmp_path / "cli.db")
    run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db)
    clash = run("site", "add", "news", "--origin", "https://blog.example.com", "--db", db)
    assert clash.exit_code == 1 and "already belongs to site blog" in clash.output


def test_db_upgrade_uses_env_default(tmp_path):
    db = tmp_path / "env.db"
    result = run("db", "upgrade", env={"SALON_DATABASE_URL": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_bad_settings_are_usage_errors(tmp_path):
    result = CliRunner().invoke(
        main, ["db", "upgrade", "--db", str(tmp_path / "x.db")], env={"SALON_PORT": "x"}
    )
    assert result.exit_code == 2 and "docs/settings.md" in result.output


def test_unreachable_database_says_what_to_do():
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 1
    assert "cannot open the database" in result.output and "SALON_DATABASE_URL" in result.output


def test_help_lists_commands():
    output = run("--help").output
    for command in ("serve", "db", "site", "demo"):
        assert command in output
