"""Frames a bag of words cannot see, as per-word multipliers of the abuse heads' evidence.

A word after a negator ("you are not an idiot"), inside quotation marks (double, or single
quotes used as such: ``quotes.quoted``), in a sentence that condemns a way of speaking
("calling people X is disgusting"), a swear word aimed at nobody ("fuck, the ferry is late
again"), scorn for a thing ("this printer is a useless piece of junk") and a number count for
less on the heads in ``DAMPED_HEADS``; profanity and spam are never damped. Both stages read
the multipliers (``linear.Prepared``).
Also here: how a normalised text splits into sentences and addresses, which both stages' sentence
rules and the counter-speech test share.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from salon.moderation import groups
from salon.moderation.incitement_words import CONTEMPT_NOUNS, SOFT_INSULT_NOUNS, TRAIT_NOUNS
from salon.moderation.quotes import stretches
from salon.moderation.reclaimed import RECLAIMABLE, claimed
from salon.moderation.threats import literal_regex

__all__ = [
    "DAMPED_HEADS",
    "SENTENCE",
    "context_damping",
    "damping_of",
    "may_damp",
    "number_damping",
    "numbers_only",
    "sentence_ends",
    "text_damping",
]

#: Heads whose evidence is damped inside negation, quotation and counter-speech; profanity and
#: spam are not (a quoted swear word is still on the page).
DAMPED_HEADS = ("toxicity", "severe_toxicity", "identity_attack", "insult")
_NEGATORS = frozenset(
    (
        "not",
        "no",
        "never",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "nobody",
        "noone",
        "nothing",
        "neither",
        "nor",
        "hardly",
        "cannot",
        "can't",
        "won't",
        "wouldn't",
        "shouldn't",
    )
)
_NEGATION_REACH = 3
#: Good words whose negation is a slight, not a retraction ("never respect", "not equal").
_GOOD = frozenset(
    (
        "respect",
        "respected",
        "trust",
        "trusted",
        "like",
        "love",
        "loved",
        "accept",
        "accepted",
        "welcome",
        "tolerate",
        "hire",
        "deserve",
        "deserves",
        "matter",
        "matters",
        "equal",
        "equals",
        "worth",
        "human",
        "humans",
        "belong",
        "intelligent",
        "smart",
        "capable",
    )
)
#: Words of attack (what is said of a group to demean it) whose negation takes the attack back
#: and, with it, the naming of the group in the clause: "Muslims are not criminals".
_NEGATIVE_WORDS = """stupid stupider dumb idiots idiotic morons lazy dirty disgusting evil criminals criminal
    dangerous inferior violent dishonest liars thieves terrorists worthless ugly filthy greedy
    selfish cowards pathetic vile nasty gross repulsive revolting useless sick crazy ignorant
    backward primitive savage savages terrible horrible awful monsters monstrous rapists
    paedophiles pedophiles perverts deviants degenerate degenerates wicked cruel hateful threat
    problem enemy enemies burden vermin rats rodents cockroaches roaches insects lice maggots
    leeches parasites locusts pests animals beasts apes monkeys pigs dogs snakes scum filth
    garbage trash subhuman subhumans disease diseases plague cancer virus infestation"""
_NEGATIVE = frozenset(_NEGATIVE_WORDS.split())
_NEGATION_DAMP = 0.3
_QUOTE_DAMP = 0.5
_COUNTER_DAMP = 0.3
_UNAIMED_DAMP = 0.3
_CLAIMED_DAMP = 0.15
#: Swear words that say how the writer feels, not what someone is ("fuck, the ferry is late").
#: Insults and slurs are not here: they name a target by themselves.
_SWEARS = frozenset(
    [
        "fuck",
        "fucks",
        "fucking",
        "fuckin",
        "fucked",
        "motherfucking",
        "shit",
        "shits",
        "shitty",
        "bullshit",
        "holy",
        "damn",
        "damned",
        "goddamn",
        "goddamned",
        "hell",
        "crap",
        "crappy",
        "bloody",
        "piss",
        "pissed",
        "frigging",
        "freaking",
        "christ",
        "jesus",
    ]
)
#: Words that aim a sentence's swearing at someone: the reader, a person, people, or a
#: listener told off ("fuck off", "shut the fuck up").
_AIMING = frozenset(
    [
        "you",
        "your",
        "yours",
        "you're",
        "youre",
        "u",
        "ur",
        "ya",
        "ye",
        "yourself",
        "yourselves",
        "he",
        "she",
        "him",
        "her",
        "his",
        "they",
        "them",
        "their",
        "theirs",
        "himself",
        "herself",
        "themselves",
        "off",
        "up",
        "people",
        "guy",
        "guys",
        "man",
        "men",
        "woman",
        "women",
        "person",
        "folks",
        "everyone",
        "everybody",
        "anyone",
        "idiot",
        "idiots",
    ]
)
#: Things people scorn in plain words ("this printer is a useless piece of junk", "my router is a
#: brainless box of failure", "the army shot down a drone"): devices, software, vehicles,
#: aircraft, appliances, food, weather, objects of daily life. Not places, countries,
#: institutions or anything a group lives in or is.
_THING_WORDS = """
printer scanner laptop computer pc phone smartphone iphone tablet app software update website
browser router modem wifi keyboard mouse screen monitor tv television telly remote charger battery
cable headphones earbuds camera console controller fridge freezer oven microwave toaster kettle
dishwasher washer dryer machine vacuum hoover blender stove boiler heater radiator thermostat
car truck van bus train tram ferry plane flight bike bicycle scooter motorbike engine tyre tire
brakes elevator lift escalator door lock umbrella chair desk mattress sofa couch shoes boots
jacket zipper suitcase luggage ink pen password login inbox spreadsheet clock alarm weather rain
snow wind storm fog queue meal pizza burger sandwich coffee soup cake bread salad sauce steak
menu movie film sequel episode finale novel song album playlist puzzle quiz homework timetable
logo font printer-driver autocorrect algorithm chatbot gadget device appliance contraption
drone plane jet airliner missile rocket helicopter balloon satellite
"""
_THINGS = frozenset(_THING_WORDS.split()) | frozenset(
    w + ("es" if w.endswith(("s", "sh", "ch", "x")) else "s") for w in _THING_WORDS.split()
)
#: Nouns of scorn for people: a sentence with one is aimed at someone ("this app was written by a
#: useless moron").
_SCORN_STEMS = frozenset(
    w.split("_")[-1].removesuffix("s") for w in (*CONTEMPT_NOUNS, *SOFT_INSULT_NOUNS, *TRAIT_NOUNS)
)
_PERSON_SCORN = _SCORN_STEMS | frozenset(w + "s" for w in _SCORN_STEMS)
#: People a sentence about a thing may name besides those ``_AIMING`` lists ("typical female, too
#: stupid to park a car").
_THING_USERS = frozenset(
    [
        "female",
        "females",
        "male",
        "males",
        "girl",
        "girls",
        "boy",
        "boys",
        "lady",
        "ladies",
        "kid",
        "kids",
        "child",
        "children",
        "driver",
        "drivers",
        "owner",
        "owners",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "someone",
        "somebody",
        "whoever",
        "anybody",
        "anyone",
    ]
)
#: Words before a thing that make it the thing talked about ("this app", "my old laptop", "a
#: drone").
_THING_DETERMINERS = frozenset(["this", "that", "these", "those", "my", "our", "the", "a", "an"])
#: After a swearing verb, words that keep it an exclamation ("fuck it", "fuck me", "fuck this",
#: "fuck my life").
_EXCLAIMED = frozenset(["it", "this", "that", "me", "my", "sake", "yeah", "yes", "no"])
#: Before a swearing verb, words that make it a noun, not a verb with an object ("what the fuck
#: happened to the price of butter").
_NOUN_MAKERS = frozenset(["the"])
_SWEAR_VERBS = frozenset(("fuck",))
_CLAUSE_BREAK = re.compile(r"[.,;:!?()]|\bbut\b")
_SPEECH_WORDS = (
    "call|calls|calling|called|say|says|saying|said|use|uses|using|word|words|"
    "term|terms|slur|slurs|label|labels|labelling|labeling|name|names"
)
_CONDEMN_WORDS = (
    "disgusting|wrong|unacceptable|not ok|not okay|racist|sexist|hateful|"
    "offensive|bigoted|bigotry|shameful|vile|appalling|stop|never|don't|shouldn't|"
    "should not|is not acceptable|isn't acceptable|hurtful|dehumanising|dehumanizing|disgraceful|"
    "abhorrent|despicable|sickening|outrageous|inexcusable|indefensible|deplorable"
)
# Only ever asked whether they occur, so each alternation is factored (``literal_regex``): the
# same texts match, and most positions are rejected on their first character.
_SPEECH = re.compile(r"\b(?:" + literal_regex(_SPEECH_WORDS.split("|")) + r")\b")
_CONDEMN = re.compile(r"\b(?:" + literal_regex(_CONDEMN_WORDS.split("|")) + r")\b")
#: A sentence: text up to and including its closing punctuation or line break.
SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
#: A sentence opened by one or two words and a comma: the writer addressing someone.
_ADDRESS = re.compile(r"\s*(?:[a-z0-9*']+\s+)?[a-z0-9*']+\s*,")


def sentence_ends(text: str) -> list[int]:
    """Where each sentence of a normalised text ends; a word or two and a comma opening a
    sentence ("moron, the treaty …", "well, …") end a piece of their own: an address."""
    ends = []
    find = text.find
    for m in SENTENCE.finditer(text):
        if m.group(0).isspace():
            continue
        begin, end = m.span()
        # An address ends with a comma before the sentence's end: none, no address.
        if find(",", begin, end) >= 0:
            address = _ADDRESS.match(text, begin)
            if address and address.end() < end:
                ends.append(address.end())
        ends.append(end)
    return ends


def may_damp(text: str, names: list[str]) -> bool:
    """The cheap test ``context_damping`` starts with: quotes, a negator, a swear word, a number
    or a speech verb."""
    return (
        '"' in text
        or " '" in text
        or text.startswith("'")
        or not _NEGATORS.isdisjoint(names)
        or not _SWEARS.isdisjoint(names)
        or any(map(str.isdigit, names))
        or bool(_SPEECH.search(text))
        or not RECLAIMABLE.isdisjoint(names)
        or not _THINGS.isdisjoint(names)
    )


def context_damping(text: str, words: Sequence[tuple[int, int, str]]) -> list[float] | None:
    """Per-word multipliers for the abuse heads, or None when nothing is damped.

    Words up to three after a negator in the same clause ("you are not an idiot"), words inside
    quotation marks, every word of a sentence that condemns a way of speaking ("calling people
    X is disgusting"), and swear words in a sentence that aims them at nobody ("fuck, the ferry
    is cancelled again") count for less: the model is a bag of words and cannot see that frame.
    Numbers count for nothing on the abuse heads (a year, a score, "Top 48").
    """
    if not may_damp(text, [w for _, _, w in words]):
        return None
    return damping_of(text, words)


def damping_of(text: str, words: Sequence[tuple[int, int, str]]) -> list[float] | None:
    """``context_damping`` for a text that ``may_damp`` already let through."""
    names = [w for _, _, w in words]
    negated, swears = not _NEGATORS.isdisjoint(names), not _SWEARS.isdisjoint(names)
    return _damping(text, words, names, negated, swears, _SPEECH.search(text) is not None)


def text_damping(
    text: str, names: list[str], words: Callable[[], Sequence[tuple[int, int, str]]]
) -> list[float] | None:
    """``context_damping`` for a text whose words (``names``) are known, their offsets found by
    ``words()`` only when a frame needs them: ``may_damp``, ``numbers_only``, ``number_damping``
    and ``damping_of`` in one, each test made once."""
    negated, swears = not _NEGATORS.isdisjoint(names), not _SWEARS.isdisjoint(names)
    speech = _SPEECH.search(text) is not None
    double, single = '"' in text, "'" in text
    claimed = not RECLAIMABLE.isdisjoint(names)
    things = not _THINGS.isdisjoint(names)
    if not (negated or swears or speech or double or claimed or things):
        quoting = single and (" '" in text or text.startswith("'"))
        if not quoting and not any(map(str.isdigit, names)):
            return None  # not ``may_damp``
        if not single:  # ``numbers_only``
            return number_damping(names)
    return _damping(text, words(), names, negated, swears, speech)


def _damping(
    text: str,
    words: Sequence[tuple[int, int, str]],
    names: list[str],
    negated: bool,
    swears: bool,
    speech: bool,
) -> list[float] | None:
    damp = [1.0] * len(words)
    if negated:
        _damp_negation(text, words, damp)
    if speech and _CONDEMN.search(text):  # else no sentence has both
        _damp_counter_speech(text, words, damp)
    _damp_quotes(text, words, damp)
    if swears:
        _damp_unaimed_swearing(text, words, damp)
    if not RECLAIMABLE.isdisjoint(names):
        _damp_claimed(text, words, damp)
    if not _THINGS.isdisjoint(names):
        _damp_scorned_things(text, words, damp)
    if any(map(str.isdigit, names)):
        for k, w in enumerate(names):
            if w.isdigit():  # a number is nobody's insult: what a few training texts paired it with
                damp[k] = 0.0
    return damp if damp and min(damp) < 1.0 else None


def numbers_only(text: str, names: list[str]) -> bool:
    """Whether, of ``damping_of``'s frames, only numbers can damp this text (no quotation mark or
    apostrophe, negator, swear word, speech verb, claimed word or thing): then
    ``number_damping`` gives its result without the words' offsets."""
    return (
        '"' not in text
        and "'" not in text
        and _NEGATORS.isdisjoint(names)
        and _SWEARS.isdisjoint(names)
        and not _SPEECH.search(text)
        and RECLAIMABLE.isdisjoint(names)
        and _THINGS.isdisjoint(names)
    )


