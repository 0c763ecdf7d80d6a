"""Moderation without storing: the pre-submit check, ``salon score`` and their shared runner.

Both run the site's phases (``services.phases``) on a Context without a database connection, so
only the stateless checks speak (limits, words, links, display name, classifier, nudge,
pre-moderation ``all``); phases that need history (sanctions, flood, duplicates, trust) stay
silent.  Like ``actions.moderation.moderate`` the runner never raises: a failing phase holds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salon import i18n
from salon.models import Decision
from salon.moderation import pipeline
from salon.moderation.classifiers.base import Span
from salon.moderation.nudges import text_key
from salon.moderation.phases.classifier import reads_as
from salon.moderation.phases.nudge import nudge_categories
from salon.moderation.pipeline import Context, Phase, Verdict
from salon.moderation.policy import Policy, policy_of
from salon.moderation.scoring import score_many

log = logging.getLogger(__name__)


def evaluate(phases: Sequence[Phase], ctx: Context) -> Verdict:
    """Run ``phases`` over a context; an exception holds, with the error as the reason."""
    return pipeline.run_or_hold(phases, ctx, policy_of(ctx).held_for(ctx.locale))


@dataclass(frozen=True)
class CheckResult:
    """What the widget shows before posting."""

    verdict: Verdict
    nudge: bool
    message: str


def nudge_message(text: str, spans: Sequence[Span], categories: Sequence[str], locale: str = "en") -> str:
    """Tell the author which part reads as what, and that they may edit (in ``locale``)."""
    parts = []
    for span in spans:
        shown = [reads_as(locale, c) for c in span.categories if c in categories]
        if shown:
            what = shown[0]
            for more in shown[1:]:
                what = i18n.say(locale, "nudge_and", first=what, second=more)
            parts.append(i18n.say(locale, "nudge_span", text=text[span.begin : span.end], what=what))
    if not parts:
        parts = [i18n.say(locale, "nudge_whole", what=reads_as(locale, categories[0]))]
    return "; ".join(parts) + ". " + i18n.say(locale, "nudge_edit")


def check_text(
    services: Any,
    site_id: int,
    site_settings: dict[str, Any],
    text: str,
    author_name: str,
    client: str,
    locale: str = "en",
) -> CheckResult:
    """Analyse a draft; if it nudges, remember it so that posting it anyway is recognised."""
    ctx = Context(
        text=text,
        author_name=author_name,
        site_id=site_id,
        site_settings=site_settings,
        client_hash=client,
        services=services,
        locale=locale,
    )
    verdict = evaluate(services.phases, ctx)
    policy: Policy = policy_of(ctx)
    hot = nudge_categories(verdict.scores, policy) if policy.nudge_enabled else []
    if hot:
        services.nudges.remember(text_key(site_id, client, text))
        return CheckResult(verdict, True, nudge_message(text, verdict.spans, hot, locale))
    message = verdict.message if verdict.decision is not Decision.PUBLISH else ""
    return CheckResult(verdict, False, message)


def score_batch(
    services: Any,
    phases: Sequence[Phase],
    site_settings: dict[str, Any],
    items: Sequence[tuple[str, str]],
) -> list[Verdict]:
    """Verdicts for many ``(text, author)`` pairs, the classifier called once for the batch.

    If the batched call fails, each item is left to the classifier phase, which holds it with
    the error as the reason.
    """
    scored = score_many(services.classifier, items)
    verdicts = []
    for k, (text, author) in enumerate(items):
        ctx = Context(text=text, author_name=author, site_settings=site_settings, services=services)
        if scored is not None:
            scored[k].fill(ctx)
        verdicts.append(evaluate(phases, ctx))
    return verdicts
