"""The quicker paths of the classifier give what the plain ones give: the array path for a
batch of new words, the sentence sizes counted stretch by stretch, the damping shortcuts."""

from __future__ import annotations

import random
import zlib

from salon.moderation.classifiers import ngrams
from salon.moderation.classifiers.context import ContextModel
from salon.moderation.classifiers.linear import LinearClassifier, word_features

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789*'"


def _words(rnd: random.Random) -> list[str]:
    sizes = [1, 1, 2, 3, 4, 5, 6, 9, 15, 40]
    return [
        "".join(rnd.choice(_ALPHABET) for _ in range(rnd.choice(sizes))) for _ in range(rnd.randint(1, 60))
    ]


def test_names_and_crc_match_word_features() -> None:
    rnd = random.Random(1)
    for trial in range(100):
        words = _words(rnd) + (["x" * 300, "a", "a"] if trial == 0 else [])
        grams = ngrams.WordNgrams(words)
        feats = [f for w in words for f in word_features(w)]
        assert grams.counts.tolist() == [len(word_features(w)) for w in words]
        assert grams.crc32().tolist() == [zlib.crc32(f.encode()) for f in feats]
        names: list[str] = [""] * grams.n_names
        for rows, lens, order in (
            (grams.unigram, grams.uni_lens, grams.order_uni),
            (grams.ngram, grams.ngram_lens, grams.order_ngram),
        ):
            for row, n, at in zip(rows.tolist(), lens.tolist(), order.tolist(), strict=True):
                assert not any(row[n:])
                names[at] = "".join(map(chr, row[:n]))
        assert names == feats


def test_vocabulary_rows_match_names() -> None:
    vocab = LinearClassifier.load()._index
    rnd = random.Random(2)
    words = ["idiot", "the", "moron", "zqxb", "don't", "a" * 70, *_words(rnd)]
    grams = ngrams.WordNgrams(words)
    got = grams.scatter(
        vocab.find_rows(grams.unigram, grams.uni_lens), vocab.find_rows(grams.ngram, grams.ngram_lens)
    )
    assert got.tolist() == vocab.find([f for w in words for f in word_features(w)]).tolist()


def test_context_embedding_is_the_same_either_way() -> None:
    model = ContextModel.load()
    words = [f"w{k}ord{'x' * (k % 7)}" for k in range(ngrams.BATCH_MIN + 5)]
    together = model._embed(words)  # the array path
    alone = [model._embed([w]) for w in words]  # the per-name path
    assert all((together[k] == alone[k][0]).all() for k in range(len(words)))


def test_sentence_sizes_match_word_offsets() -> None:
    """``_sentence_sizes`` counts each stretch's words alone; the words' offsets agree."""
    import numpy as np

    from salon.moderation.classifiers import linear
    from salon.moderation.classifiers.damping import sentence_ends

    rnd = random.Random(3)
    junk = "ab.!?\n,' *x9é"
    texts = [
        "Moron, the treaty is fine. You idiot! don't.",
        "a1'b2 rock'n'roll. 'quoted' x?",
        "...a",
        "well, ok",
    ]
    texts += ["".join(rnd.choice(junk) for _ in range(rnd.randint(1, 40))) for _ in range(3000)]
    clf = LinearClassifier.load()
    batch = clf._encode(texts)
    for row in range(len(texts)):
        ends = sentence_ends(batch.norms[row].text)
        if not ends or not batch.words[row]:
            continue
        begins = [b for b, _, _ in batch.tokens(row)]
        counts = np.bincount(np.searchsorted(np.asarray(ends), np.asarray(begins), side="right"))
        want = counts[counts > 0].tolist()
        stretches = [
            len(linear._TOKEN.findall(batch.norms[row].text, a, b))
            for a, b in zip([0, *ends[:-1]], ends, strict=True)
        ]
        assert [k for k in stretches if k] == want  # the fast path alone, without its fallback
        assert linear._sentence_sizes(batch, row, ends) == want


