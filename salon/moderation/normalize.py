"""Undo the obfuscations people use to slip words past a filter, keeping a map to the original.

``normalize(text)`` folds Unicode (NFKC/NFKD, accents, fullwidth, zero-width characters),
homoglyphs (Cyrillic and Greek look-alikes), case, leetspeak (``sh1t``, ``@ss``, ``$hit``),
masked words (``f*ck``, ``b***h``), stretched letters (``fuuuuck``) and spaced or dotted letters
(``s h o o t``, ``m.o.r.o.n``).  Every character of the result remembers which stretch of the
original it came from, so a span found in the normalised text maps back to what the author wrote.

``find_terms(normalized, terms)`` matches whole words (and multi-word phrases) after
normalisation, so "Scunthorpe", "class" and "cocktail" never match "cunt", "ass" or "cock".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

__all__ = ["Normalized", "TermMatcher", "find_terms", "normalize", "to_original", "words"]

# Look-alike letters from other scripts, mapped to the Latin letter they imitate.
_CONFUSABLES: dict[str, str] = {
    **dict(zip("авеёзкмнорстухіїјѕһԁԛԝьүӏпг", "abee3kmhopctyxiijshdqwbylnr", strict=True)),  # Cyrillic
    **dict(zip("αβγεηικμνορτυχωςσ", "abyenikuvoptuxwso", strict=True)),  # Greek
    # Latin and symbol look-alikes NFKD leaves alone
    **dict(
        zip(
            "ıłøđħɑɡʀᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘǫꜱᴛᴜᴠᴡʏᴢ‘’`´“”–—",
            "ilodhagrabcdeghijklmnopqstuvwyz''''\"\"--",
            strict=True,
        )
    ),
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
}

_LEET: dict[str, str] = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "+": "t",
    "€": "e",
    "£": "l",
}
_MASKS = frozenset("*#%")
_SYMBOL_LEET = frozenset("@$!|+€£")

# Words that masks and stretching are resolved against, most likely reading first.
_LEXICON_WORDS = (
    "fuck fucking fucked fucker fuckers fucks fuckin motherfucker motherfuckers motherfucking shit "
    "shits shitty bullshit shithole bitch bitches bitching cunt cunts cock cocks cocksucker dick "
    "dicks dickhead ass asses asshole assholes arse arsehole bastard bastards damn goddamn hell crap "
    "piss pissed prick pussy slut sluts whore whores twat wanker douche douchebag nigger niggers "
    "nigga niggas faggot faggots fag fags retard retards retarded idiot idiots moron morons stupid "
    "dumb loser scum kill die dead hang shoot rape kike kikes spic spics chink chinks tranny dyke "
    "coon wetback raghead towelhead gook hoe hoes shoot shot kill killed die dead hate trash ugly fat "
    "sucks"
)
LEXICON: tuple[str, ...] = tuple(_LEXICON_WORDS.split())
_LEXICON_SET = frozenset(LEXICON)

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b|\b[\w-]+\.(?:com|net|org|ly)\b\S*")
#: Something every match of ``_URL`` contains: a text without it has nothing to blank. (An
#: address's "@" is followed by a domain and a dot: a bare "@user" mention is no hint.)
_URL_HINT = re.compile(r"://|www\.|@[\w-]+\.|\.(?:com|net|org|ly)")
_WORDISH = re.compile(r"[^\s\"'()\[\]{}<>,;:?.~^&=/\\-]+")
_STRETCH = re.compile(r"([a-z])\1{2,}")
_LETTER = re.compile(r"[a-z]")
_UNIT_SUFFIX = re.compile(r"^\d+(?:st|nd|rd|th|s|am|pm|k|m|g|d|x|h|kg|km|cm|mm|mb|gb|ml|lb|lbs|min|yo)$")
_SPACED_UNIT = r"[a-z0-9@$!*]"
_SPACED = re.compile(
    rf"(?<![a-z0-9@$!*']){_SPACED_UNIT}(?P<sep> |[.\-_/|,]){_SPACED_UNIT}"
    rf"(?:(?P=sep){_SPACED_UNIT})+(?![a-z0-9@$*])"
)
_WORD = re.compile(r"[a-z0-9*]+(?:'[a-z]+)?")


class Normalized:
    """Normalised text; ``offsets[i]``/``ends[i]`` give the original stretch of character ``i``.

    Most texts fold character for character; their map is the identity and is only built as
    lists when ``offsets`` or ``ends`` is read (pass ``None`` for both to say so).
    """

    __slots__ = ("_ends", "_offsets", "original", "text")

    text: str
    original: str
    _offsets: list[int] | None
    _ends: list[int] | None

    def __init__(self, text: str, offsets: list[int] | None, ends: list[int] | None, original: str) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "_offsets", offsets)
        object.__setattr__(self, "_ends", ends)
        object.__setattr__(self, "original", original)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Normalized is immutable ({name})")

    @property
    def offsets(self) -> list[int]:
        """Start in the original text of each normalised character."""
        offsets: list[int] | None = self._offsets
        return list(range(len(self.text))) if offsets is None else offsets

    @property
    def ends(self) -> list[int]:
        """End (exclusive) in the original text of each normalised character."""
        ends: list[int] | None = self._ends
        return list(range(1, len(self.text) + 1)) if ends is None else ends

    @property
    def identity(self) -> bool:
        """True when character ``i`` of ``text`` came from character ``i`` of ``original``."""
        return self._offsets is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Normalized):
            return NotImplemented
        return (self.text, self.offsets, self.ends, self.original) == (
            other.text,
            other.offsets,
            other.ends,
            other.original,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Normalized(text={self.text!r}, original={self.original!r})"

    def to_original(self, begin: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[begin, end)`` to the span of the original text it came from."""
        return to_original(self, begin, end)


