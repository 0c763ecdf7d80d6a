"""One classifier call per comment, shared by the phases that need scores.

The display-name phase and the classifier phase both need the model; ``analyses(ctx)`` scores
the text and the author's name in one batch and keeps both on the context, so the model runs
once per comment.  ``salon score`` fills ``ctx.analysis`` ahead of the run, in large batches.
A classifier failure is not caught here: each phase decides what its failure means.
"""

from __future__ import annotations

from collections.abc import Sequence

from salon.moderation.classifiers.base import Analysis, Classifier, ClassifierError
from salon.moderation.pipeline import Context


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
