"""The fast paths give what a straightforward implementation gives.

``normalize`` folds with one ``str.translate`` and visits only tokens that can change; the
classifier gathers a whole batch's features with numpy, finds bigrams by ``searchsorted`` and
computes damping and spans for the batch at once; ``threats.detect`` runs only the patterns
whose gate literals occur. Each is checked here against a plain per-text reference on a few
hundred varied texts: obfuscations, threats, negation and quotes, unicode, URLs, long texts.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

import numpy as np
import pytest

from salon.moderation import normalize as N
from salon.moderation import threats
from salon.moderation.classifiers import linear
from salon.moderation.classifiers.base import CATEGORIES, Span
from salon.moderation.classifiers.damping import DAMPED_HEADS, context_damping
from salon.moderation.classifiers.linear import LinearClassifier, text_features, tokens
from salon.training import examples

_BASE = [
    "Thanks for the thoughtful article, I learned a lot about the council budget.",
    "You are a complete idiot and everyone knows it.",
    "Check out my channel and subscribe!! http://example.com/promo a1b3",
    "you are a f*cking moron",
    "you are a fuuuucking moron",
    "you are a f u c k i n g moron",
    "you are a fuck1ng m0ron",
    "you are a ｆｕｃｋｉｎｇ moron",
    "уоu аrе а fuсkіng mоrоn",
    "Honestly, you are a f*cking m.o.r.o.n and I mean it",
    "they should all be h@ng3d",
    "$h1t @ss a55 b1tch sh!t f**k a**hole F*CK1NG shiiiit goooood",
    "covid19 1946 10am 3rd mp3 @USER_95 #1234 €5 £3 100%",
    "ﬁne ѕһіт here, naïve café façade ÀÉÎÕÜ",
    "fu\u200bck, emoji 🙂🙂 and ❤️ with a variation selector",
    "日本語のテキスト fuck 中文",
    "\t\ttabs\nand\nnewlines\r\n and a `backtick` \u00a0nbsp",
    "he said \"you idiot\" to me, I'm not saying you're an idiot, but",
    "calling people retards is disgusting. not an idiot at all.",
    "just k i l l yourself, you w**d",
    "Great piece. They should all be hanged. Nobody should be hanged for stealing bread.",
    "YOU ARE ALL IDIOTS AND MORONS",
    "k.i.l.l y.o.u, u r a b!tch, l0ser m0r0n 1d10t, wh0re sl*t c*nt, niggaaaa",
    "h a n g them all; I will find you and make you pay; I know where you live",
    "www.spam.com buy now!!! $$$ 100% free mail me at a.b@example.org",
    "",
    "   ",
    "🙂",
    "a",
]


def _mutate(rnd: random.Random, text: str) -> str:
    kind = rnd.randrange(7)
    if kind == 0:
        return text.translate(str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "$"}))
    if kind == 1:
        return text.upper()
    if kind == 2:
        return " ".join(text[:20]) + text[20:]
    if kind == 3:
        return text.replace("o", "о").replace("a", "а")  # Cyrillic
    if kind == 4:
        return text.replace("u", "*").replace("i", "*")
    if kind == 5:
        return "".join(c * 3 if c in "aeiou" and rnd.random() < 0.2 else c for c in text)
    return f'"{text}" {rnd.choice(["no", "not", "never"])} {text.lower()}'


def _corpus() -> list[str]:
    rnd = random.Random(20240611)
    texts = _BASE + examples.threats() + examples.civil_violent() + examples.neutral_identity()[:60]
    texts += [_mutate(rnd, t) for t in rnd.sample(texts, 150)]
    texts += [" ".join(rnd.sample(_BASE[:25], 4)), "you idiot " * 250, "x" * 2100]
    return texts


TEXTS = _corpus()


# -- normalisation -------------------------------------------------------------------------


def _reference_normalize(text: str) -> N.Normalized:
    """Character by character, every token visited: the implementation before the fast paths."""
    chars, begins, ends = [], [], []
    for i, ch in enumerate(text):
        for c in text[i].lower() if text.isascii() else N._fold_char(ch):
            chars.append(c if text.isascii() or not c.isspace() else " ")
            begins.append(i)
            ends.append(i + 1)
    buf = N._Buffer(chars, begins, ends)
    N._join_spaced(buf, N._spaced_runs(buf.text))
    folded = buf.text
    protected = N._protected(folded)
    edits = []
    for m in N._WORDISH.finditer(folded):
        tok = m.group(0)
        if (tok.isalpha() and not N._STRETCH.search(tok)) or N._inside(protected, m.start(), m.end()):
            continue
        new = N._resolve_token(N._deleet_token(tok))
        if new != tok and len(new) != len(tok) and any(c in N._MASKS for c in tok):
            new = tok
        if new != tok:
            edits.append((m.start(), m.end(), new))
    if edits:
        N._splice_tokens(buf, edits)
    return N.Normalized(buf.text, buf.begins, buf.ends, text)


@pytest.mark.parametrize("text", TEXTS)
def test_normalize_matches_reference(text: str) -> None:
    got, want = N.normalize(text), _reference_normalize(text)
    assert (got.text, got.offsets, got.ends) == (want.text, want.offsets, want.ends)
    assert got == want
    if got.text:
        assert got.to_original(0, len(got.text)) == want.to_original(0, len(want.text))


def test_identity_map_is_lazy_and_correct() -> None:
    norm = N.normalize("Plain ascii text, nothing to undo #42")
    assert norm.identity
    assert norm.offsets == list(range(len(norm.text)))
    assert norm.ends == list(range(1, len(norm.text) + 1))
    assert not N.normalize("fuuuuck").identity
    with pytest.raises(AttributeError):
        norm.text = "x"  # type: ignore[misc]


# -- threats -------------------------------------------------------------------------------


def _reference_detect(norm: N.Normalized) -> threats.ThreatResult:
    text = norm.text
    old_trigger = r"\b(?:" + "|".join(s.replace("_", " ") for s in threats._TRIGGER_STEMS.split()) + ")"
    if not re.search(old_trigger, text):
        return threats.ThreatResult()
    score = severe = 0.0
    spans = []
    for pat in threats.PATTERNS:
        for m in pat.regex.finditer(text):
            begin = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" .!?")))
            if threats._negated(text, begin) or threats._negated_inside(m.group(0)):
                continue
            if pat.named and not threats._is_name(norm, m):
                continue
            spans.append(Span(*norm.to_original(begin, m.end()), ("threat",), pat.threat))
            score, severe = max(score, pat.threat), max(severe, pat.severe)
    return threats.ThreatResult(score, severe, spans)


@pytest.mark.parametrize("text", TEXTS)
def test_gated_threat_patterns_match_running_them_all(text: str) -> None:
    norm = N.normalize(text)
    assert threats.detect(norm) == _reference_detect(norm)


def test_factored_trigger_is_the_plain_alternation() -> None:
    stems = [s.replace("_", " ") for s in threats._TRIGGER_STEMS.split()]
    plain = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")")
    probes = TEXTS + stems + [f"x{s}" for s in stems] + [s[:-1] for s in stems]
    for text in probes:
        assert bool(threats._TRIGGER.search(text)) == bool(plain.search(text)), text


# -- classifier ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clf() -> LinearClassifier:
    return LinearClassifier.load()


def _reference_analyze(clf: LinearClassifier, text: str) -> tuple[dict[str, float], list[Span]]:
    """Per text, in float64, features as training sees them (``text_features``), after the
    link blanking that ``analyze`` applies to every text."""
    text = N.mask_links(text)
    index, weights = clf._index, clf._weights.astype(np.float64)
    norm = N.normalize(text)
    words = tokens(norm)
    ids = [index[f] for f in text_features(text) if f in index]
    word_ids = [[index[f] for f in linear.word_features(w) if f in index] for _, _, w in words]
    bigrams = [index.get(f"b:{a} {b}", -1) for (_, _, a), (_, _, b) in pairwise(words)]
    scale = np.sqrt(max(len(ids), 1))
    logit = clf._bias + (weights[ids].sum(axis=0) / scale if ids else 0.0)
    damp = context_damping(norm.text, words)
    heads = [CATEGORIES.index(h) for h in DAMPED_HEADS]
    if damp is not None:
        for w_ids, m in zip(word_ids, damp, strict=True):
            logit[heads] -= (1.0 - m) * weights[w_ids].sum(axis=0)[heads] / scale
    probs = np.clip(1.0 / (1.0 + np.exp(-(logit * clf._cal[:, 0] + clf._cal[:, 1]))), 0.0, 0.999)
    scores = {c: float(p) for c, p in zip(CATEGORIES, probs, strict=True)}
    scores["threat"] *= linear.MODEL_THREAT_WEIGHT
    spans: list[Span] = []
    hot = [k for k, c in enumerate(CATEGORIES) if scores[c] >= 0.4 and c not in ("spam", "threat")]
    if hot and words:
        contrib = np.array([weights[w][:, hot].sum(axis=0) for w in word_ids]).reshape(len(words), len(hot))
        for k, b in enumerate(bigrams):
            if b >= 0:
                contrib[k] += weights[b, hot] / 2
                contrib[k + 1] += weights[b, hot] / 2
        contrib *= np.asarray(damp if damp is not None else [1.0] * len(words))[:, None]
        positive = np.clip(contrib, 0.0, None).sum(axis=0)
        marked = (contrib > 0) & (contrib >= linear.SPAN_SHARE * positive)
        for k in np.flatnonzero(marked.any(axis=1)):
            cats = tuple(CATEGORIES[hot[j]] for j in np.flatnonzero(marked[k]))
            spans.append(
                Span(*norm.to_original(words[k][0], words[k][1]), cats, max(scores[c] for c in cats))
            )
        spans = linear._merge(spans)
    return scores, linear.fold_patterns(norm, scores, spans)


def test_batched_analysis_matches_reference(clf: LinearClassifier) -> None:
    results = clf.analyze(TEXTS)
    for text, got in zip(TEXTS, results, strict=True):
        scores, spans = _reference_analyze(clf, text)
        assert got.scores == pytest.approx(scores, abs=1e-6), text
        assert [(s.begin, s.end, s.categories) for s in got.spans] == [
            (s.begin, s.end, s.categories) for s in spans
        ], text
        assert [s.score for s in got.spans] == pytest.approx([s.score for s in spans], abs=1e-6)


def test_results_do_not_depend_on_the_batch(clf: LinearClassifier) -> None:
    whole = clf.analyze(TEXTS)
    for size in (1, 7, 64):
        parts = [a for i in range(0, len(TEXTS), size) for a in clf.analyze(TEXTS[i : i + size])]
        assert [a.scores for a in parts] == [a.scores for a in whole]
        assert [a.spans for a in parts] == [a.spans for a in whole]
    assert clf.scores(TEXTS).tolist() == clf.scores(TEXTS[::-1])[::-1].tolist()


def test_empty_texts_anywhere_in_a_batch(clf: LinearClassifier) -> None:
    texts = ["", "you idiot", "", "", "🙂", "they should all be hanged", ""]
    assert [a.scores for a in clf.analyze(texts)] == [clf.analyze([t])[0].scores for t in texts]


def test_feature_table_starts_over_when_full(clf: LinearClassifier, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linear, "_CACHE_LIMIT", 40)
    small = LinearClassifier.load()
    expected = clf.analyze(TEXTS)
    got = [a for i in range(0, len(TEXTS), 16) for a in small.analyze(TEXTS[i : i + 16])]
    assert [a.scores for a in got] == [a.scores for a in expected]
    assert [a.spans for a in got] == [a.spans for a in expected]
