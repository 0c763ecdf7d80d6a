"""The moderation pipeline: an ordered list of small phases, run until one decides.

A phase looks at the Context and returns None (no opinion) or a PhaseResult. A result without a
decision adds reasons, scores and spans and the run goes on; a result with a decision ends it.
When no phase decides, the comment is published. The ordered policy is ``phases.PHASES``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from salon.models import Decision
from salon.moderation.classifiers.base import Analysis, Span
from salon.moderation.facts import Facts, PostFacts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    """How a new comment was sent: what the bot defences (the gate phases) look at."""

    #: The ALTCHA payload (base64 JSON, v1 or v2) the widget or an ALTCHA client sent.
    altcha: str | None = None
    #: The honeypot field's value: hidden from people, so anything in it was typed by a bot.
    honeypot: str = ""
    #: The plain HTML form's signed render time (see ``proof_of_work.form_token``).
    form_token: str | None = None
    #: Sent by the form without JavaScript, which cannot solve a challenge.
    via_form: bool = False


@dataclass
class Context:
    """Everything a phase may look at. ``conn`` is None when nothing is stored (score, check)."""

    text: str
    author_name: str = ""
    site_id: int | None = None
    site_settings: dict[str, Any] = field(default_factory=dict)
    thread_id: int | None = None
    thread_locked: bool = False
    author_id: int | None = None
    parent_id: int | None = None
    comment_id: int | None = None
    client_hash: str | None = None
    links_allowed: bool = True
    is_edit: bool = False
    #: The author saw the pre-submit nudge for this text and posted it anyway.
    nudged: bool = False
    conn: Any = None
    services: Any = None
    # What earlier phases found:
    scores: dict[str, float] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    #: Filled on first use by ``salon.moderation.policy.policy_of`` (parsed ``site_settings``).
    policy: Any = None
    #: The classifier's results for ``text`` and ``author_name``; ``salon.moderation.scoring``
    #: fills them once (``salon score`` fills them ahead, in batches).
    analysis: Analysis | None = None
    name_analysis: Analysis | None = None
    #: The version of the model that scored the text, stored with the verdict.
    model_version: str | None = None
    #: How a new comment was sent (the gate phases' input); None for edits and checks.
    submission: Submission | None = None
    #: The reader's locale (``salon.i18n.LOCALES``): the language of the messages phases return.
    locale: str = "en"
    #: The verified proof-of-work (``proof_of_work.Proof``), once the gate has checked it.
    proof: Any = None
    #: What the phases ask about the post's history (``salon.moderation.facts.Facts``). Left
    #: out, the post's own (``PostFacts``: each question a query on ``conn``, the window from
    #: ``services.recent``); the writer gives the posts of a batch one ``BatchFacts``.
    facts: Facts = None  # type: ignore[assignment]  # never None after __post_init__

    def __post_init__(self) -> None:
        if self.facts is None:
            self.facts = PostFacts(self.conn, getattr(self.services, "recent", None))


@dataclass
class PhaseResult:
    """A phase's finding. ``decision`` None adds to the context; otherwise it ends the run."""

    decision: Decision | None = None
    reasons: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    #: Shown to the author when this decision stands (e.g. why a comment awaits moderation).
    message: str = ""
    #: Store the comment but show it to nobody but its author.
    shadow: bool = False


@dataclass
class Verdict:
    """The pipeline's outcome, stored with the comment."""

    decision: Decision
    phase: str | None
    reasons: list[str]
    scores: dict[str, float]
    spans: list[Span]
    message: str = ""
    shadow: bool = False
    model_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "phase": self.phase,
            "reasons": list(self.reasons),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "spans": [s.to_dict() for s in self.spans],
            "message": self.message,
            "shadow": self.shadow,
            "model_version": self.model_version,
        }


class Phase(Protocol):
    """One check. ``name`` appears in stored verdicts and in docs/moderation.md."""

    name: str

    def __call__(self, ctx: Context) -> PhaseResult | None: ...


def run(phases: Sequence[Phase], ctx: Context) -> Verdict:
    """Run phases in order; the first result with a decision ends the run."""
    for phase in phases:
        result = phase(ctx)
        if result is None:
            continue
        ctx.reasons.extend(result.reasons)
        ctx.scores.update(result.scores)
        ctx.spans.extend(result.spans)
        if result.decision is not None:
            return Verdict(
                decision=result.decision,
                phase=phase.name,
                reasons=list(ctx.reasons),
                scores=dict(ctx.scores),
                spans=list(ctx.spans),
                message=result.message,
                shadow=result.shadow,
                model_version=ctx.model_version,
            )
    return Verdict(
        decision=Decision.PUBLISH,
        phase=None,
        reasons=list(ctx.reasons),
        scores=dict(ctx.scores),
        spans=list(ctx.spans),
        model_version=ctx.model_version,
    )


def run_or_hold(phases: Sequence[Phase], ctx: Context, message: str) -> Verdict:
    """Run phases; if any raises, hold for a moderator with the error as the reason.

    The pipeline fails to review: an exception never publishes or rejects a comment silently.
    """
    try:
        return run(phases, ctx)
    except Exception as exc:
        log.exception("moderation failed; holding for review")
        return Verdict(
            decision=Decision.HOLD,
            phase="error",
            reasons=[*ctx.reasons, f"moderation error: {type(exc).__name__}: {exc}"],
            scores=dict(ctx.scores),
            spans=list(ctx.spans),
            message=message,
        )
