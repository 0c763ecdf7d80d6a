"""Threats and incitement to violence, found by patterns over normalised text.

Small models trained on tweets miss violence said politely ("they should be hanged", "someone
should put a bullet in him"), and none of the training data has a threat label.  These patterns
need a violent act aimed at a person (a pronoun, a person noun or a name-like subject) in a
wishing, urging or promising frame, so reports and idioms stay quiet: "he was hanged in 1946",
"the army shot down a drone", "this joke kills me", "executed the plan".

``detect(normalized)`` returns a threat score, a severe-toxicity score and spans in ORIGINAL
offsets; ``LinearClassifier.analyze`` folds them into its result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from salon.moderation.classifiers.base import Span
from salon.moderation.normalize import Normalized, normalize
from salon.moderation.quotes import quoted

__all__ = ["PATTERNS", "ThreatResult", "detect", "detect_text", "literal_regex", "negated"]

_PERSON_NOUN = (
    r"(?:guy|guys|man|men|woman|women|person|people|idiot|idiots|bastard|bastards|traitor|traitors|"
    r"scum|pig|pigs|politicians?|judges?|journalists?|ministers?|mayor|senator|president|author|boss|"
    r"bitch|bitches|whore|cunt|moron|morons|family|kids|children|wife|husband|mother|father|folks|"
    r"immigrants|refugees|migrants|muslims|jews|christians|gays|liberals|leftists|conservatives|"
    r"democrats|republicans|protesters|cops|clowns|animals|vermin|lot|kind|crowd|filth|"
    r"degenerates|fags|faggots|niggers|blacks|(?<!egg )whites|arabs|mexicans|pedos|pedophiles|criminals|"
    r"councillors?|councilors?|reporters?|refs?|referees?|governors?|mps|editors?|presenters?|officers?|"
    r"teachers?|doctors?|neighbou?rs?|landlords?|mods?|moderators?|linesman|linesmen|goalkeepers?|"
    r"keepers?|pundits?|columnists?|bloggers?|lads?|blokes?|cunts|twats?|weasels?|snitch|snitches|grass|"
    r"rats?|committee|commentators?|managers?|players?|pricks?|dickheads?|wankers?)"
)
# Pronouns and person nouns: the only objects a threat can have here.
_PERSON_STRICT = (
    r"(?:he|she|they|you|u|ya|him|her|them|'em|em|"
    r"(?:all|every(?: last)? one|each|some|most|the lot|both) of (?:you|them|those \w+|these \w+)|"
    r"(?:(?:this|that|the|these|those|your|his|her|their|all|every|all the|all these|all those)(?: \w+)? )?"
    rf"{_PERSON_NOUN})"
)
# Any plural noun may be the subject of an unambiguous act ("the reporters should be lynched").
_PERSON = rf"(?:{_PERSON_STRICT}|(?:the |these |those |all )?[a-z]+s)"
# Acts that are violent whatever the subject.
_ACT_STRONG = (
    r"(?:hanged|lynched|gassed|beheaded|stabbed|murdered|tortured|raped|"
    r"shot dead|shot in the head|shot on sight|lined up and shot|shot like (?:dogs|rats|animals)|"
    r"slaughtered|exterminated|strung up|burn(?:ed|t) alive|"
    r"(?:kicked|stoned|stamped|burned|burnt|hacked|clubbed) to death|"
    r"burn(?:ed|t) at the stake|put to death|beaten to death|dragged out and shot|"
    r"put against a wall|thrown off a (?:roof|bridge|building)|skinned alive|castrated|guillotined)"
)
# Acts with a harmless reading for things ("the scene should be shot", "the bill killed").
_ACT_WEAK = (
    r"(?:shot|killed|executed|hung|eliminated|put down|wiped out|drowned|run over|culled|neutered|burned)"
)
_ACT_ACTIVE = (
    r"(?:hang|lynch|gas|behead|stab|murder|torture|rape|execute|shoot|kill|slaughter|exterminate|"
    r"string up|burn|strangle|choke|drown|beat|bash|punch|slap|run over|gut|skin|castrate|"
    r"put a bullet in|put a bullet through|blow (?:up|away)|cut|slit|smash|break)"
)
_MODAL = (
    r"(?:should|shall|must|ought to|oughta|need to|needs to|deserve to|deserves to|have to|has to|"
    r"are to|is to|are going to|is going to|ll|will|would|gonna|wanna|want to|wants to|"
    r"am going to|m going to|m gonna|re going to|re gonna|s gonna)"
)
# "shoot you a message", "shoot them an email": the person is the receiver, not the target.
_NOT_DATIVE = r"(?! (?:a|an|the|some|my|our|this|that|these|those|another)\b)"
_BE = r"(?:be |get |get themselves |be fucking |be publicly |be all |be immediately )?"
_SOMEONE = r"(?:someone|somebody|some one|anyone|anybody|people|we|i|i'll|i'm|we'll|u|you guys|y'all)"
_NEGATED = re.compile(
    r"\b(?:no one|noone|nobody|not|never|no|don't|dont|doesn't|shouldn't|wouldn't|won't|"
    r"isn't|aren't|against|condemn\w*|disgusting|wrong to|reported|said that|quote)\b[^.!?]{0,40}$"
)


@dataclass(frozen=True)
class Pattern:
    """One threat frame: the regex, its threat score and how severe it is."""

    name: str
    regex: re.Pattern[str]
    threat: float
    severe: float
    #: The match's ``name`` group must be a name in the original text (``_is_name``).
    named: bool = False


# A promise, a plan or an urging: who will do it ("i'll", "we're gonna", "someone should").
_FUTURE = (
    r"(?:i'll|i will|i'm going to|i'm gonna|i am going to|i'd|i would|we'll|we will|we're going to|"
    r"we're gonna|we are going to|i'm|i am|we're|someone (?:should|ought to|needs to|will|is going to)|"
    r"somebody (?:should|ought to|needs to|will)|gonna|going to|let me|i want to|i wanna)"
)
# The body parts of a promised beating.
_BODY = (
    r"(?:jaw|legs?|neck|nose|skull|face|teeth|arms?|knees?|kneecaps?|head|throat|ribs?|fingers?|spine|"
    r"back|skulls|heads|faces|necks)"
)


# Who intends or is urged to do it: a promise, a wish to, a call on someone else.
_INTEND = (
    r"(?:i'll|i will|ill|i'm going to|im going to|i'm gonna|im gonna|i am going to|i am gonna|"
    r"i'd|id|i would|i'd happily|i'd gladly|i'll happily|i'll gladly|i swear i'll|i want to|i wanna|"
    r"i'd love to|i'm coming to|im coming to|we'll|we will|we're going to|we're gonna|we are going to|"
    r"we should|we need to|let's|lets|someone (?:should|needs to|ought to|has to|must|will|could|"
    r"go and|just|with nothing to lose needs to)|somebody (?:should|needs to|ought to|has to|must|"
    r"will|go and|go round and|just)|anyone (?:should|could|wanna|want to)|"
    r"happy to|ready to|(?:^|(?<=[.!?] ))gonna)"
)
# Acts of harm with a person as their object.
_HARM_V = (
    r"(?:stab|shoot|kill|strangle|choke|burn|torch|poison|drown|gut|break|hurt|hang|knife|"
    r"cut|slit|bash|kick|punch|batter|wring|blow up|bomb|shank|slap|murder|maim|cripple|glass|"
    r"bottle|headbutt|deck|thump|whack|stomp|curb stomp|hospitali[sz]e|smack|throttle|"
    r"petrol bomb|firebomb|set fire to|set (?:the )?dogs on|run over|knock out|beat up|rough up|"
    r"batter|pummel|skewer|lynch|behead|execute|torture|rape|acid|disfigure|mutilate|hunt|put down|"
    r"string up|tie up|waterboard|kneecap|bludgeon|slice|carve|skin|scalp|gouge|break the legs of|"
    r"break every bone in|cave in|smash in|kick in)"
)
# What turns a harm verb into something else: a message shot over, slack cut, a team beaten on
# Saturday, a list broken down, someone hung out to dry.
_NOT_HARM = (
    r"(?! (?:a|an|some) (?:message|email|text|line|note|look|call|favou?r|break|chance|slack|deal|"
    r"cheque|check|bone)\b| (?:down|up|off|in on|into|in half|apart|out to dry|at (?:chess|cards|"
    r"pool|darts|golf|tennis|poker|this|that|their own game))\b| (?:in|on) (?:the )?(?:final|match|game|"
    r"derby|election|polls|vote|league|cup|saturday|sunday|monday|tuesday|wednesday|thursday|friday)\b)"
)
# Who or what of theirs is harmed: a person (not "me"), their body, home, car or family.
_VICTIM = (
    rf"you|u|ya|yah|him|her|them|'em|em|(?:your|ur|his|her|their|yer)(?: [\w'-]+){{0,2}}? "
    rf"(?:face|head|neck|throat|legs?|arms?|hands?|teeth|skull|kneecaps?|knees?|ribs?|nose|jaw|eyes?|"
    rf"back|spine|body|shop|house|home|flat|car|van|family|kids|children|daughter|son|wife|husband|"
    rf"dog|cat|mum|mom|mother|dad|brother|sister|office|place)|{_PERSON_STRICT}"
)


def _p(name: str, regex: str, threat: float, severe: float, named: bool = False) -> Pattern:
    return Pattern(name, re.compile(regex), threat, severe, named)


# Who promises or is urged to do it, one person: "we'll kill Arsenal" is sport, "I'll kill
# Hargreaves" is not.
_INTEND_ONE = (
    r"(?:i'll|i will|i'm going to|im going to|i'm gonna|im gonna|i am going to|i am gonna|i'd|"
    r"i would|i'd happily|i'd gladly|i'll happily|i swear i'll|i want to|i wanna|i'd love to|"
    r"someone (?:should|needs to|ought to|has to|must|will|could|go and|just)|somebody (?:should|"
    r"needs to|ought to|has to|must|will|go and|just)|anyone (?:should|could))"
)
# Harm that no game or argument does to a named person (not "shoot": "I'm going to shoot Paris
# at dawn" is a photograph).
_HARM_NAMED = (
    r"(?:stab|strangle|hang|lynch|behead|knife|shank|glass|string up|put a bullet (?:in|into|through)|"
    r"put a round (?:in|into|through)|put a knife (?:in|into)|slit the throat of|torture|kneecap|"
    r"throttle|curb stomp|petrol bomb|firebomb|acid|kill|murder|execute|gut|choke)"
)
# A title before the name ("Councillor Baines", "Judge Rowe", "that Dr Anand"); not "the", which
# a name does not take ("hang the Picasso").
_TITLE = (
    r"(?:(?:that|this|our|your) )?(?:(?:councillor|councilor|judge|dr|doctor|mr|mrs|ms|miss|"
    r"sir|lord|lady|minister|senator|mayor|president|professor|officer|inspector|chief|reverend|"
    r"father|coach|manager|ref|referee|mp|cllr) )?"
)


PATTERNS: tuple[Pattern, ...] = (
    _p(
        "should-be-killed",
        rf"\b(?:{_PERSON}|[a-z']+) (?:all )?{_MODAL} (?:all )?{_BE}{_ACT_STRONG}\b",
        0.9,
        0.8,
    ),
    _p("should-be-shot", rf"\b{_PERSON_STRICT} (?:all )?{_MODAL} (?:all )?{_BE}{_ACT_WEAK}\b", 0.85, 0.75),
    # The subject stated once, the threat after "and": "you are a moron and should be shot".
    _p(
        "and-should-be-shot",
        rf"\b(?:you|he|she|they)(?: all)? (?:are|is|re|s|were|was)\b[^.!?;]{{0,60}}? and (?:all )?"
        rf"{_MODAL} (?:all )?{_BE}(?:{_ACT_STRONG}|{_ACT_WEAK})\b",
        0.85,
        0.75,
    ),
    _p(
        "to-be-shot",
        rf"\b(?:they|you|he|she|{_PERSON_NOUN}) (?:are|is) (?:all )?to be "
        rf"(?:{_ACT_STRONG}|{_ACT_WEAK})\b",
        0.85,
        0.75,
    ),
    _p(
        "someone-should",
        rf"\b{_SOMEONE} (?:really |just |all )?{_MODAL} (?:just |fucking |really )?"
        rf"{_ACT_ACTIVE} {_PERSON_STRICT}\b{_NOT_DATIVE}",
        0.9,
        0.8,
    ),
    _p(
        "run-over",
        rf"\b{_SOMEONE} (?:really |just )?{_MODAL} (?:just |fucking )?run {_PERSON_STRICT} (?:over|down)\b",
        0.85,
        0.7,
    ),
    _p(
        "imperative",
        rf"(?:^|[.!?] |\b(?:just|and|so|then|let's|lets|go|we must|we need to) )"
        rf"{_ACT_ACTIVE} {_PERSON_STRICT}(?: all)?\b{_NOT_DATIVE}",
        0.85,
        0.75,
    ),
    _p(
        "wall",
        r"\bline (?:them|'em|em|\w+(?: \w+){0,4}?) up against (?:a|the) wall\b|\bup against the wall\b",
        0.85,
        0.75,
    ),
    _p(
        "know-where",
        r"\b(?:i|we|i'll|they) (?:know|found|find out|will find|have) where (?:you|your \w+|he|she|they) "
        r"(?:live|lives|sleep|sleeps|work|works|go to school|goes to school)\b",
        0.85,
        0.6,
    ),
    _p(
        "hope-burns",
        r"\b(?:hope|wish|pray) (?:that )?(?:your|his|her|their) (?:house|home|family|kids|children|car|"
        r"mother|mom|wife|husband|dog|shop|office)(?: \w+)? "
        r"(?:burns?|gets? (?:burned|burnt|raped|killed|shot|bombed)|"
        r"dies?|is (?:raped|killed|shot)|blows? up)",
        0.85,
        0.7,
    ),
    _p(
        "hope-die",
        r"\b(?:hope|wish|pray) (?:that )?(?:you|he|she|they|u|someone \w+ (?:you|him|her|them)) "
        r"(?:all )?(?:die|dies|get shot|gets shot|get killed|gets killed|get raped|gets raped|burn|burns|"
        r"choke|chokes|rot|rots|get hit by a (?:car|bus|truck)|were dead|was dead|drop dead|"
        r"die in a fire|get cancer|drown|drowns|bleed out|bleeds out|get stabbed|gets stabbed|"
        r"get run over|gets run over|suffer|suffers|burn in hell|get what's coming)\b",
        0.8,
        0.7,
    ),
    _p(
        "deserve-bullet",
        r"\b(?:deserves?|earned|needs?) (?:a|the) (?:bullet|rope|noose|firing squad|bullet in the head|"
        r"beating|guillotine|lynching|gas chamber)\b",
        0.8,
        0.7,
    ),
    _p(
        "kill-yourself",
        r"\b(?:kill|hang|shoot) (?:yourself|urself|yourselves|ur self)\b|\bkys\b|"
        r"\bgo (?:and )?die\b|\bdrink bleach\b",
        0.8,
        0.8,
    ),
    _p(
        "coming-for-you",
        r"\b(?:i'm|i am|we're|we are|i'll|we'll|i will|we will) (?:coming for|hunt(?:ing)? down|"
        r"find(?:ing)?|get(?:ting)?) (?:you|u|him|her|them|your family)\b(?! (?:a|an|the|some|tickets?)\b)",
        0.7,
        0.5,
    ),
    _p(
        "hunt-down",
        rf"\b(?:find|hunt down|track down|hunt) {_PERSON_STRICT} (?:down )?and (?:make {_PERSON_STRICT} pay|"
        rf"{_ACT_ACTIVE}|end {_PERSON_STRICT}|hurt {_PERSON_STRICT})\b",
        0.8,
        0.6,
    ),
    _p(
        "watch-back",
        r"\bwatch your back\b|\byour days are numbered\b|\byou(?:'re| are) (?:a )?dead (?:man|meat|woman)\b|"
        r"\byou won't see it coming\b|\bsleep with one eye open\b|\bdon't sleep too (?:soundly|well|easy|"
        r"easily)\b",
        0.75,
        0.55,
    ),
    _p(
        "bullet-head",
        r"\b(?:bullet|bullets|knife|blade) (?:in|through|between) (?:your|his|her|their) "
        r"(?:head|skull|brain|face|eyes|chest|back|throat|heart)\b",
        0.85,
        0.75,
    ),
    _p("six-feet", rf"\b(?:put|send|bury) {_PERSON_STRICT} (?:six|6) feet under\b", 0.85, 0.75),
    _p(
        "rope-out",
        r"\b(?:bring|get|fetch) (?:out )?the (?:rope|ropes|noose|nooses|gallows|guillotine|pitchforks|"
        r"gas chambers|ovens)\b",
        0.8,
        0.7,
    ),
    # Bodily harm promised or wished: "I'll break your jaw", "he's getting his legs broken".
    _p(
        "break-bones",
        rf"\b{_FUTURE}(?: [\w']+){{0,4}}? (?:break|smash|snap|crack|bust|cave|kick|knock|bash|rip) "
        rf"(?:your|his|her|their|ur|ya) (?:\w+ )?{_BODY}(?: in| off| out)?\b",
        0.8,
        0.6,
    ),
    _p(
        "bones-broken",
        rf"\b(?:'s|is|are|'re|'ll|will|gonna|going to|should|deserves? to|needs? to|ought to) "
        rf"(?:be )?(?:getting|get|gets|have|having) (?:your|his|her|their|ur) (?:\w+ )?{_BODY} "
        r"(?:broken|smashed|caved in|kicked in|snapped|cut off|blown off|ripped off)\b",
        0.8,
        0.6,
    ),
    _p(
        "in-hospital",
        rf"\b{_FUTURE}(?: [\w']+){{0,2}}? (?:put|putting|send|sending|land|landing) {_PERSON_STRICT} "
        r"(?:in (?:the )?(?:hospital|a wheelchair|intensive care|a coffin|the morgue|an early grave|"
        r"the ground|a body bag|traction)|to (?:an early grave|the morgue|(?:the )?hospital|"
        r"intensive care))\b",
        0.8,
        0.6,
    ),
    _p(
        "hope-someone-hurts",
        r"\b(?:hope|hoping|wish|pray)(?: that)? (?:someone|somebody|some \w+|a \w+) (?:\w+ )?"
        r"(?:stabs|shoots|kills|rapes|beats|murders|runs over|strangles|guns down|lynches|hangs|mugs|"
        rf"attacks|batters|glasses|bottles|knifes|torches) {_PERSON_STRICT}\b",
        0.8,
        0.7,
    ),
    _p(
        "acid",
        r"\bacid (?:in|on|into|over|at|across) (?:your|his|her|their|that \w+'s|the \w+'s) face\b|"
        r"\bthrow(?:ing)? acid (?:at|on|in|over)\b",
        0.85,
        0.8,
    ),
    _p(
        "would-have-shot",
        r"\b(?:i'd|i would|we'd|we would) (?:have|of|'ve) (?:already )?(?:shot|killed|stabbed|strangled|"
        r"hanged|hung|murdered|lynched|knifed|throttled) (?:you|him|her|them|u|that \w+)\b",
        0.7,
        0.6,
    ),
    _p(
        "one-piece",
        r"\b(?:won't|wont|ain't|isn't going to|aren't going to) (?:be )?(?:leave|leaving|walk|walking|go|"
        r"going|get|getting|make it|making it)(?: away| out| home| back)? in one piece\b",
        0.75,
        0.6,
    ),
    _p(
        "pay-a-visit",
        r"\b(?:someone|somebody|some of us|a few of us|we)(?: really)? (?:should|ought to|needs? to|will|'ll|"
        r"are going to|'re going to|are gonna|'re gonna|might) (?:pay|go and pay) "
        r"(?:you|him|her|them|u|that \w+|the \w+|this \w+)(?: \w+)? a (?:little |friendly |late-night |"
        r"late night |personal )?visit(?: at (?:home|(?:his|her|their|your) (?:home|house|door|place))|"
        r"(?= (?:at|in) (?:home|the night)))",
        0.75,
        0.55,
    ),
    _p(
        "end-you",
        r"\b(?:i|we)(?:'ll| will| am going to|'m going to|'m gonna| gonna| shall| are going to|'re going to) "
        r"(?:fucking )?end (?:you|u|ya|him|her)\b",
        0.8,
        0.6,
    ),
    _p(
        "what-is-coming",
        r"\byou(?:'ll| will| are going to|'re going to|'re gonna| gonna) get what(?:'s| is) coming(?: to "
        r"you)?\b|"
        r"\b(?:(?:would(?:n't)?|it'd|it would) be )?(?:a )?(?:real )?(?:shame|pity|tragedy) if (?:something|"
        r"anything) (?:bad )?(?:happened|were to happen|"
        r"was to happen) to (?:you|your|him|her|them|that|this)\b|"
        r"\b(?:keep|carry on|go on) (?:posting|talking|commenting|reporting|writing|replying|messaging|"
        r"it up|this up|that up|going|pushing|"
        r"mouthing off|running your mouth|poking|at it)(?: [\w']+){0,2} and (?:see|watch|find out) what "
        r"happens\b",
        0.7,
        0.5,
    ),
    _p(
        "got-your-address",
        r"\b(?:i|we)(?:'ve| have)? (?:got|found|know|have) your (?:home |real |work )?(?:address|ip|ip "
        r"address|"
        r"postcode|phone number|workplace|kids' school|children's school)\b|"
        r"\byour (?:home )?address is (?:on|in|public|out there)\b",
        0.65,
        0.4,
    ),
    _p(
        "self-harm-urged",
        r"\bslit (?:your|ur) (?:wrists?|throat)\b|"
        r"\b(?:do (?:us|the world|everyone|society) (?:all )?a favou?r and|please just|just go and|go "
        r"and|go) "
        r"(?:overdose|od|jump off (?:a|the) (?:bridge|cliff|building|roof)|neck yourself|off yourself|"
        r"top yourself|end it(?: all)?|end your (?:life|miserable life)|die|drop dead|stop breathing|"
        r"walk into traffic|jump in front of a (?:train|bus))\b|"
        r"\b(?:neck|off|top|unalive) (?:yourself|urself)\b|\bset (?:yourself|urself) on fire\b|"
        r"\bstarve (?:yourself|urself)\b|\bgo play in (?:the )?traffic\b|"
        r"\bswallow (?:a bottle of|a handful of|some|the|all your) (?:pills|tablets|bleach)\b|"
        r"\brope is cheaper than\b|\bwhy are you still alive\b|\bconsidered not existing\b|"
        r"\b(?:the world|everyone|this site|we) (?:would|'d) be (?:a )?better (?:place |off )?without you\b|"
        r"\boverdose and die\b",
        0.8,
        0.8,
    ),
    # The general frame: who will do it, within a few words a harm, aimed at a person or their
    # body, home or family ("I'm going to find you and I'm going to hurt you", "ill stab you",
    # "I'll wring your scrawny neck", "I will burn your shop to the ground", "someone needs to
    # take that judge out", "I'd happily put that goalkeeper in the ground").
    _p(
        "promise-harm",
        rf"\b{_INTEND}(?: [\w']+){{0,4}}? {_HARM_V}(?: (?:the (?:shit|hell|fuck|life)|the living "
        r"daylights|seven bells) out of)? "
        rf"(?:{_VICTIM})\b{_NOT_HARM}",
        0.8,
        0.65,
    ),
    # The general frame with a name for its victim: "someone needs to put a bullet in Hargreaves",
    # "I'll stab Councillor Baines". The name must be capitalised in the original (``_is_name``).
    _p(
        "promise-harm-named",
        rf"\b{_INTEND_ONE}(?: [\w']+){{0,3}}? {_HARM_NAMED} {_TITLE}(?P<name>[a-z][a-z-]{{2,}})\b(?!')"
        rf"{_NOT_HARM}(?! (?:at|in) (?:the )?(?:chess|cards|darts|pool|golf|tennis|poker|debate|polls)\b)",
        0.8,
        0.65,
        named=True,
    ),
    _p(
        "harm-victim-out",
        rf"\b{_INTEND}(?: [\w']+){{0,3}}? (?:take|took|rub|snuff|knock|wipe|stamp|sort|do|fix) "
        rf"(?:{_VICTIM}) (?:out|off|in|over|properly|proper|permanently|for good)\b{_NOT_HARM}",
        0.75,
        0.6,
    ),
    _p(
        "run-victim-over",
        rf"\b{_INTEND}(?: [\w']+){{0,4}}? run (?:{_VICTIM}) (?:over|down|off the road)\b",
        0.8,
        0.65,
    ),
    _p(
        "victim-needs-hanging",
        rf"\b{_PERSON_STRICT} (?:needs?|deserves?|wants?|could do with) (?:a )?(?:good )?(?:hanging|shooting|"
        r"stabbing|kicking|beating|battering|bullet|lynching|stringing up|kneecapping)\b",
        0.8,
        0.65,
    ),
    _p(
        "minutes-alone-with",
        rf"\bminutes alone with (?:{_VICTIM}) and (?:a|my) (?:baseball bat|bat|hammer|knife|crowbar|brick|"
        r"golf club|machete|blowtorch|shotgun|gun)\b",
        0.8,
        0.65,
    ),
    _p(
        "through-the-window",
        rf"\b{_INTEND}(?: [\w']+){{0,3}}? (?:put|throw|smash|push) (?:{_VICTIM}) through "
        r"(?:a|the|your|his|her) (?:window|windscreen|windshield|wall|table|door)\b",
        0.8,
        0.6,
    ),
    _p(
        "hope-car-torched",
        rf"\b(?:hope|hoping|wish|pray)(?: that)? {_PERSON_STRICT} gets? (?:his|her|their|your) "
        r"(?:house|home|car|shop|van|place|flat|office) "
        r"(?:torched|burned|burnt|bombed|smashed up|firebombed|blown up)\b",
        0.8,
        0.6,
    ),
    _p(
        "home-in-an-ambulance",
        r"\b(?:going home|go home|be going home|leave|leaving|be leaving|go|going|leave here|be carried out) "
        r"in (?:an ambulance|a body bag|a box|a coffin|a wheelchair|bits|pieces)\b",
        0.75,
        0.55,
    ),
    _p(
        "you-are-dead",
        r"\b(?:you're|youre|ur|you are|u r|u are) (?:so |fucking |literally |already )?dead"
        r"(?=\s*(?:[.!,]|$| meat| man| mate| pal| when| if| soon))",
        0.75,
        0.5,
    ),
    # Stalking and exposure: a reader told that their life off the site is being found and used.
    _p(
        "stalking",
        r"\b(?:i|we)(?:'ve| have)? (?:found|tracked down|looked up|got) your (?:linkedin|instagram|insta|"
        r"facebook|"
        r"twitter|tiktok|real name|workplace|employer|kids|children|wife|husband|family)\b|"
        r"\b(?:i'm|i am|i'll|i will|we're|we'll|i've|i have|im) (?:going to |gonna )?(?:email|emailing|"
        r"emailed|"
        r"contact|contacting|contacted|call|calling|ring|ringing|report|reporting|reported|send|sending|sent|"
        r"forward|forwarding|forwarded)(?: (?:it|this|them|these|all of it|your comments|your posts|"
        r"screenshots|"
        r"your whole comment history|everything))? (?:to )?(?:you to )?your (?:employer|boss|workplace|"
        r"manager|school|kid's school|kids' school|children's school|wife|husband|partner|mum|mom|landlord|"
        r"professional body|girlfriend|boyfriend|family)\b(?! to (?:say|thank|praise|compliment|recommend))|"
        r"\b(?:reply|replying|respond|responding|follow|following) (?:to )?(?:you (?:to|into|around) )?every "
        r"(?:single )?(?:one of your |)(?:comments?|posts?|threads?)(?: you (?:make|post|write|comment on))?"
        r"(?:[^.!?]{0,40}?) until you (?:leave|quit|go|delete|stop|give up)\b|"
        r"\b(?:posting|post|share|sharing|publish|publishing|leak|leaking|dropping|drop) (?:your|her|his) "
        r"(?:home )?(?:address|phone number|number|real name|details|location)\b|"
        r"\b(?:i|we) know (?:what car you drive|where you park|where your kids|which school your|your "
        r"real name)\b|"
        r"\b(?:i )?(?:drove|walked|went|cycled) past your (?:house|home|flat|place|work|office)\b|"
        r"\bkeeping a file on you\b|"
        r"\banyone know where (?:this|that|he|she|the) ?(?:commenter|guy|woman|bloke|person|man|girl|"
        r"reporter|"
        r"journalist)? ?lives\b",
        0.65,
        0.4,
    ),
    _p(
        "beat-to-death",
        rf"\b{_ACT_ACTIVE} {_PERSON_STRICT}(?: all)? (?:to death|to a pulp|until (?:you|he|she|they) die)\b",
        0.85,
        0.8,
    ),
)


@dataclass(frozen=True)
class ThreatResult:
    """What the patterns found: scores in [0, 1] and spans in original offsets."""

    threat: float = 0.0
    severe: float = 0.0
    spans: list[Span] = field(default_factory=list)


def _negated(text: str, begin: int) -> bool:
    """True when the clause before a match negates or reports it ("nobody should be hanged")."""
    clause_start = max(text.rfind(".", 0, begin), text.rfind("!", 0, begin), text.rfind("?", 0, begin))
    before = text[clause_start + 1 : begin]
    return bool(_NEGATED.search(before)) or quoted(text, begin)


def _negated_inside(match: str) -> bool:
    return bool(re.search(r"\b(?:not|never|no one|nobody|noone)\b", match))


# Every pattern needs one of these stems; most texts have none and skip the patterns.
_TRIGGER_STEMS = (
    "hang hung lynch gas behead stab murder tortur rape execut shoot shot kill slaughter extermin "
    "strung string burn strangl chok drown beat bash punch slap run_over gut skin castrat bullet "
    "blow cut slit smash break wall where die dead rot rope noose gallows guillotine pitchfork oven "
    "firing eliminat put_down wiped cull neuter kys bleach coming_for hunt track find hope wish pray "
    "run numbered eye_open see_it_coming feet_under knife blade get_you get_him get_her get_them "
    "snap crack bust cave kick knock rip broken blown hospital wheelchair intensive_care coffin morgue "
    "early_grave body_bag traction in_the_ground acid knif throttl one_piece visit end_you end_u end_ya "
    "end_him end_her coming shame pity what_happens your_address your_home_address your_real_address "
    "your_ip your_postcode your_phone your_workplace your_work_address your_kids your_children address_is "
    "favour favor overdose neck_yourself off_yourself top_yourself neck_urself off_urself top_urself "
    "end_it end_your jump_off walk_into jump_in_front stop_breathing drop_dead go_od sleep_too "
    "torch poison hurt bottle headbutt deck floor thump whack stomp bury smack petrol firebomb set_fire "
    "dogs_on knock rough pummel skewer rape disfigur mutilat waterboard kneecap bludgeon slice carve scalp "
    "gouge wring drag maim crippl glass batter lynch skewer shank minutes_alone through ambulance "
    "take sort fix stamp_on run_you run_him run_her run_them run_this run_that hanging shooting stabbing "
    "kicking beating battering lynching kneecap stoned stamped hacked clubbed tragedy your_boss "
    "your_employer your_manager your_school your_kid your_wife your_husband your_landlord your_mum "
    "your_mom your_partner your_girlfriend your_boyfriend your_family her_home his_home her_address "
    "his_address her_real his_real her_phone his_phone her_number his_number "
    "linkedin instagram insta facebook twitter tiktok real_name workplace employer professional "
    "until_you your_number your_details your_location what_car where_you_park past_your waited file_on "
    "know_where unalive set_yourself set_urself starve_yourself starve_urself play_in swallow rope_is "
    "still_alive not_existing without_you "
    "take_out took_out rub_out snuff sort_out sort_him sort_her sort_them sort_you do_him do_her "
    "do_them do_you fix_him fix_her fix_them fix_you stamp_on wipe_out"
)


def _trie(words: list[str]) -> str:
    """A regex matching exactly the given literals, factored by common prefixes.

    Python's ``re`` tries the branches of an alternation one by one at every position; a
    factored alternation rejects most positions on their first character.
    """
    by_first: dict[str, list[str]] = {}
    for w in words:
        if w:
            by_first.setdefault(w[0], []).append(w[1:])
    branches = [re.escape(c) + _trie(tails) for c, tails in sorted(by_first.items())]
    if not branches:
        return ""
    if "" in words:  # a word ends here and others go on
        return "(?:" + "|".join(branches) + ")?"
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# Equivalent to ``\b(?:stem|stem|...)`` over the stems above, which is all a search needs.
_TRIGGER = re.compile(r"\b" + _trie([stem.replace("_", " ") for stem in _TRIGGER_STEMS.split()]))

# For each pattern, literals of which at least one occurs in every text it can match (each is
# part of every branch of a required piece of the pattern); patterns with none present are not
# run. The tests check gated and ungated detection agree.
_STRONG_GATE = (
    "hanged lynched gassed beheaded stabbed murdered tortured raped shot_ slaughtered exterminated "
    "strung_up burned_ burnt_ put_ beaten_to_death dragged_out thrown_off skinned_alive castrated "
    "guillotined lined_up_and_shot kicked_to stoned_to stamped_to burned_to burnt_to hacked_to clubbed_to"
)
_ACTIVE_GATE = (
    "hang lynch gas behead stab murder torture rape execute shoot kill slaughter exterminate string_up "
    "burn strangle choke drown beat bash punch slap run_over gut skin castrate put_a_bullet blow_ cut "
    "slit smash break"
)
# "promise-harm": one of its harm verbs is in every text it matches.
_HARM_GATE = (
    "stab shoot kill strangl chok burn torch poison drown gut break hurt hang knife cut slit bash kick "
    "punch batter wring blow bomb shank slap murder maim crippl glass bottle headbutt deck thump whack "
    "stomp hospital smack throttl petrol firebomb set_fire set_the_dogs set_dogs run_over knock beat "
    "rough pummel skewer lynch behead execut tortur rape acid disfigur mutilat hunt put_down string "
    "tie_up waterboard kneecap bludgeon slice carve skin scalp gouge cave smash"
)
_GATES: dict[str, str] = {
    "should-be-killed": _STRONG_GATE,
    "should-be-shot": "shot killed executed hung eliminated put_down wiped_out drowned run_over culled "
    "neutered burned",
    "and-should-be-shot": "shot killed executed hung eliminated put_down wiped_out drowned run_over culled "
    "neutered burned " + _STRONG_GATE,
    "to-be-shot": "to_be_",
    "someone-should": _ACTIVE_GATE,
    "imperative": _ACTIVE_GATE,
    "run-over": "run",
    "wall": "wall",
    "know-where": "_where_",
    "hope-burns": "hope wish pray",
    "hope-die": "hope wish pray",
    "deserve-bullet": "deserve earned need",
    "kill-yourself": "urself ur_self kys die bleach",
    "coming-for-you": "coming_for hunt find get",
    "hunt-down": "find hunt track",
    "watch-back": "watch_your_back days_are_numbered dead_ see_it_coming one_eye_open sleep_too",
    "bullet-head": "bullet knife blade",
    "six-feet": "feet_under",
    "rope-out": "bring get fetch",
    "beat-to-death": "to_death to_a_pulp until_",
    "stalking": "linkedin instagram insta facebook twitter tiktok real_name workplace employer kids "
    "children wife husband family boss manager school landlord mum mom partner girlfriend boyfriend "
    "professional work until_you address number phone details location what_car where_you_park "
    "where_your which_school past_your file_on know_where",
    "run-victim-over": "run",
    "victim-needs-hanging": "hanging shooting stabbing kicking beating battering bullet lynching stringing "
    "kneecapping",
    "minutes-alone-with": "minutes_alone",
    "through-the-window": "through",
    "hope-car-torched": "hope wish pray",
    "home-in-an-ambulance": "ambulance body_bag a_box coffin wheelchair bits pieces",
    "you-are-dead": "dead",
    "promise-harm": _HARM_GATE,
    "promise-harm-named": "stab strangl hang lynch behead knife shank glass string bullet round "
    "slit tortur kneecap throttl curb petrol firebomb acid kill shoot murder execut gut chok",
    "harm-victim-out": "take took rub snuff knock wipe stamp sort do_him do_her do_them do_you do_u fix",
    "break-bones": "break smash snap crack bust cave kick knock bash rip",
    "bones-broken": "broken smashed caved kicked snapped cut_off blown_off ripped_off",
    "in-hospital": "hospital wheelchair intensive_care coffin morgue early_grave the_ground body_bag "
    "traction",
    "hope-someone-hurts": "hope wish pray",
    "acid": "acid",
    "would-have-shot": "shot killed stabbed strangled hanged hung murdered lynched knifed throttled",
    "one-piece": "one_piece",
    "pay-a-visit": "visit",
    "end-you": "end_you end_u end_ya end_him end_her",
    "what-is-coming": "coming shame pity tragedy what_happens",
    "got-your-address": "address your_ip postcode phone workplace school",
    "self-harm-urged": "unalive set_yourself set_urself starve_yourself starve_urself play_in swallow "
    "rope_is still_alive not_existing without_you slit overdose go_od neck_yourself neck_urself "
    "off_yourself off_urself top_yourself "
    "top_urself end_it end_your jump_off walk_into jump_in_front stop_breathing drop_dead _die",
}
_GATED: tuple[tuple[Pattern, tuple[str, ...]], ...] = tuple(
    (pat, tuple(w.replace("_", " ") for w in _GATES[pat.name].split())) for pat in PATTERNS
)


_LITERALS: frozenset[str] = frozenset(lit for _, gate in _GATED for lit in gate)
# Every gate literal that starts at any position, in one scan: at each position the factored
# alternation takes the longest literal there, and the shorter ones it starts with come with it.
_GATE_SCAN = re.compile("(?=(" + _trie(sorted(_LITERALS)) + "))")
_IMPLIED: dict[str, tuple[str, ...]] = {}
# Per literal found by the scan, the patterns (their numbers in ``_GATED``) it lets run.
_OPENS: dict[str, frozenset[int]] = {}


def _implied(found: str) -> tuple[str, ...]:
    """The gate literals ``found`` starts with (itself included)."""
    lits = _IMPLIED.get(found)
    if lits is None:
        lits = _IMPLIED[found] = tuple(found[:k] for k in range(1, len(found) + 1) if found[:k] in _LITERALS)
    return lits


def _opened(found: str) -> frozenset[int]:
    """The patterns with a gate literal that ``found`` starts with."""
    opened = _OPENS.get(found)
    if opened is None:
        lits = _implied(found)
        opened = _OPENS[found] = frozenset(
            k for k, (_, gate) in enumerate(_GATED) if not set(gate).isdisjoint(lits)
        )
    return opened


def _candidates(text: str) -> list[Pattern]:
    """The patterns that may match ``text``: those with a gate literal present, in order."""
    found: set[int] = set()
    for m in _GATE_SCAN.finditer(text):
        found |= _opened(m.group(1))
    return [_GATED[k][0] for k in sorted(found)]


# Capitalised words that are not a person's name.
_NOT_NAMES = frozenset(
    re.findall(
        r"\S+",
        "i monday tuesday wednesday thursday friday saturday sunday january february march april may june "
        "july august september october november december christmas easter god christ jesus allah "
        "everyone everybody anyone anybody someone somebody people them him her you",
    )
)


def _is_name(norm: Normalized, m: re.Match[str]) -> bool:
    """Whether the match's ``name`` group is capitalised in the original text, as a name is."""
    word = m.group("name")
    if word in _NOT_NAMES:
        return False
    b, e = norm.to_original(m.start("name"), m.end("name"))
    original = norm.original[b:e]
    return bool(original) and original[0].isupper() and not original.isupper()


def detect(norm: Normalized) -> ThreatResult:
    """Find threat patterns in normalised text; the strongest match sets the scores."""
    text = norm.text
    if not _TRIGGER.search(text):
        return ThreatResult()
    threat = severe = 0.0
    spans: list[Span] = []
    for pat in _candidates(text):
        for m in pat.regex.finditer(text):
            begin = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" .!?")))
            if _negated(text, begin) or _negated_inside(m.group(0)):
                continue
            if pat.named and not _is_name(norm, m):
                continue
            b, e = norm.to_original(begin, m.end())
            spans.append(Span(b, e, ("threat",), pat.threat))
            threat = max(threat, pat.threat)
            severe = max(severe, pat.severe)
    return ThreatResult(threat, severe, spans)


def detect_text(text: str) -> ThreatResult:
    """``detect`` on a raw text."""
    return detect(normalize(text))


#: Shared with ``salon.moderation.incitement``: the clause test, the quote test, the factored
#: literal alternation.
negated = _negated
literal_regex = _trie
