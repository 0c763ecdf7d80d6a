"""LinearClassifier: contract, loading without pickle or scikit-learn, spans, thread safety."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from salon.moderation.classifiers.base import CATEGORIES, Analysis, ClassifierError
from salon.moderation.classifiers.linear import DEFAULT_MODEL_PATH, LinearClassifier
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS


@pytest.fixture(scope="module")
def clf() -> LinearClassifier:
    return LinearClassifier.load()


def test_model_file_is_small_and_plain() -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size <= 20 * 1024 * 1024
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as data:
        assert tuple(str(c) for c in data["categories"]) == CATEGORIES
        assert data["vocabulary"].dtype.kind == "U"
        assert data["weights"].shape == (len(data["vocabulary"]), len(CATEGORIES))


def test_loading_imports_neither_sklearn_nor_pickle_loading() -> None:
    code = (
        "import sys, pickle\n"
        "calls = []\n"
        "pickle.loads = lambda *a, **k: calls.append(1)\n"
        "pickle.load = lambda *a, **k: calls.append(1)\n"
        "from salon.moderation.classifiers.linear import LinearClassifier\n"
        "LinearClassifier.load().analyze(['you idiot', 'hello'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'joblib')]\n"
        "assert not bad, bad\n"
        "assert not calls\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_analyze_contract(clf: LinearClassifier) -> None:
    texts = ["hello there", "", "you are a fucking idiot", "🙂🙂"]
    results = clf.analyze(texts)
    assert len(results) == len(texts)
    for a in results:
        assert isinstance(a, Analysis)
        assert set(a.scores) == set(CATEGORIES)
        assert all(0.0 <= v <= 1.0 for v in a.scores.values())
    assert clf.name and clf.version
    assert clf.analyze([]) == []


def test_batch_equals_single(clf: LinearClassifier) -> None:
    texts = ["you are a moron", "lovely weather", "they should all be hanged"]
    batch = clf.analyze(texts)
    for text, a in zip(texts, batch, strict=True):
        assert clf.analyze([text])[0].scores == pytest.approx(a.scores)


def test_spans_are_word_aligned_in_original_offsets(clf: LinearClassifier) -> None:
    text = "Honestly, you are a f*cking m.o.r.o.n and I mean it"
    (a,) = clf.analyze([text])
    assert a.scores["insult"] >= DEFAULT_THRESHOLDS["insult"][0]
    pieces = [text[s.begin : s.end] for s in a.spans]
    assert any("m.o.r.o.n" in p for p in pieces)
    assert any("f*cking" in p for p in pieces)
    for s in a.spans:
        assert s.begin == 0 or not text[s.begin - 1].isalnum()
        assert s.end == len(text) or not text[s.end].isalnum()


def test_threat_patterns_are_part_of_analyze(clf: LinearClassifier) -> None:
    text = "Great piece. They should all be hanged."
    (a,) = clf.analyze([text])
    assert a.scores["threat"] >= DEFAULT_THRESHOLDS["threat"][0]
    assert any("threat" in s.categories and text[s.begin : s.end].startswith("They should") for s in a.spans)


def test_thread_safe(clf: LinearClassifier) -> None:
    texts = [f"you absolute idiot number {i}" for i in range(200)] + ["nice day"] * 50
    expected = [a.scores for a in clf.analyze(texts)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda t: clf.analyze([t])[0].scores, texts))
    assert got == expected


def test_bad_model_file_raises_classifier_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ClassifierError):
        LinearClassifier.load(bad)
    with pytest.raises(ClassifierError):
        LinearClassifier.load(tmp_path / "missing.npz")
