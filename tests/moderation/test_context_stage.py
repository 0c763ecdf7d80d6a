"""The context stage: numpy inference equals the trained network, and what max-pooling buys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.context import DEFAULT_CONTEXT_PATH, ContextModel, feature_buckets
from salon.moderation.classifiers.linear import SPAN_MIN_SCORE, words_of
from salon.moderation.classifiers.staged import StagedClassifier, load_builtin
from salon.moderation.classifiers.thresholds import DEFAULT_THRESHOLDS

_CIVIL = (
    "The council met on Tuesday to discuss the new bus routes, and most residents who spoke were in "
    "favour of the changes, although some asked for a later last bus on weekends and better shelters. "
)


@pytest.fixture(scope="module")
def model() -> StagedClassifier:
    clf = load_builtin()
    assert isinstance(clf, StagedClassifier)
    return clf


def test_hashing_is_stable() -> None:
    # The rows a word reads must never change between training and inference (or releases).
    assert feature_buckets(["w:idiot"]) == feature_buckets(["w:idiot"])
    assert feature_buckets(["w:idiot", "c:<id"]) == [
        feature_buckets(["w:idiot"])[0],
        feature_buckets(["c:<id"])[0],
    ]
    assert feature_buckets(["w:idiot"])[0] == 86682  # crc32("w:idiot") % 2**17


def test_one_insult_counts_in_a_long_comment(model: StagedClassifier) -> None:
    alone, buried, civil = model.context.run(
        [words_of("you are an idiot"), words_of(_CIVIL * 3 + "You are an idiot."), words_of(_CIVIL * 3)]
    ).logits[:, CATEGORIES.index("insult")]
    assert buried > civil + 2.0
    # max-pooling: the civil words around the insult do not dilute it away
    assert buried > alone - 1.5


def test_long_civil_text_does_not_add_up(model: StagedClassifier) -> None:
    short, long = model.context.run([words_of(_CIVIL), words_of(_CIVIL * 8)]).logits
    assert np.all(np.abs(long - short) < 1.0)


def test_word_order_matters(model: StagedClassifier) -> None:
    # A bag of words cannot tell these apart; the windows can.
    a, b = model.context.run([words_of("you are not an idiot"), words_of("not you, an idiot are")]).logits
    assert not np.allclose(a, b)


def test_empty_and_wordless_texts(model: StagedClassifier) -> None:
    out = model.context.run([[], words_of("!!!"), words_of("hello")])
    assert out.logits.shape == (3, len(CATEGORIES))
    assert np.array_equal(out.logits[0], out.logits[1])
    for a in model.analyze(["", "!!!", "hello"]):
        assert set(a.scores) == set(CATEGORIES)


def test_context_spans_mark_the_insult_in_a_long_comment(model: StagedClassifier) -> None:
    text = _CIVIL + "Honestly, the author is a complete moron. " + _CIVIL
    (a,) = model.analyze([text])
    # Held by the default policy, with the insult among the categories it explains.
    assert any(a.scores[c] >= DEFAULT_THRESHOLDS[c][0] for c in ("toxicity", "insult"))
    assert a.scores["insult"] >= SPAN_MIN_SCORE
    marked = [text[s.begin : s.end].lower() for s in a.spans if "insult" in s.categories]
    assert any("moron" in m for m in marked), marked


def test_contributions_of_a_batch_are_each_texts_own(model: StagedClassifier) -> None:
    texts = [_CIVIL + "You are a moron.", "", "you are an idiot", "not you, an idiot are", _CIVIL]
    out = model.context.run([words_of(t) for t in texts])
    together = model.context.contributions(out, [0, 1, 2, 3, 4])
    for row, text in enumerate(texts):
        (alone,) = model.context.contributions(model.context.run([words_of(text)]), [0])
        assert alone.shape == (len(words_of(text)), len(CATEGORIES))
        np.testing.assert_allclose(together[row], alone, atol=1e-6)  # float32 products
    # Each text's words share out exactly what its pooled channels give through the gradient.
    hid, out_w = model.context._hid, model.context._out
    for row in (0, 2, 3):
        grad = (hid * (out.hidden_pre[row] > 0)[None, :]) @ out_w
        np.testing.assert_allclose(together[row].sum(axis=0), out.pooled[row] @ grad, rtol=1e-5, atol=1e-6)


def test_a_long_text_scores_its_worst_sentence(model: StagedClassifier) -> None:
    # The linear stage's logits for a long text are those of its worst sentence, read from the
    # batch already encoded: the same figures as scoring that sentence alone.
    insult = "You are an idiot."
    long = _CIVIL + insult + " " + _CIVIL
    prepared = model.linear.prepare([long, insult, _CIVIL * 3])
    logits = model.linear_logits(prepared)
    k = CATEGORIES.index("insult")
    assert abs(logits[0, k] - logits[1, k]) < 1e-6
    assert logits[0, k] > model.linear.prepare([long]).logits[0, k] + 1.0
    # Short texts keep their whole-text logits.
    np.testing.assert_array_equal(logits[1], prepared.logits[1])


def test_an_address_opening_a_sentence_is_scored_on_its_own(model: StagedClassifier) -> None:
    # "Moron, the treaty …": one or two words and a comma are a piece of their own, so a name-call
    # opening a reply is not diluted by the rest of its sentence.
    text = "Moron, the treaty was signed in 1994, read a book."
    logits = model.linear_logits(
        model.linear.prepare([text, "Moron,", "the treaty was signed in 1994, read a book."])
    )
    k = CATEGORIES.index("insult")
    assert abs(logits[0, k] - max(logits[1, k], logits[2, k])) < 1e-6
    assert logits[0, k] > model.linear.prepare([text]).logits[0, k] + 1.0


def test_a_broken_file_is_a_classifier_error(tmp_path: Path) -> None:
    from salon.moderation.classifiers.base import ClassifierError

    bad = tmp_path / "context.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ClassifierError):
        ContextModel.load(bad)
    with np.load(DEFAULT_CONTEXT_PATH, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["conv"] = arrays["conv"][:-1]
    with pytest.raises(ClassifierError):
        ContextModel(arrays, "x")


def _tiny(batch: int) -> Any:
    """A context stage small enough to train in a test; the last two of its three epochs averaged,
    so the export reads the averaged network."""
    from salon.training import context as ctx

    return ctx.ContextConfig(
        dim=8,
        channels=6,
        hidden=5,
        epochs=3,
        batch=batch,
        progress=False,
        dropout=0.0,
        average_from=1,
        average_every=1,
    )


def test_numpy_inference_equals_the_trained_network(tmp_path: Path) -> None:
    torch = pytest.importorskip(
        "torch", reason="training the context stage needs PyTorch (train-context extra)"
    )
    from salon.training import context as ctx

    texts = [
        "you are an idiot",
        "what a lovely day",
        "they are not idiots at all",
        "idiot",
        "",
        "a b c d e f",
    ]
    labels = np.array([[1, 0, 0, 1, 0, 0, 0], [0] * 7, [0] * 7, [1, 0, 0, 1, 0, 0, 0], [0] * 7, [0] * 7])
    enc = ctx.encode_words(texts)
    module = ctx.fit_module(enc, list(range(len(texts))), labels, None, np.ones(len(texts)), _tiny(batch=3))
    arrays = ctx.export(module)
    path = tmp_path / "context.npz"
    ctx.save_context(arrays, ctx.context_only_blend(), path)
    got = ContextModel.load(path).run([words_of(t) for t in texts]).logits
    # Embeddings ship as float16: give the torch module the same rounded rows.
    with torch.no_grad():
        module.emb.weight.copy_(torch.tensor(arrays["emb"].astype(np.float32)))
    want = ctx.module_logits(module, enc, list(range(len(texts))))
    assert np.allclose(got, want, atol=1e-4), (got, want)


def test_numpy_inference_equals_the_trained_network_with_word_vectors(tmp_path: Path) -> None:
    torch = pytest.importorskip(
        "torch", reason="training the context stage needs PyTorch (train-context extra)"
    )
    from salon.training import context as ctx
    from salon.training.word_vectors import WordVectors

    texts = ["you are an idiot", "what a lovely day", "idiots everywhere", "a lovely idiot", ""]
    labels = np.array([[1, 0, 0, 1, 0, 0, 0], [0] * 7, [1, 0, 0, 1, 0, 0, 0], [0] * 7, [0] * 7])
    rng = np.random.default_rng(3)
    vectors = WordVectors(
        np.asarray(["idiot", "idiots", "lovely", "unseen"]),
        rng.normal(size=(4, 5)).astype(np.float32),
        "test",
    )
    enc = ctx.encode_words(texts, vectors=vectors)
    assert enc.pre_rows is not None and int((enc.pre_rows > 0).sum()) == 3  # "unseen" is in no text
    module = ctx.fit_module(enc, list(range(len(texts))), labels, None, np.ones(len(texts)), _tiny(batch=2))
    assert float(module.proj.weight.detach().abs().sum()) > 0
    arrays = ctx.export(module, vectors)
    assert arrays["pre"].shape == (4, 8) and arrays["pre"].dtype == np.float16
    path = tmp_path / "context.npz"
    ctx.save_context(arrays, ctx.context_only_blend(), path)
    model = ContextModel.load(path)
    got = model.run([words_of(t) for t in texts]).logits
    # The shipped table is the projection, rounded to float16: give the torch module the same
    # rounded rows and an identity projection.
    with torch.no_grad():
        module.emb.weight.copy_(torch.tensor(arrays["emb"].astype(np.float32)))
        table = np.vstack([np.zeros((1, 8), np.float32), arrays["pre"].astype(np.float32)])
        module.pre = torch.nn.Embedding.from_pretrained(torch.tensor(table), freeze=True)
        module.proj = torch.nn.Linear(8, 8, bias=False)
        module.proj.weight.copy_(torch.eye(8))
    want = ctx.module_logits(module, enc, list(range(len(texts))))
    assert np.allclose(got, want, atol=1e-4), (got, want)
    # A word with a vector reads differently from the same spelling without one.
    del arrays["pre"], arrays["pre_words"]
    ctx.save_context(arrays, ctx.context_only_blend(), path)
    assert not np.allclose(ContextModel.load(path).run([["lovely"]]).logits, model.run([["lovely"]]).logits)
