"""Incitement patterns, family glee: joy or approval at a group's deaths, said before or after
the deaths it celebrates (``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.groups import FOLLOW, GROUP, GROUP_HEAD, GROUP_SINGULAR
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p

__all__ = ["GLEE", "GLEE_AFTER"]

GLEE: tuple[Pattern, ...] = (
    # -- glee ----------------------------------------------------------------------------------
    _p(
        "good-more-died",
        "glee",
        r"\b(?:good|great|excellent|nice|yay|hooray|glad|happy|pleased|delighted|love it|love to see it|"
        r"about time|finally)\b[,.!:]*(?: (?:that|so|to see|to hear|to know|when|now|thing))? "
        r"(?:(?:another |other |even )?(?:more|another|two|three|four|five|six|ten|some|a few|dozens|"
        r"hundreds|thousands|the rest|most|all|\d+|a bunch|lots|plenty) )?"
        rf"(?:of )?(?:them|those|these|{GROUP})(?: all| too)? "
        rf"(?:got |get |were |was |are |is |have |has |had )?(?:been |all |finally )?{W.DEATH}\b",
        "kill dead died shot bomb gass wiped slaught drown massac execut hang burn blown murder gunned "
        "extermin lynch dying | good great excellent nice yay hooray glad happy pleased delighted love "
        "about finally",
        group=False,
    ),
    _p(
        "hope-group-dies",
        "glee",
        r"\b(?:hope|hoping|wish|pray|praying|can't wait (?:for|till|until)|cant wait (?:for|till|until)|"
        r"looking forward to)(?: that)? (?:(?:more|all|the rest|every one|lots|many|plenty) (?:of )?)?"
        rf"(?:{GROUP}|them all|all of them)(?: all)? (?:will |would )?{W.DIE}\b",
        "die dying kill shot bomb gass drown burn rot starv perish wiped extermin croak | hope hoping "
        "wish pray wait looking",
        group=False,
        threat=0.75,
    ),
    _p(
        # "More dead Kurds is a win in my book", "the more dead Jews the better".
        "more-dead-is-good",
        "glee",
        rf"\b(?:the more dead {GROUP},? the (?:better|happier|merrier)|(?:(?:a few|a couple|some|lots) )?"
        rf"more dead {GROUP},? (?:is|are|would be|will be|=|means|just means) (?:a |an |always |only )?"
        r"(?:win|good|great|fine|excellent|good news|great news|progress|a good thing|a good start|"
        r"what we need|welcome|the goal|a bonus|a plus)\b)",
        "more_dead",
    ),
    _p(
        "one-less-member",
        "glee",
        rf"\bone (?:less|fewer) {GROUP_SINGULAR}{FOLLOW}",
        "one_less one_fewer",
    ),
    _p(
        "one-less-of-them",
        "glee",
        r"\bone (?:less|fewer) of (?:them|those|these)\b",
        "one_less one_fewer",
        group=False,
        context="death",
    ),
    _p(
        "the-more-dead-the-better",
        "glee",
        rf"\b(?:the )?more (?:dead {GROUP_HEAD}|{GROUP_HEAD} (?:that )?(?:die|dead|killed|get killed|"
        r"are killed|we kill|drown)|of them (?:that )?(?:die|dead|get killed|are killed|we kill))"
        r"[^.!?]{0,25}?\bthe better\b",
        "the_better | more",
        group=False,
    ),
    _p(
        "nicer-people",
        "glee",
        r"\b(?:couldn't|could not|couldnt|could'nt) (?:have )?happen(?:ed)? to (?:a )?(?:nicer|better|"
        r"more deserving|lovelier) (?:people|bunch|group|lot|folks|guys|crowd|gang|country|religion|race)\b",
        "happen",
        group=False,
        context="death",
        negation_inside=True,
        identity=0.7,
    ),
    _p(
        "serves-them-right",
        "glee",
        r"\bserves? (?:them|'em|em|those \w+|these \w+|the \w+) (?:all )?right\b",
        "serve",
        group=False,
        context="death group",
        threat=0.6,
        identity=0.7,
    ),
    _p(
        "let-them-die",
        "glee",
        rf"\blet (?:them|'em|em|{GROUP}) (?:all )?(?:die|drown|burn|starve|rot|perish|freeze)\b",
        "die drown burn starve rot perish freeze | let",
        group=False,
        context="group",
        identity=0.7,
    ),
)
GLEE_AFTER: tuple[Pattern, ...] = (
    # -- glee, told after the death it celebrates ------------------------------------------------
    _p(
        "cheer-after-deaths",
        "glee",
        r"\b(?:good riddance|pop the champagne|break out the champagne|best news (?:i've|i have) "
        r"(?:heard|read)|"
        r"made my (?:day|week|year)|loving every (?:minute|second) of it|love to see it|"
        r"best news (?:all|this) (?:week|month|year|day)|keep (?:'em|em|them) coming|"
        r"(?:is|was|would be) a (?:good |great |decent )?start|wouldn't lose (?:a )?(?:minute of |wink "
        r"of )?sleep|"
        r"won't shed a tear|not shedding a tear|no tears here|(?:nobody|no one|noone) (?:will|would) "
        r"miss them|"
        r"couldn't be happier|can't stop smiling|music to my ears)\b|"
        # Said on their own after the news, not inside a sentence ("they didn't do it again").
        r"(?:^|[.!?] +)(?:(?:now |so |please |lol,? )?(?:do it again|more please|finish the job)"
        r"(?=\s*(?:[.!]|$)))",
        "good_riddance pop_champag break_champag best_heard best_read made_day made_week made_year "
        "best_week best_month best_year best_day keep_coming a_start lose_sleep shed_tear no_here "
        "nobody_them no_them noone_them "
        "loving_it love_it more_please do_again finish_job couldn_happie can_smilin music_ears",
        group=False,
        context="death group",
        negation_inside=True,
    ),
    _p(
        "group-deserve-it",
        "glee",
        rf"\b{GROUP} (?:all |totally |fully |really )*(?:deserved?|had|have|got|are getting|get) "
        r"(?:it coming|what (?:they deserve|they deserved|was coming|happened(?: to them)?|they got)|"
        r"every (?:single )?(?:bomb|bullet|missile|rocket|shell|drone strike|one of those bombs))\b",
        "coming deserv happen got bomb bullet missil rocket shell drone",
        threat=0.65,
    ),
    _p(
        "finish-off-the-group",
        "violence",
        rf"\bfinish(?:es|ing)? off (?:the rest of )?{GROUP}\b",
        "finish",
    ),
    _p(
        "cleanse-the-country-of",
        "violence",
        r"\b(?:clean|cleanse|purge|rid|clear|free|purify|scrub) (?:this|our|the|my) (?:country|nation|land|"
        rf"city|town|continent|island|region|streets|soil) of {GROUP}\b",
        "clean cleans purge rid clear free purify scrub",
        threat=0.8,
    ),
    _p(
        "drive-every-member-out",
        "expel",
        rf"\b(?:drive|kick|throw|chase|force|hound|run|boot|turf) (?:every|all(?: the)?|each|the) (?:last |"
        rf"single )?(?:{GROUP_SINGULAR}|{GROUP_HEAD}) (?:[a-z]+ ){{0,3}}?out\b",
        "drive kick throw chase force hound run boot turf | out",
        group=False,
    ),
    _p(
        "group-hanging-from",
        "violence",
        rf"\b{GROUP} (?:will|'ll|would|should|are going to|'re going to|gonna) be (?:hanging|swinging|"
        rf"dangling) "
        r"from (?:the )?(?:bridges?|lampposts?|lamp posts?|trees?|gallows|cranes?|streetlights?)\b",
        "hanging swinging dangling",
    ),
    _p(
        "group-thrown-off",
        "violence",
        rf"\b{GROUP} (?:should|must|need to|deserve to|ought to) be (?:thrown|pushed|tossed) (?:off|from) "
        r"(?:a |the )?(?:rooftops?|roofs?|buildings?|bridges?|cliffs?|towers?)\b",
        "thrown pushed tossed",
    ),
    _p(
        "group-euthanised",
        "violence",
        rf"\b{GROUP} (?:all |should |must |need to |ought to |should all )*be (?:euthani[sz]ed|put to sleep|"
        r"gassed|sterili[sz]ed)\b",
        "euthan sleep gassed steril",
    ),
)
