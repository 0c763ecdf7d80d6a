"""Sentences written for this project: threats, civil uses of violent words, neutral identity mentions.

None of the public datasets has a threat label, and all of them are short of benign sentences that
mention an identity.  These hand-written templates fill both gaps; ``split`` keeps a fixed share of
each family out of training so the evaluation sees sentences the model never saw.
"""

from __future__ import annotations

import hashlib

GROUPS = (
    "Jews",
    "Muslims",
    "Christians",
    "Black people",
    "white people",
    "immigrants",
    "refugees",
    "gay people",
    "lesbians",
    "trans people",
    "women",
    "men",
    "Mexicans",
    "Asians",
    "Arabs",
    "Hindus",
    "Catholics",
    "disabled people",
    "Africans",
    "Chinese people",
    "Latinos",
)
ADJECTIVES = (
    "Jewish",
    "Muslim",
    "Christian",
    "Black",
    "white",
    "gay",
    "lesbian",
    "trans",
    "Mexican",
    "Asian",
    "Arab",
    "Hindu",
    "Catholic",
    "disabled",
    "African",
    "Chinese",
    "Latina",
    "immigrant",
)
TARGETS = (
    "he",
    "she",
    "they",
    "the mayor",
    "that judge",
    "the minister",
    "these people",
    "those traitors",
    "the senator",
    "all of them",
    "the author",
    "your boss",
)
OBJECTS = ("him", "her", "them", "the mayor", "that guy", "the minister", "the judge", "you")

_NEUTRAL_IDENTITY = (
    "As a {adj} reader, I found this article balanced and informative.",
    "I am {adj} and I have lived in this town for twenty years.",
    "My neighbour is {adj} and she runs the bakery on the corner.",
    "The {adj} community centre is hosting a food drive this weekend.",
    "{group} and their neighbours lived together peacefully in this district for centuries.",
    "The report looks at how many {group} work in public services.",
    "{group} make up about a tenth of the city's population, according to the census.",
    "Muslims and Christians lived together here for generations.",
    "The museum has a new exhibition on the history of {group} in Europe.",
    "Many {group} voted in the local election this year.",
    "The survey asked {group} about housing costs and commuting times.",
    "Being {adj} is part of who I am, and I am proud of it.",
    "Our school has {adj} teachers and students, and everyone gets along.",
    "The charity supports {group} who have recently moved to the city.",
    "I wrote this as a {adj} parent worried about school funding.",
    "A {adj} woman was elected to the council last night.",
    "The festival celebrates the music and food of {group}.",
    "Discrimination against {group} is still a problem, the study found.",
    "The article quotes several {group} about the new bus routes.",
    "{group} have the same rights as everyone else under the law.",
)

_CIVIL_VIOLENT = (
    "The army shot down a drone near the border.",
    "He was hanged in 1946 after the trial.",
    "That was a killer analysis of the budget.",
    "This joke kills me every time.",
    "The shooting of the film took three months.",
    "The team executed the plan perfectly.",
    "The bill was killed in committee.",
    "She shot the photograph from the roof.",
    "Traitors were hanged in the Middle Ages, the historian explained.",
    "The firm will execute the contract next week.",
    "The striker shot the ball into the top corner.",
    "I could murder a cup of tea right now.",
    "The old factory was burned down in 1998.",
    "The director said the scene should be shot at night.",
    "The article describes how prisoners were executed during the war.",
    "He knows where the best restaurants in town are.",
    "The painting should be hung in the main hall.",
    "The police said the suspect was shot dead by officers.",
    "Critics killed the proposal before it reached a vote.",
    "Our startup is going to kill it at the trade fair.",
    "The novel is about a man who was hanged for a crime he did not commit.",
    "Lightning struck the barn and it burned to the ground.",
    "We need to kill the process and restart the server.",
    "The campaign was shot down by the board.",
    "Nobody should be hanged for stealing bread, the reformers argued.",
    "The death penalty was abolished here decades ago.",
    "The hunter shot a deer last season.",
    '"I know where you live" is a line from an old thriller.',
    '"Line them up against the wall" is what the dictator ordered, the book recounts.',
    "The report says that the protesters should not be shot at.",
)

_THREATS = (
    "{t} should be hanged.",
    "{t} should be shot.",
    "{t} deserve to be shot.",
    "{t} should be hanged for treason.",
    "They are all to be shot.",
    "Line them up against a wall.",
    "Line {o} up against the wall and be done with it.",
    "I know where you live.",
    "We know where you live and where your kids go to school.",
    "Someone should put a bullet in {o}.",
    "I hope your house burns down.",
    "I hope your house burns down with you in it.",
    "I will kill {o}.",
    "I'm going to find {o} and make {o} pay.",
    "Somebody needs to shoot {o}.",
    "Hang {o} from the nearest tree.",
    "{t} deserve a bullet.",
    "{t} should be executed in public.",
    "Kill yourself.",
    "Watch your back, I am coming for you.",
    "Your days are numbered.",
    "I hope you die in a fire.",
    "Someone should burn {o} alive.",
    "Bring out the rope for {o}.",
    "{t} should be strung up.",
    "They should all be gassed.",
    "I'll beat {o} to death.",
    "I will slit {o}'s throat.",
    "Put {o} six feet under.",
    "You're a dead man.",
)


def _stable(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:8], 16)


def _expand(templates: tuple[str, ...], part: str) -> list[str]:
    """Fill templates; ``part`` is "train", "test" (whole templates held out by hash) or "all"."""
    out: list[str] = []
    for tpl in templates:
        held_out = _stable(tpl) % 10 < 3
        if (part == "train" and held_out) or (part == "test" and not held_out):
            continue
        if "{group}" in tpl or "{adj}" in tpl:
            out += [tpl.format(group=g, adj=a) for g, a in zip(GROUPS, ADJECTIVES * 2, strict=False)]
        elif "{t}" in tpl:
            out += [tpl.format(t=t[0].upper() + t[1:]) for t in TARGETS]
        elif "{o}" in tpl:
            out += [tpl.format(o=o) for o in OBJECTS]
        else:
            out.append(tpl)
    return sorted(set(out))


def neutral_identity(part: str = "all") -> list[str]:
    """Benign sentences that mention an identity group."""
    return _expand(_NEUTRAL_IDENTITY, part)


def civil_violent(part: str = "all") -> list[str]:
    """Civil sentences that use violent words (news, film, sport, idiom)."""
    return _expand(_CIVIL_VIOLENT, part)


def threats(part: str = "all") -> list[str]:
    """Threats and incitement, direct or polite."""
    return _expand(_THREATS, part)