def to_original(norm: Normalized, begin: int, end: int) -> tuple[int, int]:
    """Map ``[begin, end)`` in ``norm.text`` back to ``[begin, end)`` in ``norm.original``."""
    if not norm.text:
        return (0, 0)
    begin = max(0, min(begin, len(norm.text) - 1))
    end = max(begin + 1, min(end, len(norm.text)))
    if norm.identity:
        return (begin, end)
    return (norm.offsets[begin], norm.ends[end - 1])


class _Buffer:
    """Characters with their original (begin, end); edits keep the two in step."""

    __slots__ = ("begins", "chars", "ends")

    def __init__(self, chars: list[str], begins: list[int], ends: list[int]) -> None:
        self.chars = chars
        self.begins = begins
        self.ends = ends

    @classmethod
    def of(cls, text: str, begins: list[int] | None, ends: list[int] | None) -> _Buffer:
        """A buffer over ``text``; ``None`` maps mean the identity."""
        n = len(text)
        return cls(list(text), begins or list(range(n)), ends or list(range(1, n + 1)))

    @property
    def text(self) -> str:
        return "".join(self.chars)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character, folded: compatibility form, no accents, no format characters, lower case."""
    if ch in _CONFUSABLES:
        return _CONFUSABLES[ch]
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        cat = unicodedata.category(c)
        if cat in ("Mn", "Me", "Cf"):
            continue
        c = c.lower()
        out.append(_CONFUSABLES.get(c, c))
    return "".join(out) if out else ""


def _fold_slow(text: str) -> _Buffer:
    if text.isascii():
        low = text.lower()
        n = len(low)
        return _Buffer(list(low), list(range(n)), list(range(1, n + 1)))
    chars: list[str] = []
    begins: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(" " if c.isspace() else c)
            begins.append(i)
            ends.append(i + 1)
    return _Buffer(chars, begins, ends)


def _fold_entry(ch: str) -> str:
    """What ``_fold_slow`` turns one character into (spaces unified)."""
    return "".join(" " if c.isspace() else c for c in _fold_char(ch))


class _FoldTable(dict[int, str]):
    """``str.translate`` table for non-ASCII texts, filled on first sight of a character.

    Characters that fold to other than exactly one character are also listed in ``_UNEVEN``,
    so one ``translate`` with it tells whether the offset map is the identity.
    """

    def __missing__(self, code: int) -> str:
        folded = _fold_entry(chr(code))
        if len(folded) != 1:
            _UNEVEN[code] = None
        if len(self) < 65536:
            self[code] = folded
        return folded


_UNEVEN: dict[int, None] = {}
_FOLD_TABLE = _FoldTable({code: _fold_entry(chr(code)) for code in range(128)})


def _fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Folded text and its map to ``text``; ``None`` maps mean the identity (the usual case)."""
    if text.isascii():
        return text.lower(), None, None
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text) and len(text.translate(_UNEVEN)) == len(text):
        return folded, None, None
    buf = _fold_slow(text)
    return buf.text, buf.begins, buf.ends


