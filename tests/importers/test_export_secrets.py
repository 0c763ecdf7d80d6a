"""salon's own export carries no secrets: each is written as null and named in the first line;
importing it keeps the target site's own secrets, and says which it has none of."""

from __future__ import annotations

import io
import json
import shutil

from sqlalchemy import select

from salon import site_secrets
from salon.actions import webhooks
from salon.actions.comments import NewComment, create_comment
from salon.actions.oidc import providers
from salon.actions.sites import add_site, update_settings
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import Database
from salon.exporters import salon_jsonl
from salon.services import Services
from salon.settings import load_settings
from tests.conftest import PAGE, SITE_ORIGIN
from tests.importers.support import run

SSO = "sso-S3CRET-4f1c9e"
GITHUB = "gh-S3CRET-77aa01"
EXTRA = "AIza-S3CRET-0b2d"
SMTP = "smtp-S3CRET-91ce"


def _export(services: Services, site_id: int) -> str:
    out = io.StringIO()
    with services.db.read() as conn:
        site = site_queries.get(conn, site_id)
        assert site is not None
        salon_jsonl.write(conn, site, out)
    return out.getvalue()


def _site(services: Services, site_id: int):
    with services.db.read() as conn:
        return site_queries.get(conn, site_id)


def _secret_site(services: Services):
    site, _ = add_site(services, "blog", [SITE_ORIGIN])
    github = {"client_id": "gh-client-id", "client_secret": GITHUB}
    changes = {"sso_secret": SSO, "oidc": {"github": github}, "perspective_api_key": EXTRA}
    update_settings(services, site.id, {**changes, "report_threshold": 5}, "cli")
    _, hook_secret = webhooks.add(services, site.id, "https://hooks.example.com/salon")
    create_comment(
        services, NewComment(url=PAGE, body="Night trains", author_name="Nia", client_address="192.0.2.9")
    )
    return site, hook_secret


def test_the_secret_paths_of_a_sites_settings():
    settings = {
        "sso_secret": "x",
        "oidc": {"gh": {"client_secret": "y", "token_url": "https://t", "token_auth": "client_secret_post"}},
        "smtp_password": "z",
        "held_message": "wait",
        "empty_token": "",
    }
    assert site_secrets.secret_paths(settings) == [
        ("sso_secret",),
        ("oidc", "gh", "client_secret"),
        ("smtp_password",),
    ]
    redacted, _ = site_secrets.redact(settings)
    assert redacted["oidc"]["gh"] == {
        "client_secret": None,
        "token_url": "https://t",
        "token_auth": "client_secret_post",
    }
    assert settings["sso_secret"] == "x", "the site's own settings are left as they are"


def test_an_export_has_no_secret_and_names_each(services):
    services_with_smtp = Services(
        settings=load_settings(
            database_url=services.settings.database_url, classifier="null", smtp_password=SMTP
        ),
        db=services.db,
        secret="test-secret",
    )
    site, hook_secret = _secret_site(services_with_smtp)
    exported = _export(services_with_smtp, site.id)
    for secret in (SSO, GITHUB, EXTRA, SMTP, hook_secret, "test-secret"):
        assert secret not in exported
    header = json.loads(exported.splitlines()[0])
    assert sorted(header["redacted_secrets"]) == [
        ["oidc", "github", "client_secret"],
        ["perspective_api_key"],
        ["sso_secret"],
    ]
    assert "never exported" in header["note"]
    settings = header["site"]["settings"]
    assert settings["sso_secret"] is None and settings["perspective_api_key"] is None
    assert settings["oidc"] == {"github": {"client_id": "gh-client-id", "client_secret": None}}
    assert settings["report_threshold"] == 5
    with services.db.read() as conn:
        logged = json.dumps([r.details for r in conn.execute(select(t.audit_log))])
    assert SSO not in logged and GITHUB not in logged and EXTRA not in logged and "(set)" in logged


def test_import_keeps_the_targets_own_secrets(services, tmp_path, sqlite_template):
    site, _ = _secret_site(services)
    dump = tmp_path / "blog.jsonl"
    dump.write_text(_export(services, site.id))

    path = tmp_path / "target.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    target = Services(
        settings=load_settings(database_url=url, classifier="null"), db=Database(url), secret="s2"
    )
    try:
        moved, _ = add_site(target, "blog", [SITE_ORIGIN])
        own = {"client_id": "old-id", "client_secret": "target-gh-own"}
        update_settings(target, moved.id, {"sso_secret": "target-sso-own", "oidc": {"github": own}}, "cli")
        report = run(target, _site(target, moved.id), dump)
        assert report.format == "salon" and report.comments.imported == 1
        after = _site(target, moved.id)
        assert after.settings["sso_secret"] == "target-sso-own"
        assert after.settings["oidc"]["github"] == {
            "client_id": "gh-client-id",
            "client_secret": "target-gh-own",
        }
        assert after.settings["report_threshold"] == 5
        assert [p.client_secret for p in providers(after)] == ["target-gh-own"]
        # A secret the target has none of stays unset, and the report says so.
        assert after.settings["perspective_api_key"] is None
        assert [w for w in report.warnings if "secret" in w] == [
            "setting perspective_api_key: secrets are not exported; this site has none, so it stays "
            "unset until you set it again"
        ]
    finally:
        target.close()


def test_into_a_site_without_secrets_the_provider_stays_off_until_given_one(
    services, tmp_path, sqlite_template
):
    site, _ = _secret_site(services)
    dump = tmp_path / "blog.jsonl"
    dump.write_text(_export(services, site.id))
    path = tmp_path / "target.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    target = Services(
        settings=load_settings(database_url=url, classifier="null"), db=Database(url), secret="s2"
    )
    try:
        moved, _ = add_site(target, "blog", [SITE_ORIGIN])
        report = run(target, moved, dump)
        after = _site(target, moved.id)
        assert after.settings["sso_secret"] is None and providers(after) == []
        assert len([w for w in report.warnings if "secrets are not exported" in w]) == 3
        # Setting the secret again turns the provider on.
        github = {"client_id": "gh-client-id", "client_secret": "new-secret"}
        update_settings(target, moved.id, {"oidc": {"github": github}}, "cli")
        assert [p.id for p in providers(_site(target, moved.id))] == ["github"]
    finally:
        target.close()
