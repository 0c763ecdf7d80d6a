"""Abuse of one reader, as incitement patterns: contempt nouns after "you" or "is a", insulting
comparisons, a mother dragged in, sexual remarks on a reader's picture or body. Their words are in
``incitement_words``; ``incitement_patterns`` puts them among the others, ``incitement`` runs them."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p
from salon.moderation.threats import literal_regex as _L

__all__ = ["READER_PATTERNS"]

_CONTEMPT_NOUN = _L(sorted(w.replace("_", " ") for w in W.CONTEMPT_NOUNS))
_CONTEMPT_GATE = " ".join(w.replace("-", "_") for w in W.CONTEMPT_NOUNS)
# After "you are" with the strict adjectives only, the nouns with another sense count too.
_INSULT_NOUN = _L(sorted(w.replace("_", " ") for w in W.CONTEMPT_NOUNS + W.SOFT_INSULT_NOUNS))
_INSULT_GATE = " ".join(w.replace("-", "_") for w in W.CONTEMPT_NOUNS + W.SOFT_INSULT_NOUNS)
# What "told-to-shut-up-with-a-name" calls the reader: an insulting noun, or one of its five others.
_INSULT_NAME_GATE = _INSULT_GATE + " snowflake princess sunshine sweetie boomer"
# After "you" or "is a" with any words between: the nouns with no civil sense and those that
# insult once aimed ("you smug prat", "an arrogant, clueless prick").
_STRONG_INSULT = _L(sorted(w.replace("_", " ") for w in W.CONTEMPT_NOUNS + W.AIMED_INSULT_NOUNS))
_STRONG_INSULT_GATE = " ".join(w.replace("-", "_") for w in W.CONTEMPT_NOUNS + W.AIMED_INSULT_NOUNS)

READER_PATTERNS: tuple[Pattern, ...] = (
    # -- abuse of one reader ---------------------------------------------------------------------
    _p(
        "you-are-a-waste",
        "degrade",
        r"\b(?:you|u|ya)(?:'re| are| r|re)? (?:(?:such|a|an|the|absolute|complete|total|utter|pathetic|sad|"
        r"little|stupid|fucking|bloody|massive|giant|right|proper|useless|worthless|brainless|spineless|"
        r"gutless|clueless|smug|miserable) )*(?:waste of (?:oxygen|space|skin|air|a life|a human being)|"
        rf"{_INSULT_NOUN}|sad little (?:man|woman|boy|girl|troll)|"
        r"dumbest (?:person|man|woman|poster|commenter|troll|idiot))\b",
        f"waste {_INSULT_GATE} sad dumbest | you u ya",
        group=False,
    ),
    _p(
        "this-insult-noun",
        "degrade",
        rf"\b(?:this|that|the|some|another) (?:absolute |complete |total |utter )?{_CONTEMPT_NOUN}\b",
        _CONTEMPT_GATE,
        group=False,
        insult=0.6,
        toxicity=0.65,
    ),
    _p(
        "told-to-shut-up-with-a-name",
        "degrade",
        r"(?:^|[.!?,:;] *)(?:pipe down|shut up|sit down|get lost|piss off|go away|grow up|cry more|"
        r"simmer down|wind your neck in|jog on),? (?:you )?(?:(?:little|stupid|sad|pathetic) )?"
        rf"(?:{_INSULT_NOUN}|snowflake|princess|sunshine|sweetie|boomer)\b",
        f"pipe shut sit get piss go grow cry simmer wind jog | {_INSULT_NAME_GATE}",
        group=False,
    ),
    _p(
        "your-mother-should-have",
        "degrade",
        r"\byour (?:mum|mom|mother|mam|ma|parents|dad|father) (?:should have|should've|shoulda|must be so|"
        r"must be|must have been|must) (?:swallowed|aborted you|ashamed|embarrassed|disappointed|"
        r"regret (?:having|raising) you)\b",
        "mum mom mother mam ma parent dad father | your",
        group=False,
    ),
    _p(
        "sexual-remarks",
        "degrade",
        r"\b(?:nice|great|cute|hot|sexy) (?:tits|boobs|ass|arse|legs|body|rack|pics?|photos?) "
        r"(?:in|on) your (?:avatar|profile|pic|photo|picture)\b|"
        r"\bsend (?:me )?(?:nudes|more pics|a few more|some pics|pics of you)\b|"
        r"\b(?:needs?|want|wants) a good (?:shag|seeing to|fuck|dicking|rogering|spanking)\b|"
        r"\bsomething in (?:your|her) mouth\b|"
        r"\b(?:dm|message|pm|inbox) me,? (?:sweetie|sweetheart|babe|baby|darling|love|honey|gorgeous)\b",
        "your_avatar your_profile your_pic your_photo your_picture nudes send_pics send_more shag "
        "good_seeing good_fuck dicking rogeri spanki somethin_mouth me_sweetie me_sweetheart me_babe "
        "me_baby me_darling me_love me_honey me_gorgeous",
        group=False,
        severe=0.5,
    ),
    _p(
        "you-strong-insult",
        "degrade",
        rf"\b(?:you|u|ya|ur|you're|youre|you are|he's|she's|he is|she is|(?:is|was|'s) (?:a|an|such an?|"
        rf"the biggest|"
        r"the worst)|(?:^|[.!?] +)(?:absolute|total|utter|complete|stfu|shut up|oi|cheers|thanks|okay|ok|"
        r"sure|"
        rf"right)?,?)(?: [a-z,'-]+){{0,3}}? {_STRONG_INSULT}\b",
        _STRONG_INSULT_GATE,
        group=False,
        insult=0.75,
    ),
    _p(
        "insulting-comparison",
        "degrade",
        r"\b(?:dumber|thicker|stupider) than (?:a )?(?:bag|sack|box) of (?:hammers|rocks|bricks|spanners|"
        r"spanners|hair|wet mice)\b|\bthick as (?:mince|two short planks|pigshit|a brick|shit)\b|"
        r"\b(?:the )?(?:intellectual depth|iq|brains?|emotional maturity|critical faculties|intelligence|"
        r"attention span|personality) of a (?:puddle|goldfish|toddler|house ?plant|shopping trolley|potato|"
        r"brick|gnat|sponge|lettuce|wet lettuce|doorknob|turnip|damp flannel)\b|"
        r"\b(?:i've|i have) met smarter (?:house ?plants|rocks|dogs|potatoes|sandwiches|bricks|turnips)\b",
        "dumber thicker stupid thick depth iq brain brains maturi facult intell attent person smarter",
        group=False,
        insult=0.75,
    ),
)
