"""`salon webhook …` and `salon outbox …`: webhooks and deliveries from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings

if TYPE_CHECKING:
    from salon.services import Services


@click.group()
def webhook() -> None:
    """A site's webhooks: signed JSON events (Standard Webhooks), or Slack/Matrix messages."""


def _site_id(services: Services, name: str) -> int:
    from salon.db import sites as site_queries

    with services.db.read() as conn:
        found = site_queries.get_by_name(conn, name)
    if found is None:
        raise click.ClickException(f"no site named {name!r}; see `salon site add`")
    return found.id


@webhook.command("add")
@settings_options
@click.argument("site_name")
@click.argument("url")
@click.option("--event", "events", multiple=True, help="An event to send (repeatable); none: all.")
@click.option(
    "--preset", type=click.Choice(["standard", "slack", "matrix"]), default="standard", show_default=True
)
def webhook_add(settings: Settings, site_name: str, url: str, events: tuple[str, ...], preset: str) -> None:
    """Send SITE_NAME's events to URL; prints the signing secret (shown once)."""
    from salon.actions import webhooks as webhook_actions
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        hook, secret = webhook_actions.add(services, _site_id(services, site_name), url, list(events), preset)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(f"webhook {hook.id} for {site_name}: {hook.url} ({', '.join(hook.events)}, {hook.preset})")
    click.echo(f"secret: {secret}")


@webhook.command("rotate")
@settings_options
@click.argument("webhook_id", type=int)
@click.option(
    "--overlap", type=int, default=86400, show_default=True, help="Seconds the old secret still signs."
)
def webhook_rotate(settings: Settings, webhook_id: int, overlap: int) -> None:
    """A new secret for a webhook; the old one keeps signing beside it for --overlap seconds."""
    from salon.actions import webhooks as webhook_actions
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        secret = webhook_actions.rotate(services, webhook_id, overlap)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(f"secret: {secret}")


@webhook.command("list")
@settings_options
def webhook_list(settings: Settings) -> None:
    """Every webhook: id, site, state, address, events."""
    from salon.actions import webhooks as webhook_actions

    services = open_services(settings)
    try:
        for hook in webhook_actions.for_sites(services, None):
            state = "on" if hook.active else "off"
            click.echo(
                f"{hook.id}\tsite {hook.site_id}\t{state}\t{hook.preset}\t{hook.url}\t{','.join(hook.events)}"
            )
    finally:
        services.close()


@click.group()
def outbox() -> None:
    """Mail and webhooks waiting to go (delivered by `salon serve`)."""


@outbox.command("run")
@settings_options
def outbox_run(settings: Settings) -> None:
    """Deliver whatever is due now, once, and say what happened (no server needed)."""
    from salon.db import outbox as outbox_queries
    from salon.notify.outbox import OutboxWorker

    services = open_services(settings)
    try:
        attempted = OutboxWorker(services).drain()
        with services.db.read() as conn:
            counts = outbox_queries.counts(conn, None)
    finally:
        services.close()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "empty"
    click.echo(f"attempted {attempted}; outbox: {summary}")
