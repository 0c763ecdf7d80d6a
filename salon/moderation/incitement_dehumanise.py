"""Incitement patterns, families dehumanise and degrade: a group as vermin, disease, animals or
filth, or as less than people (``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.groups import ADJECTIVE, FOLLOW, GROUP, GROUP_HEAD, GROUP_SINGULAR
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p

__all__ = ["DEHUMANISE"]

DEHUMANISE: tuple[Pattern, ...] = (
    # -- dehumanise ----------------------------------------------------------------------------
    _p(
        "group-are-vermin",
        "dehumanise",
        rf"\b{GROUP} (?:are|r|is|=|were always|will always be|have always been|remain) (?:{W.DMOD})*{W.DNOUN}"
        rf"{W.DFOLLOW}",
        "vermin rats rodent roach cockroach insect lice louse flea maggot leech parasit locust termite "
        "pests animal beast savage apes monkey baboon gorilla pig swine dog hyena snake viper scum filth "
        "garbage trash human subhuman sub-human sub_human untermensch inhuman disease plague cancer virus "
        "tumo infest pestilen blight infection contag pox bacteria germs cattle livestock mongrel dirt",
    ),
    _p(
        "subhuman-group",
        "dehumanise",
        rf"\b(?:subhuman|sub-human|sub human|untermensch|inhuman|verminous|filthy|dirty|stinking|stinky|"
        rf"disgusting|rat-faced|inbred|mongrel|savage) (?:{GROUP_HEAD}|{GROUP_SINGULAR}{FOLLOW})",
        "subhuman sub-human sub_human untermensch inhuman vermin filthy dirty stink disgusting rat-faced "
        "inbred mongrel savage",
        identity=0.8,
    ),
    _p(
        "group-vermin",
        "dehumanise",
        rf"(?<!anti-)(?<!anti )\b(?:(?!(?:black|white|brown) ){ADJECTIVE}|{GROUP_SINGULAR}) (?:vermin|rats|"
        r"cockroaches|roaches|"
        r"parasites|savages|subhumans|scum|filth|swine|maggots|leeches|lice|cunts|bastards)"
        rf"{W.DFOLLOW}",
        "vermin rats roaches cockroaches parasites savages subhumans scum filth swine maggots leeches "
        "lice cunts bastards",
        identity=0.8,
    ),
    _p(
        "infestation-of-group",
        "dehumanise",
        rf"\b(?:infestation|plague|swarm|swarms|pestilence|scourge|nest|infested (?:with|by)) (?:of )?"
        rf"{GROUP}{FOLLOW}",
        "infest plague swarm pestilence scourge nest",
    ),
    _p(
        "group-infesting",
        "dehumanise",
        rf"\b{GROUP}[ -](?:infesting|infested|infest|swarming|crawling all over|overrunning) "
        r"(?:our|this|the|every|my|europe|america|britain)\b",
        "infest swarming crawling overrunning",
    ),
    _p(
        "group-breed-like-rabbits",
        "dehumanise",
        rf"\b{GROUP} (?:are |r )?(?:breed|breeding|multiply|multiplying|reproduce|spread|spreading|swarm|"
        r"swarming|infest|infesting) (?:[a-z]+ ){0,4}?(?:like|as fast as) (?:(?:a|the) )?"
        r"(?:rabbits|rats|cockroaches|roaches|flies|animals|vermin|insects|mice|lice|disease|cancer|"
        r"virus|plague|locusts|bacteria|"
        r"germs)\b",
        "breed multipl reproduc spread swarm infest | like as_fast",
    ),
    _p(
        "these-rats",
        "dehumanise",
        r"\b(?:these|those|you|such) (?:(?:filthy|dirty|fucking|stinking|disgusting|bloody|damn|little) )*"
        r"(?:rats|vermin|cockroaches|roaches|parasites|savages|subhumans|maggots|leeches|lice|"
        r"untermenschen|animals)\b(?!['-])",
        "rats vermin roaches cockroaches parasites savages subhumans maggots leeches lice untermenschen "
        "animals",
        group=False,
        context="group",
        identity=0.8,
    ),
    # -- degrade -------------------------------------------------------------------------------
    _p(
        "side-are-vermin",
        "degrade",
        r"\b(?:the |these |those |their |our |all (?:the |these |those )?)?(?:[a-z]+ )?(?:fighters|soldiers|"
        r"troops|militants|militia|militiamen|rebels|separatists|occupiers|invaders|settlers|protesters|"
        r"supporters|voters|politicians|leftists|liberals|conservatives|lefties|commies|communists|"
        r"nationalists|zionists|islamists|jihadists|terrorists|police|cops|army|regime) (?:are|r|is|were) "
        r"(?:(?:all|just|nothing but|no better than|like|a bunch of|a pack of|a horde of|filthy|dirty|"
        r"disgusting|worthless|stinking|rabid|mere) )*(?:vermin|rats|cockroaches|roaches|lice|maggots|"
        r"subhumans?|sub-humans?|parasites|leeches|animals|beasts|savages|orcs|pigs|swine|dogs|hyenas|"
        r"apes|monkeys|scum|filth|garbage|trash|a plague|a disease|a cancer|a virus)\b",
        "vermin rats roaches cockroach lice maggot subhuman sub-human parasit leech animals beasts savage "
        "orcs pigs swine dogs hyena apes monkey scum filth garbage trash plague disease cancer virus",
        group=False,
    ),
)