def mask_links(text: str) -> str:
    """The text with every link, e-mail address and bare domain blanked by spaces of the same
    length: offsets stay valid, and the words around the links are all that is left to judge."""
    if not _URL_HINT.search(text):  # most comments: no link to blank, no need to run _URL
        return text
    return _URL.sub(lambda m: " " * (m.end() - m.start()), text)


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], b: int, e: int) -> bool:
    return any(pb <= b and e <= pe for pb, pe in spans)


def _spaced_runs(text: str) -> list[tuple[int, int, int]]:
    """Runs of spaced or dotted letters to join, as ``(begin, end, step)``."""
    spans = []
    for m in _SPACED.finditer(text):
        letters = m.group(0)[:: len(m.group("sep")) + 1]
        start = m.start()
        if m.group("sep") == " " and letters[0] in "ai" and len(letters) >= 5:
            letters, start = letters[1:], start + 2  # "a f u c k": the article stays a word
        if len(letters) >= 3 and _LETTER.search(letters) and not letters.isdigit():
            spans.append((start, m.end(), len(m.group("sep")) + 1))
    return spans


def _join_spaced(buf: _Buffer, spans: list[tuple[int, int, int]]) -> None:
    """``s h o o t`` / ``m.o.r.o.n`` → ``shoot`` / ``moron`` when it spells at least 3 characters."""
    for b, e, step in reversed(spans):
        keep = list(range(b, e, step))
        buf.chars[b:e] = [buf.chars[i] for i in keep]
        buf.begins[b:e] = [buf.begins[i] for i in keep]
        buf.ends[b:e] = [buf.ends[i] for i in keep]


def _deleet_token(tok: str) -> str:
    """Map leet characters in a token that has a letter; numbers, units and @mentions stay.

    If mapping every leet character yields a known word it is taken (``a55`` → ``ass``);
    otherwise only characters between two letters are mapped (``b1tch``, not ``covid19``).
    """
    if not _LETTER.search(tok) or _UNIT_SUFFIX.match(tok):
        return tok
    core = tok.rstrip("!")
    tail = tok[len(core) :]
    full = "".join(_LEET.get(c, c) for c in core)
    if _resolve_token(full) in _LEXICON_SET:
        return full + tail
    if core.startswith("@") or (core[:2].isdigit()):
        return tok
    out = list(core)
    for i, c in enumerate(core):
        between = 0 < i < len(core) - 1 and _letterish(core[i - 1]) and _letterish(core[i + 1])
        leading = c in _SYMBOL_LEET and c != "!" and i == 0 and len(core) > 1 and core[1].isalpha()
        if (c in _LEET and between) or leading:
            out[i] = _LEET[c]
    return "".join(out) + tail


def _letterish(c: str) -> bool:
    return c.isalpha() or c in _SYMBOL_LEET or c in _MASKS


def _resolve_token(tok: str) -> str:
    """Resolve masks (``f*ck``) and stretching (``fuuuck``) against the lexicon."""
    if tok in _LEXICON_SET:
        return tok
    if any(c in _MASKS for c in tok):
        return _unmask(tok)
    if _STRETCH.search(tok):
        return _unstretch(tok)
    return tok


@lru_cache(maxsize=1024)
def _mask_pattern(tok: str) -> re.Pattern[str] | None:
    visible = sum(c.isalpha() for c in tok)
    if visible == 0 or not tok[0].isalpha():
        return None
    return re.compile("".join("[a-z]" if c in _MASKS else re.escape(c) for c in tok))


def _unmask(tok: str) -> str:
    core = tok.rstrip("!")
    pat = _mask_pattern(core)
    if pat is None:
        return tok
    for word in LEXICON:
        if len(word) == len(core) and pat.fullmatch(word):
            return word + tok[len(core) :]
    return tok


def _unstretch(tok: str) -> str:
    two = _STRETCH.sub(r"\1\1", tok)
    if two in _LEXICON_SET:
        return two
    one = _STRETCH.sub(r"\1", tok)
    if one in _LEXICON_SET:
        return one
    squeezed = re.sub(r"([a-z])\1+", r"\1", tok)
    return squeezed if squeezed in _LEXICON_SET else two


