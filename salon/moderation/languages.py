"""Which language a comment is written in, and whether salon's model can judge it.

Detection uses py3langid (langid.py's maintained fork): a naive Bayes model over byte n-grams
that ships inside the package, so nothing is downloaded at run time.  It is restricted to the
languages comment sites write in (``CANDIDATES``), which makes short texts far less noisy.
Loading the model takes a few seconds (it is decompressed once per process): ``preload()``
starts that in the background when the app is built, and ``detect`` waits for it.

The built-in model is trained on English (``JUDGED``).  For other languages its word features
mostly do not fire; what still works is language-independent (profanity and slurs that cross
languages, threats written in English, spam signals), so such texts are scored but a low score
means less.  ``judged_language`` decides which language counts for that question; a site's
``unjudged_languages`` policy key (``salon.moderation.policy``) says what to do about it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Languages the built-in model is trained on and can judge.
JUDGED: frozenset[str] = frozenset({"en"})

#: Languages detection chooses among: those comment sites commonly write in.
CANDIDATES: tuple[str, ...] = (
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
    "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nl", "no", "pl", "pt", "ro", "ru",
    "sk", "sl", "sr", "sv", "th", "tl", "tr", "uk", "ur", "vi", "zh",
)  # fmt: skip

#: Below this probability a detection is a guess: the languages the client named count instead.
CONFIDENT = 0.5

_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

_identifier: Any = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Detection:
    """The detected language (ISO 639-1) and how sure detection is (0-1)."""

    language: str
    confidence: float


def _load() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(CANDIDATES))
                _identifier = identifier
    return _identifier


def preload() -> None:
    """Start loading the detector in a daemon thread (the first ``detect`` would wait anyway)."""
    if _identifier is None:
        threading.Thread(target=_load, name="salon-langid", daemon=True).start()


def detect(text: str) -> Detection:
    """The language of ``text``; a text without letters is ``und`` (undetermined)."""
    if not _LETTER.search(text):
        return Detection("und", 0.0)
    language, probability = _load().classify(text)
    return Detection(str(language), float(probability))


def normalize(codes: Sequence[Any]) -> list[str]:
    """Client language codes as ISO 639-1 lower case (``pt-BR`` -> ``pt``), junk and blanks dropped."""
    out: list[str] = []
    for code in codes:
        if isinstance(code, str) and _CODE.match(code.strip()):
            base = re.split(r"[-_]", code.strip())[0].lower()
            if base not in out:
                out.append(base)
    return out


def judged_language(detection: Detection, requested: Sequence[str]) -> str:
    """The language that decides whether the model can judge the text: the detected one when
    detection is confident, else the first one the client named, else ``und`` (a short text
    such as "ok" or "lol" is no language in particular)."""
    if detection.confidence >= CONFIDENT:
        return detection.language
    return requested[0] if requested else "und"


def can_judge(language: str) -> bool:
    """Whether the built-in model can judge text in ``language`` (undetermined counts as yes:
    a text without letters has no words the model could miss)."""
    return language in JUDGED or language == "und"