def test_damping_shortcuts_change_nothing() -> None:
    """``damping_of`` skips frames that cannot apply, and ``number_damping`` needs no offsets:
    both give what running every frame gives."""
    from salon.moderation.classifiers import damping as D
    from salon.moderation.classifiers.linear import tokens
    from salon.moderation.normalize import normalize

    def every_frame(text: str, words: list[tuple[int, int, str]]) -> list[float] | None:
        damp = [1.0] * len(words)
        D._damp_negation(text, words, damp)
        D._damp_counter_speech(text, words, damp)
        D._damp_quotes(text, words, damp)
        D._damp_unaimed_swearing(text, words, damp)
        D._damp_claimed(text, words, damp)
        D._damp_scorned_things(text, words, damp)
        for k, (_, _, w) in enumerate(words):
            if w.isdigit():
                damp[k] = 0.0
        return damp if any(m < 1.0 for m in damp) else None

    rnd = random.Random(4)
    parts = [
        "you", "are", "not", "an", "idiot", "calling", "people", "retards", "is", "disgusting", "fuck",
        "the", "ferry", "1946", "top", "48", '"quoted"', "'single'", "(", "'em", "don't", ".", ",", "!",
        "\n", "say", "stop", "muslims", "criminals", "never", "respect", "kurds", "it's", "'x", "a'",
        "as", "dyke", "myself", "my", "nigga", "we", "queers", "i", "know", "proud", "printer", "useless",
        "junk", "this", "app", "moron",
    ]  # fmt: skip
    for _ in range(3000):
        text = normalize(" ".join(rnd.choice(parts) for _ in range(rnd.randint(1, 25)))).text
        words = tokens(normalize(text))
        names = [w for _, _, w in words]
        want = every_frame(text, words)
        assert D.damping_of(text, words) == want
        if D.numbers_only(text, names):
            assert D.number_damping(names) == want
        assert D.text_damping(text, names, lambda words=words: words) == (D.context_damping(text, words))


def test_masked_gradient_is_the_same_product() -> None:
    """``contributions`` masks the output matrix, not the hidden one: the same sums, bit for bit."""
    import numpy as np

    model = ContextModel.load()
    rng = np.random.default_rng(0)
    for rows in (1, 2, 7, 64, 257):
        mask = (rng.random((rows, model._hid.shape[1])) > 0.5).astype(np.float32)
        plain = (model._hid[None, :, :] * mask[:, None, :]) @ model._out
        assert np.array_equal(model._hid @ (mask[:, :, None] * model._out[None, :, :]), plain)


def test_link_hint_misses_no_link() -> None:
    """``mask_links`` skips texts without ``_URL_HINT``; every link has one (a bare "@user" not)."""
    from salon.moderation import normalize as N

    rnd = random.Random(5)
    parts = ["a", "@", "b.c", "x@y.com", "@user", "user@host", ".", "com", "www", ".net", "-", "_", "+"]
    parts += ["a@b-c.d", "é@ü.x", " ", "http://", "://", "@USER"]
    for _ in range(20000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(1, 12)))
        assert N.mask_links(text) == N._URL.sub(lambda m: " " * (m.end() - m.start()), text)
    assert not N._URL_HINT.search("@USER @USER you are right")


def test_pattern_words_from_the_tokens() -> None:
    """``incitement_patterns.words_of`` read from the linear stage's tokens gives the words that
    splitting the text gives (in an ASCII text; other texts are split)."""
    from salon.moderation.classifiers import linear
    from salon.moderation.incitement_patterns import words_of
    from salon.moderation.normalize import normalize

    rnd = random.Random(6)
    junk = "ab.!?\n,' *x9é_-@$Z\"d"
    texts = ["don't rock'n'roll f*ck 1946 @user a1b2", "Muslims9 out!", "", "café naïve", "'em''x"]
    texts += ["".join(rnd.choice(junk) for _ in range(rnd.randint(1, 40))) for _ in range(5000)]
    for raw in texts:
        text = normalize(raw).text
        assert words_of(text, linear._TOKEN.findall(text)) == words_of(text)