_NEEDS_REWRITE = re.compile(r"[0-9@$!|+€£*#%]|([a-z])\1\1")
_SEP = r"\s\"'()\[\]{}<>,;:?.~^&=/\\-"
# A ``_WORDISH`` token that holds a leet or mask character or a tripled letter: only those can
# be rewritten (alphabetic tokens without stretching, and tokens with no such character, are
# left alone by ``_rewrite_token``), so the others are never visited.
_CANDIDATE = re.compile(rf"(?<![^{_SEP}])[^{_SEP}]*?(?:[0-9@$!|+€£*#%]|([a-z])\1\1)[^{_SEP}]*")


def _rewrite_token_uncached(tok: str) -> str:
    new = _resolve_token(_deleet_token(tok))
    if new != tok and len(new) != len(tok) and any(c in _MASKS for c in tok):
        return tok  # masks resolve only to words of the same length
    return new


#: Bounded by count, so by memory too (tokens are at most 64 characters): about 1 MB when full.
_rewrite_token_cached = lru_cache(maxsize=8192)(_rewrite_token_uncached)


def _rewrite_token(tok: str) -> str:
    """Leetspeak, masks and stretching undone in one token (a pure function, hence cached)."""
    return _rewrite_token_cached(tok) if len(tok) <= 64 else _rewrite_token_uncached(tok)


# What ``str.isspace`` (and so ``\s``) takes for a space.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The characters that end a ``_CANDIDATE`` token: ``_SEP``.
_SEP_CHARS = frozenset(_SPACES + "\"'()[]{}<>,;:?.~^&=/\\-")
_TOKEN_REST = re.compile(rf"[^{_SEP}]*")


def _candidates(text: str) -> Iterator[tuple[int, int]]:
    """What ``_CANDIDATE.finditer`` finds, as ``(begin, end)``: each token holding a leet or mask
    character or a tripled letter, whole. Found from the characters themselves
    (``_NEEDS_REWRITE``, one quick search each) widened to their token, instead of trying the
    token pattern at every position of the text."""
    search, rest = _NEEDS_REWRITE.search, _TOKEN_REST.match
    m = search(text)
    while m is not None:
        begin = m.start()
        while begin and text[begin - 1] not in _SEP_CHARS:
            begin -= 1
        end = rest(text, m.end()).end()  # type: ignore[union-attr]  # matches the empty string
        yield begin, end
        m = search(text, end)


def _token_edits(text: str) -> list[tuple[int, int, str]]:
    """Per-token rewrites ``(begin, end, new)``, outside URLs and e-mail addresses."""
    protected: list[tuple[int, int]] | None = None
    edits = []
    for begin, end in _candidates(text):
        tok = text[begin:end]
        new = _rewrite_token(tok)
        if new == tok:
            continue
        if protected is None:
            protected = _protected(text)
        if protected and _inside(protected, begin, end):
            continue
        edits.append((begin, end, new))
    return edits


def _replace_same_length(text: str, edits: list[tuple[int, int, str]]) -> str:
    parts: list[str] = []
    at = 0
    for b, e, new in edits:
        parts += (text[at:b], new)
        at = e
    parts.append(text[at:])
    return "".join(parts)


def _splice_tokens(buf: _Buffer, edits: list[tuple[int, int, str]]) -> None:
    """Apply per-token rewrites; shorter rewrites (unstretching) drop repeated letters."""
    for b, e, new in sorted(edits, reverse=True):
        if len(new) == e - b:
            buf.chars[b:e] = list(new)
            continue
        old = buf.chars[b:e]
        keep = _alignment(old, new)
        begins = [buf.begins[b + i] for i in keep]
        ends = [buf.ends[b + i] for i in keep]
        if begins:
            begins[0] = buf.begins[b]
            ends[-1] = buf.ends[e - 1]
            for k in range(len(keep) - 1):
                ends[k] = buf.begins[b + keep[k + 1]]
        buf.chars[b:e] = list(new)
        buf.begins[b:e] = begins
        buf.ends[b:e] = ends


def _alignment(old: list[str], new: str) -> list[int]:
    """For each character of ``new`` (a squeezed ``old``), the index in ``old`` it came from."""
    keep: list[int] = []
    i = 0
    for c in new:
        while i < len(old) and old[i] != c and i < len(old) - 1:
            i += 1
        keep.append(min(i, len(old) - 1))
        i += 1
    if len(keep) != len(new):
        return [min(k, len(old) - 1) for k in range(len(new))]
    return keep


