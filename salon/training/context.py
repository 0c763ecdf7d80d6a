"""Train the context stage (``salon.moderation.classifiers.context``) with PyTorch.

PyTorch is a training-time tool only (the ``train-context`` extra); the result is a plain
``.npz`` read by numpy. The network sees the words exactly as inference does (links blanked,
normalised, the linear stage's tokens), learns from the human labels where a source has them and
from the teachers' soft labels (``salon.training.teacher_cache``) where it has them, and is then
blended with the linear stage per category on the calibration rows:
``logit = a · linear + b · context + c``, fitted by logistic regression.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from salon.moderation.classifiers.base import CATEGORIES
from salon.moderation.classifiers.context import BUCKETS, FORMAT_VERSION, MAX_WORDS, feature_buckets
from salon.moderation.classifiers.linear import word_features, words_of
from salon.training.datasets import SEED
from salon.training.word_vectors import WordVectors

__all__ = [
    "ContextConfig",
    "blend_features",
    "context_only_blend",
    "encode_words",
    "export",
    "fit_blend",
    "fit_module",
    "module_logits",
    "save_context",
    "train_network",
]


@dataclass(frozen=True)
class ContextConfig:
    """Knobs of the context stage; the defaults made the shipped model."""

    dim: int = 48
    channels: int = 96
    hidden: int = 48
    epochs: int = 6
    batch: int = 256
    #: Words a training text is cut to (inference reads up to ``MAX_WORDS``; the max over the
    #: first 120 words is nearly always the max over all of them, at a third of the cost).
    train_words: int = 120
    lr: float = 2e-3
    dropout: float = 0.2
    teacher_weight: float = 0.5
    #: From this epoch on (0-based), the weights are averaged every ``average_every`` steps and
    #: the average is the result (stochastic weight averaging): one network, less of the
    #: step-to-step noise of the last updates in its outputs.
    average_from: int = 2
    average_every: int = 20
    seed: int = SEED
    threads: int = 1
    progress: bool = True


@dataclass
class Encoded:
    """Texts as word numbers, and each distinct word's hash rows (CSR); with word vectors, each
    distinct word's row of ``vectors`` plus one (0: the word has none) and the vectors."""

    texts: list[list[int]]
    word_ids: npt.NDArray[np.int64]
    word_offsets: npt.NDArray[np.int64]
    pre_rows: npt.NDArray[np.int64] | None = None
    vectors: WordVectors | None = None


def encode_words(texts: Sequence[str], progress: bool = False, vectors: WordVectors | None = None) -> Encoded:
    """Tokenise as inference does; number distinct words; hash each word's features once; find
    each word's pretrained vector when ``vectors`` are given."""
    number: dict[str, int] = {}
    out: list[list[int]] = []
    for text in tqdm(texts, desc="words", disable=not progress, unit="text"):
        out.append([number.setdefault(w, len(number)) for w in words_of(text)[:MAX_WORDS]])
    ids: list[int] = []
    offsets = []
    for w in number:
        offsets.append(len(ids))
        ids.extend(feature_buckets(word_features(w)))
    pre_rows = None
    if vectors is not None:
        index = vectors.index()
        pre_rows = np.fromiter((index.get(w, -1) + 1 for w in number), dtype=np.int64, count=len(number))
    return Encoded(
        out, np.asarray(ids, dtype=np.int64), np.asarray(offsets, dtype=np.int64), pre_rows, vectors
    )


def train_network(
    enc: Encoded,
    rows: Sequence[int],
    labels: npt.NDArray[np.int64],
    soft: npt.NDArray[np.float32] | None,
    weights: npt.NDArray[np.float64],
    cfg: ContextConfig,
) -> dict[str, npt.NDArray[np.generic]]:
    """Train on ``rows`` and return the network's arrays for ``ContextModel``."""
    return export(fit_module(enc, rows, labels, soft, weights, cfg), enc.vectors)


def module_logits(net: Any, enc: Encoded, rows: Sequence[int]) -> npt.NDArray[np.float64]:
    """The trained torch module's logits for ``rows`` (evaluation mode), for checking inference."""
    import torch

    net.eval()
    ids_t = torch.from_numpy(enc.word_ids)
    offsets = np.append(enc.word_offsets, len(enc.word_ids))
    with torch.no_grad():
        x, mask = _batch_tensors(torch, enc, np.asarray(rows), ids_t, offsets, net)
        logits: npt.NDArray[np.float64] = net.head(x, mask).double().numpy()
        return logits