def number_damping(names: list[str]) -> list[float] | None:
    """``damping_of`` for a text that ``numbers_only`` let through: its numbers count for nothing."""
    damp = [0.0 if w.isdigit() else 1.0 for w in names]
    return damp if damp and min(damp) < 1.0 else None


def _damp_negation(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    """Words up to three after a negator in its clause: "not an idiot" takes back the insult.
    A negated good word is not a taken-back insult but a slight ("I will never respect Kurds",
    "Jews are not equal to us"): such a negation damps nothing. A negated word of attack
    (``_NEGATIVE``) takes back the naming too: the group named before it in the clause is damped
    with it ("Muslims are not criminals"), or the name alone would hold the sentence."""
    for k in [k for k, word in enumerate(words) if word[2] in _NEGATORS]:
        end = words[k][1]
        reach = []
        for j in range(k + 1, min(k + 1 + _NEGATION_REACH, len(words))):
            if _CLAUSE_BREAK.search(text, end, words[j][0]):
                break
            reach.append(j)
        said = [words[j][2] for j in reach]
        if not _GOOD.isdisjoint(said):
            continue
        for j in reach:
            damp[j] = min(damp[j], _NEGATION_DAMP)
        if _NEGATIVE.isdisjoint(said):
            continue
        for j in range(k - 1, -1, -1):
            if _CLAUSE_BREAK.search(text, words[j][1], words[j + 1][0]) or words[j][2] in _NEGATIVE:
                break  # another clause, or an attack said before the negation ("X are vermin and not …")
            if words[j][2] in groups.HEAD_WORDS:
                damp[j] = min(damp[j], _NEGATION_DAMP)


def _damp_claimed(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    """A reclaimable word the speaker claims for themself or their own (``reclaimed.claimed``)
    counts for little: a reclaimed word, not a slur aimed."""
    for k, (begin, end, w) in enumerate(words):
        if w in RECLAIMABLE and claimed(text, begin, end):
            damp[k] = min(damp[k], _CLAIMED_DAMP)


def _damp_quotes(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    """Quoted words count half, on top of any other frame: a quotation inside a sentence that
    condemns it ('he called her a "stupid bitch", that is unacceptable') is twice a mention."""
    if '"' not in text and "'" not in text:
        return
    spans = stretches(text)
    if not spans:
        return
    # The words ``inside`` a stretch (begin, end]: found by bisection, as words are in order.
    begins = [b for b, _, _ in words]
    hit: set[int] = set()
    for begin, end in spans:
        hit.update(range(bisect_right(begins, begin), bisect_right(begins, end)))
    for k in hit:
        damp[k] *= _QUOTE_DAMP


def _damp_counter_speech(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    begins = [b for b, _, _ in words]
    for m in SENTENCE.finditer(text):
        sentence = m.group(0)
        if not (_SPEECH.search(sentence) and _CONDEMN.search(sentence)):
            continue
        for k in range(bisect_left(begins, m.start()), bisect_left(begins, m.end())):
            damp[k] = min(damp[k], _COUNTER_DAMP)


def _damp_scorned_things(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    """Scorn for a thing: a sentence that talks about a thing ("this app", "my old laptop", "the
    bus") with nobody in it to aim at — no second or third person, person noun, noun of scorn
    or group — says
    how the writer feels about the thing ("this printer is a useless piece of junk"); its words
    count as swearing aimed at nobody does."""
    begins = [b for b, _, _ in words]
    for m in SENTENCE.finditer(text):
        inside = range(bisect_left(begins, m.start()), bisect_left(begins, m.end()))
        said = [words[k][2] for k in inside]
        talked_of = any(
            w in _THINGS and any(d in _THING_DETERMINERS for d in said[max(0, j - 3) : j])
            for j, w in enumerate(said)
        )
        if (
            not talked_of
            or not _AIMING.isdisjoint(said)
            or not groups.HEAD_WORDS.isdisjoint(said)
            or not _PERSON_SCORN.isdisjoint(said)
            or not _THING_USERS.isdisjoint(said)
        ):
            continue
        for k in inside:
            damp[k] = min(damp[k], _UNAIMED_DAMP)


def _damp_unaimed_swearing(text: str, words: Sequence[tuple[int, int, str]], damp: list[float]) -> None:
    """Swear words in a sentence with nobody to aim them at: no second or third person, no
    person noun, no group, and no swearing verb followed straight by its object ("fuck Trump",
    not "fuck, what a day"). Their evidence for the abuse heads is damped, not for profanity."""
    names = [w for _, _, w in words]
    if _SWEARS.isdisjoint(names):
        return
    begins = [b for b, _, _ in words]
    for m in SENTENCE.finditer(text):
        inside = range(bisect_left(begins, m.start()), bisect_left(begins, m.end()))  # words in order
        said = {words[k][2] for k in inside}
        if _SWEARS.isdisjoint(said) or not _AIMING.isdisjoint(said) or not groups.HEAD_WORDS.isdisjoint(said):
            continue
        aimed = any(
            words[k][2] in _SWEAR_VERBS
            and j < len(words)
            and not (k > 0 and words[k - 1][2] in _NOUN_MAKERS)
            and words[j][2] not in _EXCLAIMED
            and not _CLAUSE_BREAK.search(text, words[k][1], words[j][0])
            for k in inside
            for j in (k + 1,)
            if j in inside
        )
        if aimed:
            continue
        for k in inside:
            if words[k][2] in _SWEARS:
                damp[k] = min(damp[k], _UNAIMED_DAMP)
