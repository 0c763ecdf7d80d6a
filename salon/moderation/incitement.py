"""Incitement and dehumanisation aimed at groups of people, found by patterns over normalised text.

``threats`` needs a pronoun or a listed person noun before a violent verb, so "The Armenians
should all be killed" or "all of them are to be shot" pass it.  These patterns take a group
(``salon.moderation.groups``: nationalities, peoples, religions, other protected groups) or a
collective pronoun ("all of them", "every last one of them") as the target, in six families,
and a seventh aimed at one side's fighters or followers rather than a protected group:

- ``violence``: calls to kill or harm a group, active, modal, normative or passive;
- ``glee``: rejoicing at a group's deaths ("good, more of them got killed", "one less Kurd");
- ``expel``: calls to expel ("go back where you came from", "Muslims out!");
- ``dehumanise``: a group likened to vermin, animals, disease or filth ("X are a cancer");
- ``name``: compound slurs and insulting spellings of a person's name ("Obummer", "jewfuck");
- ``hatred``: hatred of a group said outright ("I despise X", "X make me sick");
- ``degrade``: fighters, troops or followers likened to vermin ("the militia fighters are vermin"):
  an insult, not an identity attack.

Civil uses stay quiet: history and news ("Armenians were killed in 1915": no call, no modal),
reporting, quoting or condemning ("calling Jews vermin is disgusting"), a policy argument about a
legal status ("illegal immigrants should be deported under the law"), sport ("the Brazilians
were wiped out in the semi-final"), pests ("rats are vermin") and negation ("no one should be
shot for their religion").  docs/moderation.md lists the families and their civil counterparts.

``detect(normalized)`` returns threat, severe-toxicity, identity-attack, insult and toxicity
scores and word-aligned spans in ORIGINAL offsets.  Most texts have none of the trigger words
and skip every regex but one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from salon.moderation.classifiers.base import Span
from salon.moderation.groups import GROUP_HEAD, GROUP_SINGULAR, HEAD_WORDS, MENTION, quantified, target_kind
from salon.moderation.incitement_patterns import (
    CATEGORIES,
    PATTERNS,
    Pattern,
    prefixes,
    triggered,
    words_of,
)
from salon.moderation.incitement_words import (
    ACT_SPORTY,
    ACT_STRONG,
    COMMON_STEMS,
    COMPOUND_SEARCH,
    NAME_COMPOUND,
)
from salon.moderation.normalize import LEXICON, Normalized, normalize
from salon.moderation.quotes import quoted
from salon.moderation.reclaimed import claimed
from salon.moderation.threats import negated

__all__ = ["PATTERNS", "IncitementResult", "Pattern", "detect", "detect_text"]

# -- context -------------------------------------------------------------------------------------

_REPORT_BEFORE = re.compile(
    r"\b(?:(?<!\bi )(?<!\bwe )(?:said|says|say)|claimed|claims|wrote|writes|tweeted|posted|argued|"
    r"argues|suggested|suggests|insisted|insists|declared|chanted|chanting|shouted|shouting|yelled|"
    r"screamed|telling|calling|called|calls|saying|labelled|labeled|branded|describing|described|"
    r"compared|comparing|accused \w+ of|propaganda|slogans?|rhetoric|banners?|signs? reading|"
    r"(?:the|a|an|this|that) (?:idea|claim|notion|view|belief|argument|lie|myth|trope|stereotype|"
    r"canard|falsehood|conspiracy theory|prejudice|assumption|smear) that|"
    r"(?:people|those|anyone|someone) who (?:think|thinks|say|says|believe|believes|write|writes)|"
    r"wants to|wanted to|plans to|planned to|tried to|threatened to|vowed to|promised to|aims to|"
    r"intends to|sought to|(?<!only one who )(?:believes|thinks)|"
    r"(?:you|he|she|they) (?:agree|agrees|suggest|suggests|"
    r"are saying|re saying|is saying|s saying) that|for (?:writing|saying|posting|tweeting|suggesting)|"
    r"do you (?:really )?think|"
    r"does anyone (?:really )?think|"
    r"how can (?:anyone|you|people) (?:say|think|believe)|stop|stopped|prevent|against|oppose|"
    r"condemn\w*|denounc\w*|reject\w*)\b"
)
_CONDEMN = (
    r"disgusting|vile|wrong|racist|racism|hateful|hate|unacceptable|abhorrent|shameful|evil|sick|"
    r"sickening|appalling|horrifying|horrific|dehumani[sz]ing|genocidal|bigoted|bigotry|monstrous|"
    r"inexcusable|despicable|horrible|terrible|awful|a lie|false|nonsense|incitement|a crime|illegal|"
    r"antisemitic|anti-semitic|islamophobic|xenophobic|homophobic|transphobic|fascist|nazi|propaganda|"
    r"dangerous|hate speech|not (?:ok|okay|acceptable|fine|normal|right)|never (?:ok|okay|acceptable)"
)
_FRAMED_AFTER = re.compile(
    r"[^.!?]{0,60}?\b(?:(?:is|are|was|were|be|it's|its|that's|thats|this is|sounds|seems|remains)"
    rf" (?:(?:so|just|utterly|absolutely|deeply|truly|plainly|simply|clearly|pure|really|very|"
    rf"completely|totally|always|still) )*(?:{_CONDEMN})|(?:chanted|shouted|written|painted|sprayed|"
    r"heard) (?:by|at|on|in)|(?:he|she|they|officials|police|witnesses|analysts|reports?|the \w+) "
    r"(?:said|says|say|warned|warns|claimed|claims|reported|reports|wrote)|according to|"
    r"(?:when|once|after|as soon as) (?:it is|it's|the war|the conflict|things|peace|their)"
    r")\b"
)
_SPORT = re.compile(
    r"\b(?:match|matches|game|games|final|finals|semi|semis|semifinal|semi-final|quarterfinal|"
    r"quarter-final|league|cup|tournament|team|squad|goals?|season|championship|penalty|penalties|"
    r"pitch|innings|derby|fixture|olympics|medal|scored|scoreline|qualifier|knockout|football|"
    r"soccer|rugby|cricket|hockey|basketball|baseball|tennis|volleyball|handball|nil|striker|"
    r"keeper|referee|ref|playoffs?|world cup|euros|kick-off|kickoff|fans|supporters)\b|\d+ ?[-:] ?\d+"
)
# Words that sport uses figuratively; a match with one of them is silenced by a sport context
# unless it also has a word sport never uses.
_SPORTY = re.compile(
    rf"\b(?:{ACT_SPORTY}|kill|shoot|destroy|slaughter|massacre|annihilate|murder|butcher|eliminate|"
    r"execute|wipe out|trash|garbage|animals?|dogs?|pigs?|beasts?|out|go home|get out|go back|kick|"
    r"throw|dead|died|die)\b"
)
_NEVER_SPORT = re.compile(rf"\b{ACT_STRONG}\b|\b(?:gas|exterminate|sterili[sz]e|lynch|vermin|subhuman)")
_INSIDE_NEGATION = re.compile(
    r"\b(?:not|never|no|none|nobody|no one|noone|n't|survived|wasn't|weren't)\b|n't\b"
)
_NAMED = re.compile(rf"\b(?:{GROUP_HEAD}|{GROUP_SINGULAR})")
_DEATH_CONTEXT = re.compile(
    r"\b(?:killed|dead|died|dies|death|deaths|shot|bombed|massacre\w*|drowned|executed|murdered|"
    r"slaughtered|explosion|blast|attack|airstrikes?|strikes?|crash|fire|burned|gunned|casualties|"
    r"victims|bodies|genocide|blown up|blown to bits|drowning|sank|capsized|famine|starving|earthquake)\b"
)


@dataclass(frozen=True)
class IncitementResult:
    """What the patterns found: scores in [0, 1] and spans in original offsets."""

    threat: float = 0.0
    severe: float = 0.0
    identity: float = 0.0
    spans: list[Span] = field(default_factory=list)
    insult: float = 0.0
    toxicity: float = 0.0


_EMPTY = IncitementResult()


def _named_near(text: str, begin: int, end: int) -> bool:
    """A group is named in the 100 characters before the match or the 60 after it: near enough
    for a pronoun to point at it ("… they are just Muslims after all")."""
    return MENTION.search(text, max(0, begin - 100), min(len(text), end + 60)) is not None


def _framed(text: str, begin: int, end: int, negation: bool = True) -> bool:
    """True when the match is negated (if a negation can excuse it: ``negation``), quoted,
    reported or condemned rather than meant."""
    if (negation and negated(text, begin)) or quoted(text, begin):
        return True
    start = max(text.rfind(".", 0, begin), text.rfind("!", 0, begin), text.rfind("?", 0, begin)) + 1
    if _REPORT_BEFORE.search(text, max(start, begin - 100), begin):
        return True
    return bool(_FRAMED_AFTER.match(text, end))


class _Context:
    """Facts about the whole text, each computed at most once and only when a match asks."""

    __slots__ = ("_death", "_mention", "_sport", "grouped", "text")

    def __init__(self, text: str, grouped: bool) -> None:
        self.text = text
        self.grouped = grouped
        self._mention: bool | None = None
        self._sport: bool | None = None
        self._death: bool | None = None

    @property
    def mention(self) -> bool:
        if self._mention is None:
            self._mention = self.grouped and MENTION.search(self.text) is not None
        return self._mention

    @property
    def sport(self) -> bool:
        if self._sport is None:
            self._sport = _SPORT.search(self.text) is not None
        return self._sport

    @property
    def death(self) -> bool:
        if self._death is None:
            self._death = _DEATH_CONTEXT.search(self.text) is not None
        return self._death


_SHOOT = re.compile(r"\bshoot\b")
_PHOTO = re.compile(
    r"\b(?:portraits?|photos?|photographs?|photo ?shoots?|pictures?|films?|movies?|videos?|weddings?|"
    r"albums?|magazines?|cameras?|photographers?|documentary|headshots?|selfies?)\b"
)


def _holds(pat: Pattern, said: str, ctx: _Context) -> bool:
    """Whether a match of ``pat`` (its text ``said``) is incitement, given the whole text."""
    negatable = pat.family in ("violence", "glee", "degrade") and not pat.negation_inside
    if negatable and _INSIDE_NEGATION.search(said):
        return False
    if pat.family != "name" and ctx.sport and _SPORTY.search(said) and not _NEVER_SPORT.search(said):
        return False
    if pat.family == "violence" and _SHOOT.search(said) and _PHOTO.search(ctx.text):
        return False  # "I'll shoot the next gay couple who asks me for a wedding album"
    if pat.family == "expel" and pat.group:
        kind = target_kind(said)
        if kind == "legal" or (kind == "status" and pat.name != "group-out" and not quantified(said)):
            return False
    return True


def _candidates(text: str, pre: set[str], ctx: _Context) -> list[Pattern]:
    out = []
    for pat in triggered(pre, ctx.grouped):
        if pat.substrings and not any(sub in text for sub in pat.substrings):
            continue
        if not pat.passes(pre):
            continue
        if "group" in pat.context and not ctx.mention:
            continue
        if "death" in pat.context and not ctx.death:
            continue
        out.append(pat)
    return out


def _windows(text: str, heads: set[str]) -> list[tuple[int, int]]:
    """The sentences that name a group (each from the end of the sentence before it, so that
    "[.!?] " starts still match), merged: patterns with a group in them run only there."""
    found = []
    n = len(text)
    for head in heads:
        i = text.find(head)
        while i >= 0:
            j = i + len(head)
            if (i == 0 or not text[i - 1].isalpha()) and (j == n or not text[j].isalpha()):
                begin = max(text.rfind(".", 0, i), text.rfind("!", 0, i), text.rfind("?", 0, i), 0)
                ends = [k for k in (text.find(".", j), text.find("!", j), text.find("?", j)) if k >= 0]
                found.append((begin, min(ends) + 1 if ends else n))
            i = text.find(head, j)
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(found):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _finditer(pat: Pattern, text: str, windows: list[tuple[int, int]] | None) -> Iterator[re.Match[str]]:
    if windows is None:
        yield from pat.regex.finditer(text)
        return
    for begin, end in windows:
        yield from pat.regex.finditer(text, begin, end)


def _span(norm: Normalized, begin: int, end: int, cats: tuple[str, ...], score: float) -> Span:
    return Span(*norm.to_original(begin, end), cats, score)


def _name_compounds(norm: Normalized) -> list[Span]:
    """Capitalised names fused with an obscenity ("Trumpshit"), not at the start of a sentence."""
    spans = []
    for m in NAME_COMPOUND.finditer(norm.text):
        if m.group(1) in COMMON_STEMS or m.group(0) in LEXICON:
            continue
        b, e = norm.to_original(m.start(), m.end())
        said = norm.original[b:e]
        before = norm.original[:b].rstrip()
        if not said[:1].isupper() or said.isupper() or not before or before[-1] in ".!?":
            continue
        spans.append(Span(b, e, ("insult",), 0.75))
    return spans


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.begin, -s.end)):
        if out and s.begin < out[-1].end:
            last = out[-1]
            cats = tuple(dict.fromkeys(last.categories + s.categories))
            out[-1] = Span(last.begin, max(last.end, s.end), cats, max(last.score, s.score))
        else:
            out.append(s)
    return out


def detect(norm: Normalized, tokens: Sequence[str] | None = None) -> IncitementResult:
    """Find incitement against groups in normalised text; the strongest match sets each score.
    ``tokens``: the text's words as the linear stage found them, if at hand (``words_of``)."""
    text = norm.text
    compound = COMPOUND_SEARCH.search(text) is not None
    words = words_of(text, tokens)
    pre = prefixes(words)
    ctx = _Context(text, not HEAD_WORDS.isdisjoint(words))
    candidates = _candidates(text, pre, ctx)
    if not candidates and not compound:
        return _EMPTY
    threat = severe = identity = insult = toxicity = 0.0
    spans: list[Span] = []
    windows: list[tuple[int, int]] | None = None
    for pat in candidates:
        if pat.group and windows is None:
            windows = _windows(text, words.intersection(HEAD_WORDS))
        for m in _finditer(pat, text, windows if pat.group else None):
            if pat.before and not pat.before.search(text, max(0, m.start() - 80), m.start()):
                continue
            said = m.group(0)
            begin = m.start() + len(said) - len(said.lstrip(" .!?:;,"))
            said = text[begin : m.end()]
            if not said or _framed(text, begin, m.end(), pat.excused_by_negation):
                continue
            if not _holds(pat, said, ctx):
                continue
            if pat.family == "slur" and claimed(text, begin, m.end()):
                continue
            if pat.context == "near-group" and not _named_near(text, begin, m.end()):
                continue  # "they" far from the group: it may be anyone
            ident = pat.identity
            if pat.family in ("violence", "glee") and not ctx.mention and not _NAMED.search(said):
                ident = min(ident, 0.7)  # "all of them": a collective, no group named
            threat, severe = max(threat, pat.threat), max(severe, pat.severe)
            identity, insult = max(identity, ident), max(insult, pat.insult)
            toxicity = max(toxicity, pat.toxicity)
            cats = CATEGORIES[pat.family] + (("identity_attack",) if pat.family == "name" and ident else ())
            score = max(pat.threat, ident, pat.insult, pat.toxicity if pat.family == "dehumanise" else 0.0)
            spans.append(_span(norm, begin, m.end(), cats, score))
    if compound:
        found = _name_compounds(norm)
        if found:
            insult, toxicity = max(insult, 0.75), max(toxicity, 0.7)
            spans += found
    if not spans:
        return _EMPTY
    return IncitementResult(threat, severe, identity, _merge(spans), insult, toxicity)


def detect_text(text: str) -> IncitementResult:
    """``detect`` on a raw text."""
    return detect(normalize(text))