def fit_module(
    enc: Encoded,
    rows: Sequence[int],
    labels: npt.NDArray[np.int64],
    soft: npt.NDArray[np.float32] | None,
    weights: npt.NDArray[np.float64],
    cfg: ContextConfig,
) -> Any:
    """Train on ``rows``; labels are N x K (-1 unknown), ``soft`` N x K teacher targets (NaN
    where a teacher has no opinion). Returns the torch module."""
    import torch
    from torch import nn

    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    k = len(CATEGORIES)
    net = _network(cfg, k, None if enc.vectors is None else enc.vectors.vectors)
    # The embedding table is large and a batch touches few of its rows: sparse gradients.
    opt_emb = torch.optim.SparseAdam(list(net.emb.parameters()), lr=cfg.lr)
    dense = [p for name, p in net.named_parameters() if not name.startswith("emb.") and p.requires_grad]
    opt = torch.optim.Adam(dense, lr=cfg.lr)
    known = labels >= 0
    pos = np.maximum(((labels == 1) & known)[list(rows)].sum(axis=0), 1)
    neg = np.maximum(((labels == 0) & known)[list(rows)].sum(axis=0), 1)
    pos_weight = torch.tensor(np.clip(neg / pos, 1.0, 10.0), dtype=torch.float32)
    ids_t = torch.from_numpy(enc.word_ids)
    offsets = np.append(enc.word_offsets, len(enc.word_ids))
    rng = np.random.default_rng(cfg.seed)
    averaged = None
    for epoch in range(cfg.epochs):
        batches = _length_batches(enc, rows, cfg.batch, rng)
        net.train()
        total = 0.0
        bar = tqdm(batches, desc=f"context epoch {epoch + 1}/{cfg.epochs}", disable=not cfg.progress)
        for step, batch in enumerate(bar):
            x, mask = _batch_tensors(torch, enc, batch, ids_t, offsets, net, cfg.train_words)
            logits = net.head(x, mask)
            y = torch.from_numpy(labels[batch].astype(np.float32))
            m = torch.from_numpy(known[batch].astype(np.float32))
            w = torch.from_numpy(weights[batch].astype(np.float32))[:, None]
            loss_h = nn.functional.binary_cross_entropy_with_logits(
                logits, y.clamp(min=0), weight=m * w, pos_weight=pos_weight, reduction="sum"
            )
            loss = loss_h
            if soft is not None:
                s = torch.from_numpy(soft[batch])
                sm = ~torch.isnan(s)
                loss_s = nn.functional.binary_cross_entropy_with_logits(logits[sm], s[sm], reduction="sum")
                loss = loss + cfg.teacher_weight * loss_s
            loss = loss / len(batch)
            opt.zero_grad()
            opt_emb.zero_grad()
            loss.backward()
            opt.step()
            opt_emb.step()
            total += float(loss.detach())
            bar.set_postfix(loss=f"{total / (step + 1):.4f}")
            if epoch >= cfg.average_from and step % cfg.average_every == 0:
                if averaged is None:
                    averaged = torch.optim.swa_utils.AveragedModel(net)
                averaged.update_parameters(net)
    return net if averaged is None else averaged.module


