"""`salon signin`: providers added with the secret asked for (never an argument), switched off and
on, listed without secrets; bad entries refused with the setting's message."""

from __future__ import annotations

from click.testing import CliRunner

from salon.cli import main
from salon.db import sites as site_queries
from salon.db.engine import Database


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _oidc(db: str) -> dict:
    database = Database(db)
    with database.read() as conn:
        site = site_queries.get_by_name(conn, "blog")
    database.dispose()
    assert site is not None
    return dict(site.setting("oidc"))


def test_add_switch_and_list_providers(tmp_path):
    db = str(tmp_path / "cli.db")
    run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db)
    added = run("signin", "add", "blog", "github", "--client-id", "Iv1.abc", "--db", db, input="gh-secret\n")
    assert added.exit_code == 0 and "sign-in with GitHub" in added.output
    assert "gh-secret" not in added.output
    corp = run(
        "signin",
        "add",
        "blog",
        "corp",
        "--client-id",
        "salon",
        "--name",
        "Corp ID",
        "--discovery-url",
        "https://id.example.com/.well-known/openid-configuration",
        "--db",
        db,
        input="corp-secret\n",
    )
    assert "sign-in with GitHub, Corp ID" in corp.output
    assert _oidc(db)["github"] == {"client_id": "Iv1.abc", "client_secret": "gh-secret"}

    off = run("signin", "switch", "blog", "github", "off", "--db", db)
    assert "sign-in with Corp ID" in off.output and _oidc(db)["github"]["client_secret"] == "gh-secret"
    listed = run("signin", "list", "blog", "--db", db).output
    assert "github\toff\tIv1.abc" in listed and "corp\ton\tsalon" in listed
    assert "gh-secret" not in listed and "corp-secret" not in listed
    assert "/auth/oidc/callback" in listed


def test_bad_entries_are_refused(tmp_path):
    db = str(tmp_path / "cli.db")
    run("site", "add", "blog", "--origin", "https://blog.example.com", "--db", db)
    custom = run("signin", "add", "blog", "corp", "--client-id", "x", "--db", db, input="s\n")
    assert custom.exit_code == 1 and "discovery_url is required" in custom.output
    missing = CliRunner().invoke(main, ["signin", "switch", "blog", "nope", "on", "--db", db])
    assert missing.exit_code == 1 and "no provider 'nope'" in missing.output
    assert _oidc(db) == {}
