"""The comments written for training: well-formed, labels that agree with each other, a fixed
test split, and each family on both sides of it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from salon.moderation.classifiers.base import CATEGORIES
from salon.training import datasets, written_comments

ABUSE = [CATEGORIES.index(c) for c in ("severe_toxicity", "identity_attack", "insult", "threat")]
TOX = CATEGORIES.index("toxicity")


def test_every_row_is_labelled_and_unique() -> None:
    rows = list(written_comments.rows())
    kept = list(written_comments.rows(written_comments.RESERVE_PATH))
    assert len(rows) >= 1000 and len(kept) >= 1000
    texts = [text for _, _, text, _ in rows + kept]
    assert len(set(texts)) == len(texts)  # the reserve repeats nothing trained on
    for _, family, text, labels in rows + kept:
        assert text.strip() and family
        assert all(v in (0, 1) for v in labels)
        if labels[TOX] == 0:  # civil: no abuse label
            assert not any(labels[k] for k in ABUSE), text
        else:  # abusive: at least toxicity
            assert labels[TOX] == 1


def test_a_fifth_is_held_out_and_the_split_is_fixed() -> None:
    parts = Counter(part for part, _, _, _ in written_comments.rows())
    share = parts["test"] / sum(parts.values())
    assert 0.15 < share < 0.25
    assert list(written_comments.rows()) == list(written_comments.rows())


def test_training_reads_them_with_their_family_as_tag(tmp_path: Path) -> None:
    train, test = datasets.load_all(tmp_path)  # no dataset folders: hand-written and written only
    written = [ex for ex in train + test if ex.source == "written"]
    assert len(written) == sum(1 for _ in written_comments.rows())
    assert all(ex.tags for ex in written)
    assert {ex.text for ex in test if ex.source == "written"}.isdisjoint(ex.text for ex in train)


def test_a_missing_file_gives_no_rows(tmp_path: Path) -> None:
    assert list(written_comments.rows(tmp_path / "none.jsonl")) == []
    path = tmp_path / "one.jsonl"
    row = {"text": "Good piece.", "family": "civil", "toxicity": 0, "severe_toxicity": 0}
    row |= {"identity_attack": 0, "insult": 0, "threat": 0, "profanity": 0}
    path.write_text(json.dumps(row) + "\n\n", encoding="utf-8")
    assert [r[2] for r in written_comments.rows(path)] == ["Good piece."]


def test_written_comments_weigh_more_than_templates_and_public_rows() -> None:
    from salon.training.train import TrainConfig, example_weights

    labels = (0,) * len(CATEGORIES)
    rows = [
        datasets.Example("a written comment", labels, "written", tags=("glee",)),
        datasets.Example("a template", labels, "handwritten"),
        datasets.Example("a tagged public row", labels, "olid", tags=("civil",)),
        datasets.Example("a public row", labels, "olid"),
    ]
    cfg = TrainConfig()
    assert list(example_weights(rows, cfg.mitigation_weight, cfg.written_weight)) == [6.0, 3.0, 3.0, 1.0]
    assert list(example_weights(rows, 3.0, 1.0)) == [1.0, 3.0, 3.0, 1.0]