def _length_batches(
    enc: Encoded, rows: Sequence[int], size: int, rng: np.random.Generator
) -> list[npt.NDArray[np.int64]]:
    """Batches of texts of similar length (little padding), in random order: rows are shuffled,
    sorted by length within windows of 50 batches, cut into batches, and the batches shuffled."""
    order = np.asarray(rows, dtype=np.int64).copy()
    rng.shuffle(order)
    lens = np.array([len(enc.texts[i]) for i in order])
    window = size * 50
    for start in range(0, len(order), window):
        chunk = slice(start, start + window)
        order[chunk] = order[chunk][np.argsort(lens[chunk], kind="stable")]
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _network(cfg: ContextConfig, k: int, vectors: npt.NDArray[np.float32] | None = None) -> Any:
    """The network; with ``vectors`` (V x P pretrained word vectors), a frozen table of them
    (row 0: zeros, for words without one) and a learned projection ``proj`` (P -> d) added to
    each word's hashed vector."""
    import torch
    from torch import nn as tnn

    class Net(tnn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = tnn.EmbeddingBag(BUCKETS, cfg.dim, mode="mean", sparse=True)
            tnn.init.normal_(self.emb.weight, std=0.1)
            self.pre: Any = None
            if vectors is not None:
                table = torch.from_numpy(np.vstack([np.zeros((1, vectors.shape[1]), np.float32), vectors]))
                self.pre = tnn.Embedding.from_pretrained(table, freeze=True)
                self.proj = tnn.Linear(vectors.shape[1], cfg.dim, bias=False)
                tnn.init.normal_(self.proj.weight, std=0.1 / np.sqrt(vectors.shape[1]))
            self.conv = tnn.Conv1d(cfg.dim, cfg.channels, 3, padding=1)
            self.hid = tnn.Linear(cfg.channels, cfg.hidden)
            self.out = tnn.Linear(cfg.hidden, k)
            self.drop = tnn.Dropout(cfg.dropout)

        def head(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            h = torch.relu(self.conv(x.transpose(1, 2))).transpose(1, 2)  # B x T x C
            h = h.masked_fill(~mask[:, :, None], 0.0)  # ReLU ≥ 0: a masked 0 never wins a max over words
            pooled = self.drop(h.max(dim=1).values)
            return self.out(torch.relu(self.hid(pooled)))

    return Net()


def _batch_tensors(
    torch: Any, enc: Encoded, batch: Any, ids_t: Any, offsets: Any, net: Any, cut: int = MAX_WORDS
) -> tuple[Any, Any]:
    """The batch's distinct words embedded once, laid out B x T x d with zero rows after a text."""
    texts = [enc.texts[i][:cut] for i in batch]
    uniq = sorted({w for t in texts for w in t})
    pos = {w: j + 1 for j, w in enumerate(uniq)}  # row 0: the zero vector
    starts = offsets[uniq]
    ends = offsets[np.asarray(uniq, dtype=np.int64) + 1]
    flat = torch.cat([ids_t[s:e] for s, e in zip(starts, ends, strict=True)]) if uniq else ids_t[:0]
    bag_offsets = torch.from_numpy(np.concatenate(([0], np.cumsum(ends - starts)[:-1])).astype(np.int64))
    vecs = net.emb(flat, bag_offsets) if uniq else torch.zeros((0, net.emb.embedding_dim))
    if net.pre is not None and uniq:
        assert enc.pre_rows is not None
        vecs = vecs + net.proj(net.pre(torch.from_numpy(enc.pre_rows[np.asarray(uniq, dtype=np.int64)])))
    table = torch.cat([torch.zeros((1, vecs.shape[1])), vecs])
    width = max(1, max(map(len, texts)))
    index = np.zeros((len(texts), width), dtype=np.int64)
    for r, t in enumerate(texts):
        index[r, : len(t)] = [pos[w] for w in t]
    index_t = torch.from_numpy(index)
    mask = index_t > 0
    return table[index_t], mask


def export(net: Any, vectors: WordVectors | None = None) -> dict[str, npt.NDArray[np.generic]]:
    """The network's weights in ``ContextModel``'s layout (conv as 3·d x C, word -1, 0, +1); with
    word vectors, their projection into the word space (``pre``, V x d) and their words."""
    w = net.conv.weight.detach().numpy()  # C x d x 3
    conv = np.concatenate([w[:, :, j].T for j in range(3)], axis=0)
    extra: dict[str, npt.NDArray[np.generic]] = {}
    if net.pre is not None and vectors is not None:
        projected = vectors.vectors.astype(np.float32) @ net.proj.weight.detach().numpy().T
        # The words as sorted UTF-8 bytes, as inference searches them (no conversion at load).
        named = np.char.encode(np.asarray(vectors.words, dtype=str), "utf-8")
        order = np.argsort(named, kind="stable")
        extra = {"pre": projected.astype(np.float16)[order], "pre_words": named[order]}
    return {
        **extra,
        "emb": net.emb.weight.detach().numpy().astype(np.float16),
        "conv": conv.astype(np.float32),
        "conv_b": net.conv.bias.detach().numpy().astype(np.float32),
        "hid": net.hid.weight.detach().numpy().T.astype(np.float32),
        "hid_b": net.hid.bias.detach().numpy().astype(np.float32),
        "out": net.out.weight.detach().numpy().T.astype(np.float32),
        "out_b": net.out.bias.detach().numpy().astype(np.float32),
    }


def fit_blend(
    linear: npt.NDArray[np.float64],
    context: npt.NDArray[np.float64],
    labels: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.float64]:
    """Per category (a, b, m, c) so that ``sigmoid(a · linear + b · context + m · max(linear,
    context) + c)`` is calibrated on the rows given (comment-domain calibration rows). The max
    term lets either stage carry a category the other cannot see (a slur the context stage has
    rarely met; a hateful sentence without a slur that the linear stage scores low). A category
    without both labels keeps the linear stage's own calibration ``(1, 0, 0, 0)``."""
    from sklearn.linear_model import LogisticRegression

    out = np.tile([1.0, 0.0, 0.0, 0.0], (labels.shape[1], 1))
    for k in range(labels.shape[1]):
        known = labels[:, k] >= 0
        if len(set(labels[known, k].tolist())) < 2:
            continue
        x = blend_features(linear[known, k], context[known, k])
        w = None if weights is None else weights[known]
        lr = LogisticRegression(C=1.0, solver="lbfgs").fit(x, labels[known, k], sample_weight=w)
        out[k] = [*lr.coef_[0], lr.intercept_[0]]
    return out


def context_only_blend() -> npt.NDArray[np.float64]:
    """A blend that reads the context stage alone (for checking it before the real blend)."""
    return np.tile([0.0, 1.0, 0.0, 0.0], (len(CATEGORIES), 1))


def blend_features(
    linear: npt.NDArray[np.float64], context: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The blend's inputs for one category: both logits and their maximum."""
    return np.column_stack([linear, context, np.maximum(linear, context)])


def save_context(
    arrays: dict[str, npt.NDArray[np.generic]], blend: npt.NDArray[np.float64], path: Path
) -> str:
    """Write ``context.npz`` (no pickled objects); returns the version string."""
    digest = hashlib.sha256(b"".join(a.tobytes() for a in arrays.values()) + blend.tobytes()).hexdigest()
    version = f"{FORMAT_VERSION}.{digest[:12]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {
        **arrays,
        "blend": blend.astype(np.float32),
        "format": np.array(FORMAT_VERSION),
        "version": np.array(version),
        "categories": np.array(CATEGORIES, dtype=str),
    }
    with path.open("wb") as f:
        np.savez_compressed(f, **payload)
    return version
