"""Incitement patterns, family expel: calls to deport, drive out or bar a group
(``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.groups import FOLLOW, GROUP, PLACES
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p
from salon.moderation.threats import literal_regex

_L = literal_regex

__all__ = ["EXPEL"]

_EXPEL_GATE = (
    "deport expel kick thrown driven chased booted shipped removed rounded forced rid banned sent locked "
    "barred purged"
)
#: Expelled, and the other ways of putting a group out of sight: removed (by force), locked up or
#: away, barred from public life, purged.
_EXPEL_MORE = (
    rf"(?:{W.EXPEL_PP}|removed(?: by force)?|locked (?:up|away)|barred from (?:all |every )?public life|"
    r"barred from (?:the|this|our) (?:country|town|city|street|neighbourhood|neighborhood|community)|purged)"
)

EXPEL: tuple[Pattern, ...] = (
    # -- expel ---------------------------------------------------------------------------------
    _p(
        "go-back-where-you-came-from",
        "expel",
        rf"\b{W.GO} (?:back |home )?(?:to )?where (?:you|ya|u|they|you people|you lot|your (?:kind|lot|"
        r"people)|their (?:kind|lot)) (?:came|come|crawled|belong|are from)(?: from)?\b",
        "where_came where_come where_crawled where_belong where_from",
        group=False,
    ),
    _p(
        "go-back-to-your-country",
        "expel",
        rf"\b{W.GO} (?:back |home )?to (?:your|their|ur|yer) (?:own )?(?:(?:fucking|shithole|damn|"
        rf"stupid|little|third world|filthy|muslim|arab|african) )*{W.HOME_NOUN}\b",
        "countr land homeland desert jungle village hut shithole tribe | your their ur yer",
        group=False,
        before=W.ADDRESS,
    ),
    _p(
        "go-back-to-place",
        "expel",
        rf"\b{W.GO} back to (?:{_L(list(PLACES))})(?=\s*(?:[.!?,;]|$| where| and| you| now| already"
        r"| with (?:the|your|their) (?:rest|others)))",
        "back_to | " + " ".join(p.replace(" ", "_") for p in PLACES),
        group=False,
        before=W.ADDRESS,
    ),
    _p(
        "send-them-all-back",
        "expel",
        r"\bsend (?:them|'em|em) (?:(?:all|every one|each and every one) (?:back|home)|(?:back|home) "
        rf"(?:all|to where|where they|to their|to (?:{_L(list(PLACES))})\b))",
        "send",
        group=False,
    ),
    _p(
        "send-the-group-back",
        "expel",
        rf"\bsend (?:{GROUP} (?:all )?(?:back|home)|back {GROUP}{FOLLOW})\b",
        "send",
    ),
    _p(
        "deport-every-last-one",
        "expel",
        r"\b(?:deport|expel|kick out|throw out|round up|ship out|ship off|drive out|chase out) "
        r"(?:them all|all of them|(?:each and )?every (?:last |single )?(?:one )?of them|the lot of them|"
        r"every last one|the whole lot)\b",
        "deport expel kick throw round ship drive chase | them one lot",
        group=False,
    ),
    _p(
        "deport-the-group",
        "expel",
        rf"\b(?:deport|expel|kick out|throw out|round up and deport|ship out|ship off|drive out|chase out|"
        rf"get rid of|cleanse (?:the \w+|our \w+|europe|america) of) {GROUP}{FOLLOW}",
        "deport expel kick throw ship drive chase rid cleanse",
    ),
    _p(
        "group-should-be-deported",
        "expel",
        rf"\b{GROUP} (?:all |too )?{W.MODAL} (?:{W.ADV})*{W.BE} (?:{W.ADV})*{_EXPEL_MORE}\b",
        _EXPEL_GATE,
    ),
    _p(
        # The call as a wish or a request: "I would ask that all Muslims be removed from our
        # country", "it's high time the trans were rounded up and locked away".
        "that-the-group-be-deported",
        "expel",
        rf"\b(?:that|time|high time|about time|past time) (?:all )?{GROUP} (?:all )?(?:be|were|was|got) "
        rf"(?:{W.ADV})*{_EXPEL_MORE}\b",
        _EXPEL_GATE + " | that time",
    ),
    _p(
        # "Jews are not welcome in this community", "Muslim families are not welcome on this
        # street". ("Refugees are welcome here" is not a call; a sign "Jews not welcome" quoted
        # or condemned passes, as every match does.)
        "group-not-welcome",
        "expel",
        rf"\b{GROUP} (?:are|is|will be|would be) (?:not|never|no longer|not ever) welcome\b|"
        rf"\b{GROUP} (?:aren't|arent|isn't|isnt|won't be|wouldn't be) welcome\b",
        "welcome | not never longer aren arent isn isnt won wouldn",
    ),
    _p(
        "group-out",
        "expel",
        rf"(?:^|[.!?:;] +|\b(?:and|so|now|just) ){GROUP} (?:out|go home|get out|go back|must go|have to go|"
        r"need to go|out of (?:here|our country|this country|my country|europe|america|britain|england|"
        r"france|germany|the country|the west|our land|our cities|our streets|our schools|our \w+))\b"
        r"(?=\s*(?:[!.,;]|$|now\b|already\b|for good\b))",
        "out go_home must_go have_to_go need_to_go",
    ),
    _p(
        "kick-the-group-out",
        "expel",
        rf"\b(?:kick|throw|drive|chase|boot|turf|ship|force|push) (?:{GROUP} (?:all )?"
        rf"(?:the fuck |the hell )?out\b|out {GROUP}{FOLLOW})",
        "kick throw drive chase boot turf ship force push",
    ),
)
