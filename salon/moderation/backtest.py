"""`salon backtest`: a policy run over a site's stored comments, changing nothing.

Each stored comment's text goes through the phases that need no history (words, links, limits,
the model, pre-moderation; see salon.moderation.analysis), under the site's settings or a
proposed settings file. The report counts what would have been published, held or rejected, by
phase and by category, keeps a few samples of each with their spans, and compares the policy
with what moderators decided: a comment counts as *flagged* when the policy would hold or reject
it, and as *bad* when the latest human decision on it (a moderator's, or the old system's for
imported comments) rejected it. Precision is flagged-and-bad over flagged, recall flagged-and-bad
over bad.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from salon.db.sites import Site
    from salon.services import Services

#: Comments scored per classifier call.
BATCH = 256
SAMPLES = 3


@dataclass
class Backtest:
    scored: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    phases: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: (policy flagged?, moderator said bad?) → count, over comments a human decided.
    agreement: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    #: Only when asked (``keep=True``): each comment's id → (decision, first reason).
    verdicts: dict[int, tuple[str, str]] = field(default_factory=dict)

    def precision(self) -> float | None:
        flagged = self.agreement[(True, True)] + self.agreement[(True, False)]
        return self.agreement[(True, True)] / flagged if flagged else None

    def recall(self) -> float | None:
        bad = self.agreement[(True, True)] + self.agreement[(False, True)]
        return self.agreement[(True, True)] / bad if bad else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scored": self.scored,
            "decisions": dict(self.decisions),
            "phases": dict(self.phases),
            "categories": dict(self.categories),
            "samples": self.samples,
            "decided_by_moderators": sum(self.agreement.values()),
            "agreement": {
                f"policy_{'flags' if p else 'passes'}_moderator_{'rejected' if m else 'kept'}": n
                for (p, m), n in sorted(self.agreement.items())
            },
            "precision": self.precision(),
            "recall": self.recall(),
        }


def _human_decisions(conn: Any, ids: list[int]) -> dict[int, bool]:
    """The latest human (or imported) decision per comment: True when it rejected the comment."""
    from sqlalchemy import select

    from salon.db import tables as t

    m = t.moderation_records
    query = (
        select(m.c.comment_id, m.c.decision)
        .where(m.c.comment_id.in_(ids), m.c.actor != "pipeline")
        .order_by(m.c.comment_id, m.c.created_at, m.c.id)
    )
    latest: dict[int, bool] = {}
    for row in conn.execute(query):
        latest[int(row.comment_id)] = row.decision == "reject"
    return latest


def merged(settings: dict[str, Any], policy: dict[str, Any] | None) -> dict[str, Any]:
    """Proposed settings over the site's: thresholds merge per category (a proposal that moves
    one category keeps the site's own values for the others)."""
    out = {**settings, **(policy or {})}
    if policy and isinstance(policy.get("thresholds"), dict) and isinstance(settings.get("thresholds"), dict):
        out["thresholds"] = {**settings["thresholds"], **policy["thresholds"]}
    return out


def run_backtest(
    services: Services,
    site: Site,
    policy: dict[str, Any] | None = None,
    since: datetime | None = None,
    *,
    limit: int | None = None,
    keep: bool = False,
) -> Backtest:
    """Score the site's stored comments under ``policy`` (merged over the site's settings); only
    the newest ``limit`` of them when given. ``keep`` records each comment's verdict."""
    from sqlalchemy import select

    from salon.db import tables as t
    from salon.moderation.analysis import score_batch

    settings = merged(site.settings, policy)
    out = Backtest()
    c, th = t.comments, t.threads
    query = (
        select(c.c.id, c.c.body, c.c.author_name)
        .join(th, th.c.id == c.c.thread_id)
        .where(th.c.site_id == site.id, c.c.status != "deleted", c.c.body != "")
    )
    if since is not None:
        query = query.where(c.c.created_at >= since)
    last = 0
    if limit is not None:
        with services.db.read() as conn:
            newest = conn.execute(query.order_by(c.c.id.desc()).limit(limit)).all()
        last = newest[-1].id - 1 if newest else 0
    while True:
        with services.db.read() as conn:
            rows = conn.execute(query.where(c.c.id > last).order_by(c.c.id).limit(BATCH)).all()
            if not rows:
                return out
            human = _human_decisions(conn, [r.id for r in rows])
        verdicts = score_batch(services, services.phases, settings, [(r.body, r.author_name) for r in rows])
        for row, verdict in zip(rows, verdicts, strict=True):
            _count(out, row, verdict, human.get(row.id))
            if keep:
                out.verdicts[row.id] = (verdict.decision.value, verdict.reasons[0] if verdict.reasons else "")
        last = rows[-1].id


