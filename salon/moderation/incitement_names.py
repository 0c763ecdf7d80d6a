"""Incitement patterns, family name: slurs built from a group's name, compounds and insulting
forms (``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p

__all__ = ["NAMES"]

NAMES: tuple[Pattern, ...] = (
    # -- name ----------------------------------------------------------------------------------
    _p(
        "name-slur",
        "name",
        r"\b(?:obummer|obozo|killary|hitlery|hitlary|shillary|klintoon|trumpanzee|trumptards?|putler|"
        r"satanyahu|obummercare)\b",
        "obummer obozo killary hitlery hitlary shillary klintoon trumpanzee trumptard putler satanyahu",
        group=False,
    ),
    _p(
        "racial-name-slur",
        "name",
        r"\b(?:obongo|obunga|jewbama|jewlensky|jewlenskyy|zelenskike)\b",
        "obongo obunga jew zelenskike",
        group=False,
        identity=0.85,
        toxicity=0.8,
    ),
    _p(
        "group-slur",
        "slur",
        r"\b(?:kikes?|yids|hymies?|spics?|wetbacks?|beaners?|chinks|gooks?|ragheads?|towelheads?|"
        r"sandniggers?|muzzies|muzzrats?|pakis?|gyppos?|pikeys?|trannies|tranny|shitskins?|niggers?|"
        r"darkies|kaffirs?|faggots|spastics|spazzes|retards|mongs?)\b",
        "kike yids hymie spic wetbac beaner chinks gook raghea towelh sandni muzzie muzzra paki gyppo "
        "pikey tranni tranny shitsk nigger darkie kaffir faggot spasti spazze retard mong",
        group=False,
    ),
    _p(
        "jew-compound",
        "name",
        r"\bjew(?!el|ish|is|ry|ess|ett|ell|itt|son|s\b)[a-z]{3,}\b",
        "jew",
        group=False,
        identity=0.85,
        toxicity=0.8,
    ),
    _p(
        "group-obscenity-compound",
        "name",
        r"\b(?:turk|kurd|jew|arab|armo|azeri|russki|ruski|paki|polack|spic|gypsy|gyppo|muzzie|muzz|"
        r"musli|chink|gook|yid|fag|tranny|ukie|ukro|moskal|katsap|khokhol|hindu|sikh|afro|mexi|migrant|"
        r"spaz|homo|lesbo|negro)-?(?:fuck\w*|shit\w*|turds?|tards?|rats?|pigs?|dogs?|scum|filth|cunts?|"
        r"twats?|roach\w*|monkeys?|apes?|vermin|trash|bastards?|freaks?)\b",
        "turk kurd jew arab armo azeri russki ruski paki polack spic gypsy gyppo muzz musli chink gook yid "
        "fag tranny ukie ukro moskal katsap khokhol hindu sikh afro mexi migran spaz homo lesbo negro",
        substrings="fuck shit turd tard rat pig dog scum filth cunt twat roach monkey ape vermin trash "
        "bastard freak",
        group=False,
        identity=0.85,
        insult=0.8,
        toxicity=0.85,
    ),
)
