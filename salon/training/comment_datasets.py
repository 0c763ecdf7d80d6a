"""Loaders for the comment-domain sets in ``shared/data``: news-site and social comments.

| dataset | label | toxicity | severe | identity | insult | profanity | threat |
| --- | --- | --- | --- | --- | --- | --- | --- |
| Toxic Spans | most raters: not toxic | 0 | 0 | 0 | 0 | 0 | 0 |
| Toxic Spans | toxic, by span type | 1 | 1 if threat | 1 / 0 / · | 1 / 0 / · | 1 / 0 / · | 1 / 0 / · |
| Fox News | hateful | 1 | · | 1 | · | · | · |
| Fox News | not hateful | · | · | 0 | · | · | 0 |
| ETHOS | hate (isHate ≥ 0.5) | 1 | 1 if violence | 1 | 1 if directed | · | violence |
| ETHOS | not hate | · | · | 0 | · | · | 0 |

A Toxic Spans type is 1 when at least half of the raters who marked spans or ticked "not toxic"
marked a span of that type (a third for the rarer
types, see ``_AGREE``), 0 when none did, unknown in between.  "Not hateful" in Fox News and
ETHOS includes rude comments, so their toxicity stays unknown (the teachers' soft labels fill it).
Rows listed in each folder's ``heldout_overlap.csv`` are dropped.  Test splits: the Toxic Spans
comments whose text is in the SemEval-2021 test or trial file (their gold spans are the span
evaluation) plus a fixed-seed 15 % of the rest; a fixed-seed 20 % of Fox News and of ETHOS.
"""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from salon.moderation.classifiers.base import CATEGORIES

__all__ = ["COMMENT_SOURCES", "SpanExample", "ethos", "fox_news", "semeval_spans", "toxic_spans"]

SEED = 20261201
COMMENT_SOURCES = ("toxic_spans", "fox_news", "ethos")
_UNKNOWN = -1
_TYPES = {
    "insult": "insult",
    "insu": "insult",
    "threat": "threat",
    "identity based attack": "identity_attack",
    "identity based": "identity_attack",
    "profane/obscene": "profanity",
}

#: Share of raters marking a type for it to count: raters mark the most salient type of a post,
#: so the rarer types (a threat inside an insult) are under-marked; a third of them suffices.
_AGREE = {"insult": 0.5, "identity_attack": 0.34, "profanity": 0.34, "threat": 0.34}


@dataclass(frozen=True)
class SpanExample:
    """A SemEval-2021 text and its gold toxic character offsets."""

    text: str
    offsets: frozenset[int]


def _labels(**known: int) -> tuple[int, ...]:
    return tuple(known.get(c, _UNKNOWN) for c in CATEGORIES)


def _holdout(key: str, share: float) -> bool:
    return random.Random(f"{SEED}:{key}").random() < share


def _overlap(folder: Path) -> dict[str, set[str]]:
    """``heldout_overlap.csv`` as {file: {key values}}."""
    path = folder / "heldout_overlap.csv"
    out: dict[str, set[str]] = defaultdict(set)
    if path.is_file():
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                out[row["file"]].add(row["value"].strip())
    return out


def semeval_spans(root: Path, split: str) -> list[SpanExample]:
    """The SemEval-2021 file ``tsd_{split}.csv`` (train, trial or test), overlap rows dropped."""
    folder = root / "toxic-spans-civil-comments"
    name = f"semeval2021/tsd_{split}.csv"
    drop = _overlap(folder)[name]
    out = []
    with (folder / name).open(newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if str(i) not in drop:
                out.append(SpanExample(row["text"], frozenset(json.loads(row["spans"]))))
    return out


def _rater_votes(folder: Path) -> dict[str, list[tuple[bool, bool, set[str]]]]:
    """Per comment id, per rater: (all toxic, not toxic, span types marked)."""
    types: dict[str, set[str]] = defaultdict(set)
    with (folder / "spans.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            kind = _TYPES.get(row["type"].strip().lower())
            if kind:
                types[row["annotation"]].add(kind)
    votes: dict[str, list[tuple[bool, bool, set[str]]]] = defaultdict(list)
    with (folder / "annotations.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            votes[row["comment_id"]].append(
                (row["all toxic"] == "True", row["not toxic"] == "True", types.get(row["annotation"], set()))
            )
    return votes


def _spans_labels(votes: list[tuple[bool, bool, set[str]]]) -> tuple[int, ...] | None:
    not_toxic = sum(nt for _, nt, _ in votes)
    if not votes:
        return None
    if not_toxic * 2 > len(votes):
        return _labels(**{c: 0 for c in CATEGORIES if c != "spam"})
    judged = [t for all_toxic, nt, t in votes if nt or not all_toxic]  # raters who said where
    known: dict[str, int] = {"toxicity": 1}
    for kind in ("insult", "identity_attack", "profanity", "threat"):
        if not judged:
            continue
        share = sum(kind in t for t in judged) / len(judged)
        known[kind] = 1 if share >= _AGREE[kind] else 0 if share == 0 else _UNKNOWN
    if known.get("threat") == 1:
        known["severe_toxicity"] = 1
    return _labels(**known)


def toxic_spans(root: Path) -> Iterator[tuple[str, str, tuple[int, ...]]]:
    """(split, text, labels) for the 16,100 rated Civil Comments posts."""
    folder = root / "toxic-spans-civil-comments"
    drop = _overlap(folder)["comments.csv"]
    votes = _rater_votes(folder)
    span_eval = {ex.text for split in ("test", "trial") for ex in semeval_spans(root, split)}
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ident, text = row["comment_id"], row["comment_text"].strip()
            labels = _spans_labels(votes.get(ident, []))
            if ident in drop or not text or labels is None:
                continue
            test = text in span_eval or _holdout("spans" + ident, 0.15)
            yield ("test" if test else "train"), text, labels


def fox_news(root: Path) -> Iterator[tuple[str, str, tuple[int, ...]]]:
    """(split, text, labels) for the 1,528 Fox News comments."""
    folder = root / "fox-news-comments"
    drop = _overlap(folder)["fox-news-comments.json"]
    with (folder / "fox-news-comments.json").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if str(i) in drop or not line.strip():
                continue
            row = json.loads(line)
            text = str(row["text"]).strip()
            if row["label"] == 1:
                labels = _labels(toxicity=1, identity_attack=1)
            else:
                labels = _labels(identity_attack=0, threat=0)
            yield ("test" if _holdout("fox" + text, 0.2) else "train"), text, labels


def ethos(root: Path) -> Iterator[tuple[str, str, tuple[int, ...]]]:
    """(split, text, labels) for ETHOS's 998 binary-labelled comments, with its multi-label
    file's violence and directed-at-a-person judgements for the hateful ones."""
    folder = root / "ethos"
    multi: dict[str, dict[str, str]] = {}
    with (folder / "Ethos_Dataset_Multi_Label.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            multi[row["comment"].strip()] = row
    with (folder / "Ethos_Dataset_Binary.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            text = row["comment"].strip()
            if float(row["isHate"]) >= 0.5:
                extra = multi.get(text)
                known = {"toxicity": 1, "identity_attack": 1}
                if extra is not None:
                    violent = int(float(extra["violence"]) >= 0.5)
                    known.update(threat=violent, insult=int(float(extra["directed_vs_generalized"]) >= 0.5))
                    if violent:
                        known["severe_toxicity"] = 1
                labels = _labels(**known)
            else:
                labels = _labels(identity_attack=0, threat=0)
            yield ("test" if _holdout("ethos" + text, 0.2) else "train"), text, labels