def _normalize_uncached(text: str) -> Normalized:
    folded, begins, ends = _fold(text)
    runs = _spaced_runs(folded)
    if runs:
        buf = _Buffer.of(folded, begins, ends)
        _join_spaced(buf, runs)
        folded, begins, ends = buf.text, buf.begins, buf.ends
    edits = _token_edits(folded)
    if edits and all(len(new) == e - b for b, e, new in edits):
        folded = _replace_same_length(folded, edits)  # the map is unchanged
    elif edits:
        buf = _Buffer.of(folded, begins, ends)
        _splice_tokens(buf, edits)
        folded, begins, ends = buf.text, buf.begins, buf.ends
    return Normalized(folded, begins, ends, text)


#: The same text is normalised by several phases of one request, seldom across requests: a few
#: hundred entries serve that, and a full cache stays small (an entry keeps its character map).
_normalize_cached = lru_cache(maxsize=256)(_normalize_uncached)


def normalize(text: str) -> Normalized:
    """Return ``text`` with obfuscation undone and a character map back to ``text``.

    The result is lower case; a stretch of the original that was rewritten (``$h1t``) maps
    character by character, one that was shortened (``fuuuck``) maps as a whole.
    """
    if len(text) > 2000:
        return _normalize_uncached(text)
    return _normalize_cached(text)


def words(norm: Normalized | str) -> list[tuple[int, int, str]]:
    """Word tokens of normalised text as ``(begin, end, word)`` in normalised offsets."""
    text = norm.text if isinstance(norm, Normalized) else norm
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


class TermMatcher:
    """Whole-word matching of a fixed list of terms (words or phrases) in normalised text.

    A term matches a run of words equal to it after normalisation; a stretched word matches
    when it squeezes to the term and is no shorter (``fuuck`` matches ``fuck``, ``as`` does
    not match ``ass``); a word still masked (``w**d``) matches a term of the same length that
    agrees on every visible letter, if at least half of its letters are visible.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self._exact: dict[tuple[str, ...], str] = {}
        self._squeezed: dict[tuple[str, ...], str] = {}
        self.max_words = 1
        for term in terms:
            key = tuple(w for _, _, w in words(normalize(term)))
            if not key:
                continue
            self._exact.setdefault(key, term)
            self._squeezed.setdefault(tuple(_squeeze(w) for w in key), term)
            self.max_words = max(self.max_words, len(key))

    def find(self, norm: Normalized) -> list[tuple[int, int, str]]:
        """Matches as ``(begin, end, term)`` in ORIGINAL offsets, left to right, no overlaps."""
        toks = words(norm)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(toks):
            hit = self._match_at(toks, i)
            if hit is None:
                i += 1
                continue
            n, term = hit
            found.append((*norm.to_original(toks[i][0], toks[i + n - 1][1]), term))
            i += n
        return found

    def _match_at(self, toks: Sequence[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        for n in range(min(self.max_words, len(toks) - i), 0, -1):
            key = tuple(t[2] for t in toks[i : i + n])
            term = self._exact.get(key)
            if term is None:
                term = self._fuzzy(key)
            if term is not None:
                return n, term
        return None

    def _fuzzy(self, key: tuple[str, ...]) -> str | None:
        term = self._squeezed.get(tuple(_squeeze(w) for w in key))
        if term is not None:
            want = next(k for k in self._exact if self._exact[k] == term)
            if all(len(a) >= len(b) for a, b in zip(key, want, strict=True)):
                return term
        if any("*" in w for w in key):
            return self._masked(key)
        return None

    def _masked(self, key: tuple[str, ...]) -> str | None:
        for want, term in self._exact.items():
            if len(want) == len(key) and all(_mask_agrees(a, b) for a, b in zip(key, want, strict=True)):
                return term
        return None


def _mask_agrees(masked: str, word: str) -> bool:
    if len(masked) != len(word):
        return False
    if "*" not in masked:
        return masked == word
    visible = sum(c != "*" for c in masked)
    if visible * 2 < len(masked) or masked[0] == "*":
        return False
    return all(a == "*" or a == b for a, b in zip(masked, word, strict=True))


@lru_cache(maxsize=64)
def _matcher(terms: tuple[str, ...]) -> TermMatcher:
    return TermMatcher(terms)


def find_terms(norm: Normalized | str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Find whole-word ``terms`` in a text (or its ``Normalized``); spans in ORIGINAL offsets.

    For a long or changing term list build one ``TermMatcher`` and call ``find`` on it.
    """
    if isinstance(norm, str):
        norm = normalize(norm)
    return _matcher(tuple(terms)).find(norm)
