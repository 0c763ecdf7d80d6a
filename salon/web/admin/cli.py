"""`salon admin …`: dashboard accounts from the command line."""

from __future__ import annotations

import sys

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group()
def admin() -> None:
    """Dashboard accounts: admins (every site) and moderators (their sites)."""


@admin.command("create")
@settings_options
@click.option("--email", required=True, help="The address to sign in with.")
@click.option("--role", type=click.Choice(["admin", "moderator"]), default="moderator", show_default=True)
@click.option("--site", "sites", multiple=True, help="Site a moderator may act on (repeatable).")
@click.option("--name", "display_name", default="", help="Name shown in the dashboard.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def create(
    settings: Settings, email: str, role: str, sites: tuple[str, ...], display_name: str, password_stdin: bool
) -> None:
    """Create a dashboard account (the password is prompted, or read with --password-stdin)."""
    from salon.actions.users import create_user
    from salon.errors import SalonError
    from salon.models import Role

    password = _password(password_stdin)
    services = open_services(settings)
    try:
        user = create_user(services, email, password, Role(role), list(sites), "cli", display_name)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    where = "every site" if user.role is Role.ADMIN else ", ".join(sites)
    click.echo(f"{user.role.value} {user.email} created ({where}); sign in at /admin")


@admin.command("password")
@settings_options
@click.option("--email", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def password(settings: Settings, email: str, password_stdin: bool) -> None:
    """Set a new password; the account's open sessions end."""
    from salon.actions.users import set_password
    from salon.errors import SalonError

    new = _password(password_stdin)
    services = open_services(settings, must_exist=True)
    try:
        set_password(services, email, new)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(f"password of {email.strip().lower()} changed")


@admin.command("list")
@settings_options
def list_users(settings: Settings) -> None:
    """List dashboard accounts with their role and sites."""
    from salon.db import sites as site_queries
    from salon.db import users as user_queries

    services = open_services(settings, must_exist=True)
    try:
        with services.db.read() as conn:
            names = {s.id: s.name for s in site_queries.all_sites(conn)}
            for user in user_queries.all_users(conn):
                sites = sorted(names.get(i, str(i)) for i in user_queries.site_ids(conn, user.id))
                where = "all sites" if user.role.value == "admin" else ", ".join(sites) or "no sites"
                state = " (disabled)" if user.disabled else ""
                click.echo(f"{user.email}\t{user.role.value}\t{where}{state}")
    finally:
        services.close()