def _count(out: Backtest, row: Any, verdict: Any, bad: bool | None) -> None:
    decision = verdict.decision.value
    out.scored += 1
    out.decisions[decision] += 1
    if verdict.phase:
        out.phases[verdict.phase] += 1
    for category in {cat for span in verdict.spans for cat in span.categories}:
        out.categories[category] += 1
    key = f"{decision}:{verdict.phase or '-'}"
    if decision != "publish" and len(out.samples.setdefault(key, [])) < SAMPLES:
        out.samples[key].append(
            {
                "comment_id": row.id,
                "text": row.body[:300],
                "reasons": list(verdict.reasons),
                "spans": [s.to_dict() for s in verdict.spans],
            }
        )
    if bad is not None:
        out.agreement[(decision != "publish", bad)] += 1


#: How many of the newest comments the dashboard's preview runs over, and examples it shows.
PREVIEW_COMMENTS = 500
PREVIEW_EXAMPLES = 5


@dataclass
class Preview:
    """What a settings change would have done on recent comments: the current policy and the
    proposed one over the same comments, and the comments whose decision moves."""

    before: Backtest
    after: Backtest
    #: "publish → hold" → how many comments moved that way.
    moves: Counter[str] = field(default_factory=Counter)
    #: A few moved comments: id, text, decision before and after, the proposed policy's reason.
    examples: list[dict[str, Any]] = field(default_factory=list)


def preview(
    services: Services, site: Site, changes: dict[str, Any], limit: int = PREVIEW_COMMENTS
) -> Preview:
    """Run the site's policy and the changed one over its newest ``limit`` comments."""
    from sqlalchemy import select

    from salon.db import tables as t

    before = run_backtest(services, site, None, limit=limit, keep=True)
    after = run_backtest(services, site, changes, limit=limit, keep=True)
    out = Preview(before, after)
    moved = []
    for cid, (decision, reason) in after.verdicts.items():
        was = before.verdicts.get(cid, (decision, ""))[0]
        if was != decision:
            out.moves[f"{was} → {decision}"] += 1
            moved.append((cid, was, decision, reason))
    shown = moved[-PREVIEW_EXAMPLES:][::-1]  # the newest first
    if shown:
        c = t.comments
        with services.db.read() as conn:
            query = select(c.c.id, c.c.body).where(c.c.id.in_([m[0] for m in shown]))
            texts = {int(row.id): str(row.body) for row in conn.execute(query)}
        out.examples = [
            {"comment_id": cid, "text": texts.get(cid, "")[:300], "before": was, "after": now, "reason": why}
            for cid, was, now, why in shown
        ]
    return out


def load_policy(path: str) -> dict[str, Any]:
    """Proposed site settings from a TOML or JSON file."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.endswith(".json") else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise click.UsageError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise click.UsageError(f"{path}: expected a table of site settings")
    return data


def _print(result: Backtest) -> None:
    click.echo(
        f"scored {result.scored} comments: "
        + ", ".join(f"{n} {d}" for d, n in result.decisions.most_common())
    )
    if result.phases:
        click.echo("by phase: " + ", ".join(f"{p} {n}" for p, n in result.phases.most_common()))
    if result.categories:
        click.echo("by category: " + ", ".join(f"{c} {n}" for c, n in result.categories.most_common()))
    decided = sum(result.agreement.values())
    p, r = result.precision(), result.recall()
    click.echo(
        f"against {decided} moderator decisions: precision "
        + (f"{p:.2f}" if p is not None else "n/a")
        + ", recall "
        + (f"{r:.2f}" if r is not None else "n/a")
    )
    for key, items in result.samples.items():
        click.echo(f"{key}:")
        for item in items:
            click.echo(f"  #{item['comment_id']}: {item['text'][:80]!r} {'; '.join(item['reasons'])}")


def backtest_command() -> click.Command:
    """The `salon backtest` command (built on demand so the CLI stays quick to start)."""
    from salon.cli import open_services, settings_options

    @click.command("backtest")
    @settings_options
    @click.option("--site", "site_name", required=True)
    @click.option(
        "--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), help="Only comments since."
    )
    @click.option(
        "--policy",
        "policy_file",
        type=click.Path(exists=True, dir_okay=False),
        help="Proposed site settings (TOML or JSON) instead of the current ones.",
    )
    @click.option("--json", "as_json", is_flag=True)
    def backtest(
        settings: Any, site_name: str, since: datetime | None, policy_file: str | None, as_json: bool
    ) -> None:
        """Run a policy over the site's stored comments without changing anything."""
        from datetime import UTC

        from salon.db import sites as site_queries

        services = open_services(settings)
        try:
            with services.db.read() as conn:
                site = site_queries.get_by_name(conn, site_name)
            if site is None:
                raise click.ClickException(f"no site named {site_name!r}")
            policy = load_policy(policy_file) if policy_file else None
            result = run_backtest(services, site, policy, since.replace(tzinfo=UTC) if since else None)
        finally:
            services.close()
        if as_json:
            click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
        else:
            _print(result)

    return backtest
