"""Training is reproducible and writes a loadable plain .npz; datasets never leak test rows."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.linear import LinearClassifier
from salon.training.cli import model
from salon.training.datasets import load_all

_INSULTS = ["idiot", "moron", "loser", "clown", "fool"]
_NICE = ["great", "lovely", "helpful", "kind", "clear"]


def _write_synthetic(root: Path) -> None:
    rng = random.Random(7)
    folder = root / "davidson-hate-offensive"
    folder.mkdir(parents=True)
    with (folder / "labeled_data.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"])
        for i in range(120):
            if i % 2:
                text, row = (
                    f"you are a {rng.choice(_INSULTS)} and a {rng.choice(_INSULTS)} {i}",
                    [3, 0, 3, 0, 1],
                )
            else:
                text, row = f"what a {rng.choice(_NICE)} and {rng.choice(_NICE)} day {i}", [3, 0, 0, 3, 2]
            w.writerow([i, *row, text])
    folder = root / "youtube-spam-collection"
    folder.mkdir()
    for name in ("Youtube01-Psy.csv", "Youtube05-Shakira.csv"):
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["COMMENT_ID", "AUTHOR", "DATE", "CONTENT", "label"])
            for i in range(40):
                spam = i % 2
                text = f"subscribe to my channel {i} http://x.com" if spam else f"nice song {i}"
                text += f" ({name[:9]})"
                w.writerow([f"id{i}", "a", "", text, spam])


def _train(runner: CliRunner, data: Path, out: Path) -> None:
    result = runner.invoke(
        model, ["train", "--data", str(data), "--out", str(out), "--quiet", "--linear-only"]
    )
    assert result.exit_code == 0, result.output


def test_training_is_reproducible_and_loadable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write_synthetic(data)
    runner = CliRunner()
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    _train(runner, data, first)
    _train(runner, data, second)
    with np.load(first, allow_pickle=False) as a, np.load(second, allow_pickle=False) as b:
        assert sorted(a.files) == sorted(b.files)
        for key in a.files:
            assert np.array_equal(a[key], b[key]), key
    clf = LinearClassifier.load(first)
    insult, nice = clf.analyze(["you are a moron and a fool", "what a lovely and kind day"])
    assert insult.scores["toxicity"] > 0.5 > nice.scores["toxicity"]
    spam, ham = clf.analyze(["subscribe to my channel 999 http://x.com", "nice song 999"])
    assert spam.scores["spam"] > ham.scores["spam"]


def test_eval_prints_a_table(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write_synthetic(data)
    runner = CliRunner()
    out = tmp_path / "m.npz"
    _train(runner, data, out)
    result = runner.invoke(model, ["eval", "--data", str(data), "--model", str(out)])
    assert result.exit_code == 0, result.output
    for cat in CATEGORIES:
        assert f"| {cat} |" in result.output
    assert "neutral identity mentions flagged" in result.output
    speed_line = next(line for line in result.output.splitlines() if line.startswith("speed on "))
    assert "comments per CPU second" in speed_line and "p99" in speed_line
    size = out.stat().st_size / 1e6
    assert f"model files: {size:.1f} MB (m.npz)" in result.output  # linear only: no context.npz beside it


def test_train_and_test_splits_are_disjoint(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write_synthetic(data)
    train, test = load_all(data)
    assert {e.text for e in train}.isdisjoint({e.text for e in test})
    assert any(e.source == "youtube" for e in test)
    assert any(e.source == "davidson" for e in test)
    assert sum(e.source == "youtube" for e in test) == 40  # the whole held-out video


def test_training_both_stages_writes_a_staged_model(tmp_path: Path) -> None:
    import pytest

    pytest.importorskip("torch", reason="the context stage trains with PyTorch (train-context extra)")
    from salon.moderation.classifiers.staged import StagedClassifier, load_builtin

    data = tmp_path / "data"
    _write_synthetic(data)
    out = tmp_path / "m" / "model.npz"
    result = CliRunner().invoke(
        model, ["train", "--data", str(data), "--out", str(out), "--quiet", "--epochs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert (out.parent / "context.npz").is_file()
    clf = load_builtin(out)
    assert isinstance(clf, StagedClassifier)
    insult, nice = clf.analyze(["you are a moron and a fool", "what a lovely and kind day"])
    assert insult.scores["toxicity"] > nice.scores["toxicity"]
