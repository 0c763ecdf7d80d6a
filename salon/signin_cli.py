"""`salon signin …`: a site's OpenID Connect and GitHub sign-in providers from the command line.

The client secret is asked for (hidden) or read from standard input, never taken as an argument:
arguments end up in shell history and process lists.
"""

from __future__ import annotations

from typing import Any

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings


@click.group()
def signin() -> None:
    """Readers' sign-in providers of a site (docs/accounts.md)."""


def _site(services: Any, name: str) -> Any:
    from salon.db import sites as site_queries

    with services.db.read() as conn:
        found = site_queries.get_by_name(conn, name)
    if found is None:
        raise click.ClickException(f"no site named {name!r}; see `salon site add`")
    return found


def _store(settings: Settings, site_name: str, change: Any) -> list[Any]:
    """Apply ``change(current oidc dict)`` to the site's providers; the switched-on ones after."""
    from salon.actions import oidc
    from salon.actions.sites import update_settings
    from salon.errors import SalonError

    services = open_services(settings, must_exist=True)
    try:
        site = _site(services, site_name)
        current = {k: dict(v) for k, v in dict(site.setting("oidc") or {}).items()}
        try:
            updated = update_settings(services, site.id, {"oidc": change(current)}, "cli")
        except SalonError as exc:
            raise click.ClickException(exc.message) from exc
        return oidc.providers(updated)
    finally:
        services.close()


@signin.command("add")
@settings_options
@click.argument("site_name", metavar="SITE")
@click.argument("provider_id", metavar="ID")
@click.option("--client-id", required=True, help="The client id the provider gave you.")
@click.option("--discovery-url", help="The issuer's /.well-known/openid-configuration (not for presets).")
@click.option("--name", "label", help="The button's text (default: the preset's name, else ID).")
@click.option(
    "--preset", type=click.Choice(["google", "github"]), help="Implied when ID is google or github."
)
def add(
    settings: Settings,
    site_name: str,
    provider_id: str,
    client_id: str,
    discovery_url: str | None,
    label: str | None,
    preset: str | None,
) -> None:
    """Add or replace provider ID on SITE (asks for the client secret)."""
    secret = click.prompt("Client secret", hide_input=True).strip()
    entry: dict[str, Any] = {"client_id": client_id, "client_secret": secret}
    for key, value in (("discovery_url", discovery_url), ("name", label), ("preset", preset)):
        if value:
            entry[key] = value
    on = _store(settings, site_name, lambda current: {**current, provider_id: entry})
    click.echo(f"{site_name}: sign-in with {', '.join(p.name for p in on) or 'nothing'}")


@signin.command("switch")
@settings_options
@click.argument("site_name", metavar="SITE")
@click.argument("provider_id", metavar="ID")
@click.argument("state", type=click.Choice(["on", "off"]))
def switch(settings: Settings, site_name: str, provider_id: str, state: str) -> None:
    """Switch provider ID of SITE on or off (it keeps its client id and secret)."""

    def change(current: dict[str, Any]) -> dict[str, Any]:
        if provider_id not in current:
            raise click.ClickException(f"{site_name} has no provider {provider_id!r}; see `salon signin add`")
        return {**current, provider_id: {**current[provider_id], "enabled": state == "on"}}

    on = _store(settings, site_name, change)
    click.echo(f"{site_name}: sign-in with {', '.join(p.name for p in on) or 'nothing'}")


@signin.command("list")
@settings_options
@click.argument("site_name", metavar="SITE")
def list_providers(settings: Settings, site_name: str) -> None:
    """SITE's providers (never their secrets) and the redirect URI to register with each."""
    from salon.actions import oidc

    services = open_services(settings, must_exist=True)
    try:
        site = _site(services, site_name)
        click.echo(f"redirect URI: {oidc.redirect_uri(services)}")
        on = {p.id for p in oidc.providers(site)}
        for pid, entry in dict(site.setting("oidc") or {}).items():
            where = entry.get("discovery_url") or entry.get("preset") or pid
            click.echo(f"{pid}\t{'on' if pid in on else 'off'}\t{entry.get('client_id')}\t{where}")
    finally:
        services.close()
