"""A comment's markdown source with the model's spans marked: escaped first, then wrapped."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape


def _clean(spans: Iterable[Any], length: int) -> list[tuple[int, int, tuple[str, ...], float]]:
    out = []
    for span in spans or []:
        try:
            begin = max(0, min(length, int(span["begin"])))
            end = max(0, min(length, int(span["end"])))
            categories = tuple(str(c) for c in span.get("categories", ()))
            score = float(span.get("score", 0) or 0)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if begin < end:
            out.append((begin, end, categories, score))
    return out


def highlight(body: str, spans: Iterable[Any]) -> Markup:
    """``body`` escaped, with each stretch some span covers in ``<mark>``.

    Overlapping spans are split at every boundary; a piece covered by several spans names the
    categories of all of them and the highest score. Offsets out of range are clamped.
    """
    marks = _clean(spans, len(body))
    cuts = sorted({0, len(body), *(b for b, _, _, _ in marks), *(e for _, e, _, _ in marks)})
    parts: list[str] = []
    for start, stop in itertools.pairwise(cuts):
        text = escape(body[start:stop])
        covering = [m for m in marks if m[0] <= start and m[1] >= stop]
        if not covering:
            parts.append(str(text))
            continue
        categories = sorted({c for m in covering for c in m[2]})
        score = max(m[3] for m in covering)
        title = escape(f"{', '.join(categories) or 'flagged'} ({score:.2f})")
        names = escape(" ".join(categories))
        parts.append(f'<mark class="span" data-categories="{names}" title="{title}">{text}</mark>')
    return Markup("".join(parts))