def test_rewrite_candidates_match_the_token_pattern() -> None:
    """``normalize._candidates`` (widened from the characters that need a rewrite) finds the
    tokens ``_CANDIDATE`` finds, Unicode spaces included."""
    from salon.moderation import normalize as N

    rnd = random.Random(7)
    junk = "ab.!?\n,' *x9é_-@$Z\"d€£#%|+aaa\t\u00a0\u2003\x1c()[]{}<>;:~^&=/\\"
    texts = ["@user #maga 2016 f*ck fuuuck a55 b1tch!!", "", "aaa", "x\u2003+.\u00a0@"]
    texts += ["".join(rnd.choice(junk) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        assert list(N._candidates(text)) == [m.span() for m in N._CANDIDATE.finditer(text)]


def test_separator_characters_are_the_pattern_ones() -> None:
    """``normalize._SEP_CHARS`` holds exactly the characters ``_SEP`` matches."""
    import re

    from salon.moderation import normalize as N

    sep = re.compile(f"[{N._SEP}]")
    assert {c for c in map(chr, range(0x110000)) if sep.match(c)} == N._SEP_CHARS


def test_single_quote_precheck_misses_no_quotation() -> None:
    """``quotes.stretches`` tries the single-quote pattern only where a quote may open; it finds
    what trying it everywhere finds."""
    from salon.moderation import quotes as Q

    rnd = random.Random(8)
    parts = ["'", "'", "a", "x9", " ", "\n", "\u2003", "(", "[", ":", ",", ".", "!", "don't", '"', "-", "é"]
    texts = ["'quoted' here", "don't 'em", "they said 'go home'.", "'", "a'b"]
    texts += ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 20))) for _ in range(20000)]
    for text in texts:
        assert Q._may_open(text) or not Q._SINGLE.search(text), text


def test_factored_speech_and_condemnation_find_what_the_lists_find() -> None:
    """``damping._SPEECH`` and ``_CONDEMN`` are factored alternations: a text matches them when
    it matches the plain ones."""
    import re

    from salon.moderation.classifiers import damping as D

    speech = re.compile(rf"\b(?:{D._SPEECH_WORDS})\b")  # the plain alternations
    condemn = re.compile(rf"\b(?:{D._CONDEMN_WORDS})\b")
    rnd = random.Random(9)
    parts = ["call", "s", "ed", "ing", "name", "user", "not", " ", "ok", "ay", "isn't", "is", "acceptable"]
    parts += [
        "should",
        "n't",
        "stop",
        "x",
        "_",
        "9",
        "é",
        "'",
        "-",
        "never",
        "said",
        "us",
        "e",
        "slur",
        "word",
    ]
    for _ in range(30000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(1, 8)))
        assert bool(D._SPEECH.search(text)) == bool(speech.search(text)), text
        assert bool(D._CONDEMN.search(text)) == bool(condemn.search(text)), text


def test_sentence_ends_try_an_address_only_where_a_comma_is() -> None:
    """``sentence_ends`` tries the address pattern only on sentences with a comma; it gives
    what trying it on every sentence gives."""
    from salon.moderation.classifiers import damping as D

    def every_sentence(text: str) -> list[int]:
        ends = []
        for m in D.SENTENCE.finditer(text):
            if not m.group(0).strip():
                continue
            address = D._ADDRESS.match(text, m.start())
            if address and address.end() < m.end():
                ends.append(address.end())
            ends.append(m.end())
        return ends

    rnd = random.Random(10)
    parts = ["a", "bc", " ", ",", ".", "!", "?", "\n", "'", "*", "9", "\t", "é", "  ", ", ", "\u2003"]
    for _ in range(30000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 20)))
        assert D.sentence_ends(text) == every_sentence(text), text
