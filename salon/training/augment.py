"""Hand-written training sentences for what the public data teaches badly.

The datasets are short of group-directed hate said without slurs, of negation both ways, of
insults next to civil words, and of civil comments that name a people or swear at nobody. These
families are written for training only (the functional suite in ``functional_cases`` is
written separately and never trained on, and the sentences quoted in the project's issues as
probes are not reproduced here); a fixed share of each family's templates is kept out
of training as a held-out check (``part="test"``).

Each family: templates with ``{g}`` (a group, plural), ``{a}`` (its adjective) or ``{i}`` (an
insult noun), and the labels every filled sentence gets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

__all__ = ["FAMILIES", "Family", "sentences"]

_GROUPS = (
    ("Armenians", "Armenian"),
    ("Turks", "Turkish"),
    ("Kurds", "Kurdish"),
    ("Jews", "Jewish"),
    ("Muslims", "Muslim"),
    ("Christians", "Christian"),
    ("Roma", "Roma"),
    ("Black people", "Black"),
    ("immigrants", "immigrant"),
    ("refugees", "refugee"),
    ("Mexicans", "Mexican"),
    ("Chinese people", "Chinese"),
    ("Arabs", "Arab"),
    ("Palestinians", "Palestinian"),
    ("Ukrainians", "Ukrainian"),
    ("Russians", "Russian"),
    ("Hindus", "Hindu"),
    ("gay people", "gay"),
    ("trans people", "trans"),
    ("women", "female"),
    ("disabled people", "disabled"),
    ("Somalis", "Somali"),
    ("Poles", "Polish"),
    ("Nigerians", "Nigerian"),
)
_INSULTS = ("idiot", "moron", "clown", "imbecile", "fool", "halfwit", "buffoon", "dimwit", "loser", "cretin")


class Family:
    """Templates that share labels (category → 0/1)."""

    def __init__(self, name: str, labels: dict[str, int], templates: tuple[str, ...]) -> None:
        self.name, self.labels, self.templates = name, labels, templates


_HATE = {"toxicity": 1, "identity_attack": 1}
_HATE_THREAT = {"toxicity": 1, "identity_attack": 1, "threat": 1, "severe_toxicity": 1}
_INSULT = {"toxicity": 1, "insult": 1, "identity_attack": 0, "threat": 0}
_CIVIL = {"toxicity": 0, "severe_toxicity": 0, "identity_attack": 0, "insult": 0, "threat": 0, "profanity": 0}
_SWEAR_CIVIL = {
    "toxicity": 0,
    "severe_toxicity": 0,
    "identity_attack": 0,
    "insult": 0,
    "threat": 0,
    "profanity": 1,
}

FAMILIES: tuple[Family, ...] = (
    Family(
        "dehumanising",
        _HATE,
        (
            "{g} are vermin.",
            "{g} are nothing but rats.",
            "{g} are parasites living off the rest of us.",
            "{g} spread like a disease.",
            "{g} are a cancer on this country.",
            "{g} breed like cockroaches.",
            "These {g} are animals, not people.",
            "{a} vermin should be kept out.",
            "An infestation of {g}, that is what this town has become.",
            "{g} are subhuman filth.",
            "{g} are a plague on every country they enter.",
            "{g} are like locusts, they strip a place bare.",
        ),
    ),
    Family(
        "implicit_derogation",
        _HATE,
        (
            "{g} can never be trusted.",
            "Typical {a} behaviour, lying and stealing.",
            "{g} ruin every neighbourhood they move into.",
            "{g} are all thieves at heart.",
            "You can always tell when {g} have moved in, the crime goes up.",
            "{g} are too stupid to run their own country.",
            "Every {a} man I have met was a liar.",
            "{g} only know how to live on benefits.",
            "No wonder, {g} are born criminals.",
            "{g} have no place in a civilised society.",
            "{g} are the reason this country is going downhill.",
            "I hate {g}.",
            "I despise {g} and always will.",
            "{g} make me sick.",
        ),
    ),
    Family(
        "negated_respect",
        _HATE,
        (
            "I will never respect {g}.",
            "{g} will never be equal to us.",
            "I could never trust {g}.",
            "{g} are not real human beings.",
            "I would never let {g} live next to me.",
            "{g} don't deserve to be treated as people.",
            "{g} don't belong in this country and never will.",
            "Never hire {g}, they don't deserve a job.",
        ),
    ),
    Family(
        "group_incitement",
        _HATE_THREAT,
        (
            "Every last one of the {g} ought to be killed.",
            "Line the {g} up, they must be shot.",
            "Each and every {a} man is to be shot on sight.",
            "{g} deserve to be wiped out.",
            "Kill all the {g}.",
            "The {g} should be deported or shot.",
            "Good, more {g} got killed today.",
            "One less {a} in the world, good riddance.",
            "{g} need to be exterminated.",
            "Round up the {g} and shoot them.",
        ),
    ),
    Family(
        "expel",
        _HATE,
        (
            "{g} should go back where they came from.",
            "Send all the {g} back, every last one.",
            "{g} out of our country!",
            "Go back to your own country, you {a} trash.",
            "Kick every {a} family out of this town.",
        ),
    ),
    Family(
        "insult_in_civil",
        _INSULT,
        (
            "You sir are a {i}. Otherwise a fine write-up, thank you.",
            "What a {i} you are. Anyway, good piece, well researched.",
            "{I}, you clearly didn't read the article.",
            "Great article. The commenter above is a complete {i} though.",
            "Only a {i} would write this. I enjoyed the photos.",
            "Shut up, you {i}. The rest of the thread was interesting.",
            "Interesting points about the budget, but you are a {i} on the tax question.",
            "Thank you for the reporting. The mayor is a {i} and everyone knows it.",
            "I have lived on this street for twenty years and the new crossing has made the school run "
            "much safer, so credit to the council for listening. Whoever wrote the comment above is a {i}.",
            "The figures in the second chart are from the regional office and match what I found last "
            "spring when I looked into the water bills myself. You, on the other hand, are a {i}.",
            "Reply to the first comment: {i}. The rest of you, thanks for a sensible discussion about the "
            "library hours and the bus timetable.",
            "A balanced piece on a hard subject, with voices from both sides of the river, and I "
            "appreciated the map of the flooding. Shame the editor is such a {i}.",
        ),
    ),
    Family(
        "negated_insult",
        _CIVIL,
        (
            "You are not a {i}, you just disagree with me.",
            "I never said you were a {i}.",
            "Nobody here thinks you are a {i}.",
            "I don't think the author is a {i} at all, just mistaken.",
            "Disagreeing with me does not make you a {i}.",
        ),
    ),
    Family(
        "counter_speech",
        _CIVIL,
        (
            "Calling {g} vermin is disgusting and has no place here.",
            "Saying {g} should go back where they came from is racist.",
            "People who say {g} are parasites should be ashamed.",
            "The post above calls {g} animals. That is hateful, please delete it.",
            "I am tired of seeing {g} described as a disease in these comments.",
            "Stop blaming {g} for everything, it is bigotry.",
            '"{g} are rats" is exactly the kind of language that led to pogroms.',
        ),
    ),
    Family(
        "identity_civil",
        _CIVIL,
        (
            "My neighbours are {g} and they helped us move in.",
            "I grew up among {g} and learned their songs.",
            "The article says {g} make up a tenth of the city.",
            "{a} cooking is some of the best I have had.",
            "As one of the {g} in this town, I found the piece fair.",
            "{g} have lived in this region for centuries.",
            "Many {g} voted for the opposition this year.",
            "The museum has a new exhibition on {a} history.",
            "I respect {g} and their traditions.",
            "{g} deserve the same rights as everyone else.",
            "The census counted more {g} than expected.",
            "There was a {a} festival downtown this weekend.",
        ),
    ),
    Family(
        "reported_violence",
        _CIVIL,
        (
            "Police said two {g} were shot outside a cafe on Tuesday.",
            "Thousands of {g} were killed in the war, the report says.",
            "The court heard that the attackers wanted {g} dead.",
            "Historians estimate that most {a} villages were destroyed in 1915.",
            "The minister condemned the calls to expel {g}.",
            "The documentary follows {a} families who fled the shelling.",
        ),
    ),
    Family(
        "unaimed_swearing",
        _SWEAR_CIVIL,
        (
            "This weather is fucking awful.",
            "Holy shit, what a goal in the last minute.",
            "I burnt the damn toast again, bloody hell.",
            "The traffic on the bridge is a shitshow every morning.",
            "What the fuck happened to the bus timetable?",
            "Damn, this recipe is good.",
            "My bloody phone died halfway through the article.",
            "That was one hell of a match.",
            "Shit, I forgot to vote early this year.",
            "The heating broke again, fucking typical for February.",
            "Christ, the prices in that market are insane.",
            "That storm was a bitch to drive through.",
            "Fuck me, the queue at the post office went round the block.",
            "My sister's cooking is damn good, I have to admit.",
            "Hell yes, the library is finally open on Sundays.",
            "The new stadium looks shit hot, well done to the council.",
            "This fucking hill nearly killed me on the bike ride.",
            "Bloody hell, a four-hour delay at the airport.",
            "Oh shit, I just realised the article is from 2019.",
            "The damn cat knocked my coffee over again.",
        ),
    ),
)


def _held_out(template: str) -> bool:
    return int(hashlib.sha1(template.encode()).hexdigest()[:8], 16) % 10 < 2


def sentences(part: str = "train") -> Iterator[tuple[str, Family]]:
    """(sentence, family) for ``part`` "train", "test" (held-out templates) or "all"."""
    for family in FAMILIES:
        for k, tpl in enumerate(family.templates):
            if part != "all" and _held_out(tpl) != (part == "test"):
                continue
            if "{g}" in tpl or "{a}" in tpl:
                # Each template with a rotating half of the groups: every group, fewer repeats.
                for j, (g, a) in enumerate(_GROUPS):
                    if (j + k) % 2 == 0:
                        yield tpl.format(g=g, a=a), family
            elif "{i}" in tpl or "{I}" in tpl:
                for i in _INSULTS:
                    yield tpl.format(i=i, I=i.capitalize()), family
            else:
                yield tpl, family
