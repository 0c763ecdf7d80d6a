"""The built-in model's resident memory stays within a size budget (not a timing test).

Measured in a fresh interpreter: VmRSS after the imports, then after ``LinearClassifier.load()``
and scoring 2,000 varied texts one call at a time, as the server does. The model used to cost
59 MiB this way (a dict of 166k feature strings, a fixed-width copy of the vocabulary, a word
cache of up to 200,000 words); it now costs about 15 MiB: the weight matrix (4.4 MiB), the
vocabulary as code points with its hash table (3.3 MiB), bigram codes, the word cache,
normalisation caches and what the allocator keeps. See "Memory" in docs/model-card.md.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: MiB. The linear stage alone measured 15.2 MiB (1.4 of it pages of numpy's shared library);
#: with the context stage (its 2^17 x 48 float16 table, a word cache of up to 32,768 vectors), a
#: larger vocabulary and the incitement patterns, the shipped model measures 43.8 MiB. The
#: product's contract is that loading and scoring add at most 60 MiB.
BUDGET_MIB = 50.0

_SCRIPT = r"""
import gc, json, random, sys
from salon.moderation.classifiers.staged import load_builtin
from salon.moderation.normalize import normalize
from salon.moderation import threats
from salon.training import examples


def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


rnd = random.Random(7)
letters = "abcdefghijklmnopqrstuvwxyz"
base = examples.threats() + examples.civil_violent() + examples.neutral_identity() + [
    "You are a complete idiot and everyone knows it.",
    "Thanks for the thoughtful article, I learned a lot about the council budget.",
    "you are a f*cking m.o.r.o.n, sh1t @ss fuuuuck, s h o o t",
    "Check out my channel and subscribe!! http://example.com/promo",
    "уоu аrе а fuсkіng mоrоn, naïve café",
]
texts = []
for i in range(2000):
    n = rnd.randint(3, 25)
    words = ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 9))) for _ in range(n)]
    texts.append(f"{base[i % len(base)]} {' '.join(words)} #{i}")
normalize("warm the fold tables up")
threats.detect(normalize("they should all be hanged"))
gc.collect()
before = rss()
clf = load_builtin()
for text in texts:
    clf.analyze([text])
gc.collect()
print(json.dumps({"delta": rss() - before}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_loading_and_scoring_2000_texts_stays_within_budget() -> None:
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True)
    delta = json.loads(out.stdout.strip().splitlines()[-1])["delta"]
    assert delta <= BUDGET_MIB, f"model load + 2,000 texts raised RSS by {delta:.1f} MiB"
