"""One classifier call per comment, shared by the phases that need scores.

The display-name phase and the classifier phase both need the model; ``analyses(ctx)`` scores
the text and the author's name in one batch and keeps both on the context, so the model runs
once per comment.  ``salon score`` fills ``ctx.analysis`` ahead of the run, in large batches.
A classifier failure is not caught here: each phase decides what its failure means.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from salon.moderation.classifiers.base import Analysis, Classifier, ClassifierError
from salon.moderation.pipeline import Context

log = logging.getLogger(__name__)


def classifier_of(ctx: Context) -> Classifier:
    """The classifier the context's services carry; no services means no model to ask."""
    classifier = getattr(ctx.services, "classifier", None)
    if classifier is None:
        raise ClassifierError("no classifier configured")
    return classifier  # type: ignore[no-any-return,unused-ignore]


def model_version(classifier: Classifier) -> str | None:
    """The classifier's ``name:version``, or None if it cannot say (e.g. the model won't load)."""
    try:
        return f"{classifier.name}:{classifier.version}"[:40]
    except Exception:
        return None


def analyses(ctx: Context) -> tuple[Analysis, Analysis | None]:
    """The text's analysis and the name's (None when there is no name to score).

    Raises whatever the classifier raises; the result is cached on the context.
    """
    want_name = bool(ctx.author_name) and not ctx.is_edit
    if ctx.analysis is not None and (ctx.name_analysis is not None or not want_name):
        return ctx.analysis, ctx.name_analysis
    classifier = classifier_of(ctx)
    texts = [ctx.text] if ctx.analysis is None else []
    if want_name and ctx.name_analysis is None:
        texts.append(ctx.author_name)
    results = checked(classifier, texts)
    if ctx.analysis is None:
        ctx.analysis = results.pop(0)
    if want_name and ctx.name_analysis is None:
        ctx.name_analysis = results.pop(0)
    ctx.model_version = ctx.model_version or model_version(classifier)
    return ctx.analysis, ctx.name_analysis


def checked(classifier: Classifier, texts: Sequence[str]) -> list[Analysis]:
    """``classifier.analyze`` with its contract enforced: one result per text, or ClassifierError."""
    if not texts:
        return []
    results = list(classifier.analyze(texts))
    if len(results) != len(texts):
        raise ClassifierError(f"{len(texts)} texts in, {len(results)} results out")
    return results


@dataclass(frozen=True)
class Scored:
    """The classifier's results for one comment, scored ahead of its moderation."""

    analysis: Analysis
    name_analysis: Analysis | None
    model_version: str | None

    def fill(self, ctx: Context) -> None:
        """Put the results on a context, so that :func:`analyses` need not ask the model."""
        ctx.analysis = self.analysis
        ctx.name_analysis = self.name_analysis
        ctx.model_version = self.model_version


def score_many(classifier: Classifier, items: Sequence[tuple[str, str]]) -> list[Scored] | None:
    """The results for many ``(text, author name)`` pairs (an empty name is not scored), the
    classifier called once for them all; None if that call fails, and each comment is then left
    to the phases, which score it alone and decide what a failure means."""
    texts = [text for text, _ in items] + [name for _, name in items if name]
    try:
        results = checked(classifier, texts)
    except Exception:
        log.warning("batched scoring failed; scoring one by one", exc_info=True)
        return None
    version = model_version(classifier)
    names = iter(results[len(items) :])
    return [Scored(results[k], next(names) if name else None, version) for k, (_, name) in enumerate(items)]
