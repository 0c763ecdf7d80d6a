"""`salon score` and `salon apikey`: the moderation engine from the command line."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

import click

from salon.cli import open_services, settings_options
from salon.settings import Settings

#: Lines scored per classifier call.
BATCH = 256


@click.command()
@settings_options
@click.option("--site", "site_name", metavar="NAME", help="Use this site's policy (default: the defaults).")
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
def score(settings: Settings, site_name: str | None, texts: tuple[str, ...]) -> None:
    """Score TEXT arguments, or lines from stdin; one JSON line out per text or line in.

    A stdin line is a JSON object {"id"?, "text", "author"?}, or plain text (any line that does not
    start with "{"). Uses the stateless phases only (limits, words, links, display name,
    classifier, nudge, pre-moderation "all"). A line that is not a valid request gives
    {"id", "error"} instead.

    \b
    salon score "you are an idiot"
    echo 'thanks, this helped' | salon score
    """
    from salon.moderation.phases import PHASES
    from salon.services import load_classifier

    site_settings: dict[str, Any] = {}
    services: Any
    if site_name is not None:
        services = open_services(settings, must_exist=True)
        with services.db.read() as conn:
            from salon.db.sites import get_by_name

            found = get_by_name(conn, site_name)
        if found is None:
            services.close()
            raise click.ClickException(f"no site named {site_name}; see `salon site add`")
        site_settings = found.settings
        phases = services.phases
    else:
        services = _Scoring(settings, load_classifier(settings))
        phases = PHASES
    given = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    source: IO[str] = io.StringIO(given) if texts else sys.stdin
    try:
        score_stream(services, phases, site_settings, source, sys.stdout)
    finally:
        if site_name is not None:
            services.close()


class _Scoring:
    """What the stateless phases use from Services, without opening a database."""

    def __init__(self, settings: Settings, classifier: Any) -> None:
        self.settings = settings
        self.classifier = classifier
        self.nudges = None


def _parse(number: int, line: str) -> tuple[Any, str, str] | dict[str, Any]:
    """(id, text, author) of one input line, or the error line to print for it."""
    if not line.lstrip().startswith("{"):  # plain text: the line is the comment
        return number, line.rstrip("\r\n"), ""
    try:
        item = json.loads(line)
    except ValueError as exc:
        return {"id": number, "error": f"line {number}: not JSON ({exc})"}
    if not isinstance(item, dict):
        return {"id": number, "error": f"line {number}: expected an object"}
    ident = item.get("id", number)
    text, author = item.get("text"), item.get("author", "")
    if not isinstance(text, str):
        return {"id": ident, "error": f'line {number}: "text" must be a string'}
    if author is None:
        author = ""
    if not isinstance(author, str):
        return {"id": ident, "error": f'line {number}: "author" must be a string'}
    return ident, text, author


def _numbered(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, 1):
        if line.strip():
            yield number, line


def score_stream(
    services: Any, phases: Any, site_settings: dict[str, Any], src: IO[str], out: IO[str]
) -> int:
    """Score every line of ``src`` into ``out``, batching the classifier; returns lines written."""
    from salon.moderation.analysis import score_batch

    lines = _numbered(src)
    written = 0
    while batch := list(islice(lines, BATCH)):
        parsed = [_parse(n, line) for n, line in batch]
        good = [p for p in parsed if isinstance(p, tuple)]
        verdicts = iter(score_batch(services, phases, site_settings, [(t, a) for _, t, a in good]))
        for p in parsed:
            if isinstance(p, dict):
                record = p
            else:
                v = next(verdicts)
                record = {
                    "id": p[0],
                    "decision": v.decision.value,
                    "scores": {k: round(x, 4) for k, x in v.scores.items()},
                    "spans": [
                        {"begin": s.begin, "end": s.end, "categories": list(s.categories)} for s in v.spans
                    ],
                    "reasons": v.reasons,
                }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
        out.flush()
    return written


@click.group()
def apikey() -> None:
    """API keys for the Perspective-compatible /v1alpha1/comments:analyze."""


@apikey.command("create")
@settings_options
@click.argument("name")
@click.option("--site", "site_name", metavar="NAME", help="Tie the key to a site.")
def apikey_create(settings: Settings, name: str, site_name: str | None) -> None:
    """Make a key and print it once: only its hash is kept."""
    from salon.actions.apikeys import create_key
    from salon.errors import SalonError

    services = open_services(settings)
    try:
        key, record = create_key(services, name, site_name)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(key)
    click.echo(f"key {record.id} ({record.name}) created; it is shown only now", err=True)


@apikey.command("list")
@settings_options
def apikey_list(settings: Settings) -> None:
    """List keys (never the keys themselves)."""
    from salon.actions.apikeys import list_keys

    services = open_services(settings, must_exist=True)
    try:
        keys = list_keys(services)
    finally:
        services.close()
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "live"
        site = f"site {k.site_id}" if k.site_id else "any site"
        click.echo(f"{k.id}\t{k.name}\t{site}\tcreated {k.created_at:%Y-%m-%d}\t{state}")


@apikey.command("revoke")
@settings_options
@click.argument("which", metavar="ID_OR_NAME")
def apikey_revoke(settings: Settings, which: str) -> None:
    """Revoke a key by id or by name; requests with it are refused from now on."""
    from salon.actions.apikeys import revoke_key
    from salon.errors import SalonError

    services = open_services(settings, must_exist=True)
    try:
        record = revoke_key(services, which)
    except SalonError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        services.close()
    click.echo(f"key {record.id} ({record.name}) revoked")
