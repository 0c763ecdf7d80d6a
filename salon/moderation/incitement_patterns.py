"""The incitement patterns against groups, family by family (the abuse of one reader is in
``reader_abuse``, the frame every pattern is made with in ``incitement_frames``).

``salon.moderation.incitement`` runs them and judges each match in its context (negation,
reporting, condemnation, sport, the policy on legal status); docs/moderation.md describes the
families.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain

from salon.moderation import incitement_words as W
from salon.moderation.groups import (
    ADJECTIVE,
    FOLLOW,
    GROUP,
    GROUP_HEAD,
    GROUP_SINGULAR,
    PLACES,
)
from salon.moderation.incitement_frames import CATEGORIES, KEY_LENGTH, Gate, Pattern
from salon.moderation.incitement_frames import pattern as _p
from salon.moderation.reader_abuse import READER_PATTERNS
from salon.moderation.threats import literal_regex

__all__ = [
    "CATEGORIES",
    "KEY_LENGTH",
    "PATTERNS",
    "SEPARATORS",
    "Gate",
    "Pattern",
    "prefixes",
    "triggered",
    "words_of",
]

_L = literal_regex

#: Gate keys are word prefixes of at most this many letters.
_HARM_GATE = (
    "kill shot exterminat eradicat gass steril castrat lynch hang hung behead burn bomb nuke cull purg "
    "euthan sleep dispos stoned flatte fumiga "
    "liquidat put_down put_death put_wall put_camps put_chambers lined_up stabbed tortured raped drown "
    "gunned mowed mown hunted strung erased wiped thrown_sea pushed_sea sent_chamber sent_oven "
    "sent_camp rounded cleansed genocid beaten_death destroyed slaughter massac annihil "
    "murder butcher eliminated executed"
)
_ACT_GATE = (
    "kill kil kll klil kiil shoot gas extermin eradic wipe nuke bomb slaughter massacre murder execute "
    "hang lynch burn butcher eliminat annihil steril castrat behead cull purge liquidat genocide cleanse "
    "gun_down mow_down drown destroy stab rape round_up line_up hunt_down hunt_kill flatten firebo "
    "burn_out stone euthan"
)
#: Verbs of hatred: one word (with its commonest misspellings), then the phrases.
_HATE_WORD = r"(?:hate|h8|hte|htae|haet|despise|detest|loathe|abhor)"
_HATE_V = rf"(?:{_HATE_WORD}|can't stand|cant stand|cannot stand|can't bear|cant bear|cannot bear)"
_EXPEL_GATE = "deport expel kick thrown driven chased booted shipped removed rounded forced rid banned sent"
_TRAITS = _L(sorted(w.replace("_", " ") for w in W.TRAIT_ADJECTIVES + W.TRAIT_NOUNS))
_TRAIT_GATE = " ".join(sorted(set(W.TRAIT_ADJECTIVES + W.TRAIT_NOUNS)))

_GROUP_PATTERNS: tuple[Pattern, ...] = (
    # -- violence ------------------------------------------------------------------------------
    _p(
        "group-should-be-killed",
        "violence",
        rf"\b{GROUP} (?:all |too )?{W.MODAL} (?:{W.ADV})*{W.BE} (?:{W.ADV})*{W.HARM_PP}\b",
        _HARM_GATE,
    ),
    _p(
        "all-of-them-should-be-killed",
        "violence",
        rf"\b{W.COLLECTIVE} (?:all |too )?(?:{W.MODAL}|are|is) (?:{W.ADV})*(?:to )?{W.BE} (?:{W.ADV})*"
        rf"{W.HARM_PP}\b",
        f"all_them all_people all_em every_them every_em lot_them lot_em every_one | {_HARM_GATE}",
        group=False,
        threat=0.85,
        severe=0.75,
        identity=0.8,
    ),
    _p(
        "they-all-should-be-killed",
        "violence",
        rf"\bthey (?:all {W.MODAL}|{W.MODAL} all|{W.MODAL} (?:{W.ADV})*{W.BE} all) (?:{W.ADV})*"
        rf"(?:{W.BE} )?(?:{W.ADV})*{W.HARM_PP}\b",
        f"they_all | {_HARM_GATE}",
        group=False,
        threat=0.85,
        severe=0.75,
        identity=0.8,
    ),
    _p(
        "group-should-die",
        "violence",
        rf"\b{GROUP} {W.SHOULD_DIE}",
        "die perish dead starve burn | should must need deserve have ought gotta can shall",
    ),
    _p(
        "all-of-them-should-die",
        "violence",
        rf"\b{W.COLLECTIVE} {W.SHOULD_DIE}",
        "die perish dead starve burn | should must need deserve have ought gotta can shall",
        group=False,
    ),
    _p(
        "group-deserves-death",
        "violence",
        rf"\b{GROUP} (?:all )?(?:deserve|deserves|need|needs|should get|should be given|earned) "
        r"(?:death|to die|a bullet|bullets|the (?:rope|noose|gas chambers?|bullet|firing squad|ovens?)|"
        r"(?:a |another )?(?:genocide|holocaust|extermination|final solution|gas chamber|firing squad|"
        r"bullet in the head))\b",
        "death die bullet rope noose gas firing ovens genocide holocaust extermination final_solution",
    ),
    _p(
        "someone-should-kill-group",
        "violence",
        rf"\b(?:{W.SOMEONE} (?:really |just |all |finally )?(?:should|must|need to|needs to|ought to|"
        rf"have to|has to|gotta|got to|have got to|has got to|shall)|{W.PROMISE}) (?:just |finally |all |"
        rf"really |fucking |go |go and |come and |start to |start |simply )*{W.ACT_V} {GROUP}{FOLLOW}",
        _ACT_GATE + " | should must need ought have has gotta got shall will ll re going gonna want wanna "
        "would love d happily can cant",
    ),
    _p(
        "kill-the-group",
        "violence",
        rf"(?:^|[.!?:;] +|\b(?:just|and|so|then|let's|lets|let us|time to|it's time to|its time to|go|"
        rf"please|we must|we need to) )(?:just |simply |fucking )?{W.ACT_V} {GROUP}{FOLLOW}",
        _ACT_GATE,
    ),
    _p(
        "kill-all-the-group",
        "violence",
        rf"\b{W.ACT_V} (?=all\b|every\b|each\b){GROUP}{FOLLOW}",
        _ACT_GATE + " | all every each",
    ),
    _p(
        "kill-every-member",
        "violence",
        rf"\b{W.ACT_V} (?:every|each) (?:single |last )?{GROUP_SINGULAR}{FOLLOW}",
        _ACT_GATE + " | every each",
    ),
    _p(
        # "I will shoot the next Muslim who talks to me", "I'd stab any Jew": a promise aimed at
        # whichever member comes along.
        "promise-to-kill-a-member",
        "violence",
        rf"\b(?:{W.PROMISE}) (?:just |happily |gladly |really |fucking |personally )*{W.ACT_V} "
        rf"(?:the next|the first|any|a|an|one|some) (?:single )?{GROUP_SINGULAR}{FOLLOW}",
        _ACT_GATE,
    ),
    _p(
        # "I'm going to make sure the Kurds in this town bleed": the writer promises the harm.
        "promise-group-suffers",
        "violence",
        rf"\b(?:{W.PROMISE}) (?:personally |really |just )?(?:make sure|see to it|ensure)(?: that)? "
        rf"{GROUP} (?:all |will |would |are going to |gonna )*(?:bleed|suffer|die|burn|hang|pay with their "
        r"lives|pay in blood|get (?:killed|shot|hurt|lynched|beaten|what's coming)|never (?:walk|breathe) "
        r"again)\b",
        "make_sure see_to ensure | bleed suffer die burn hang pay get never",
        threat=0.85,
    ),
    _p(
        # Arson and attacks on a group's homes, shops and places of worship.
        "attack-their-homes",
        "violence",
        r"\b(?:burn down|burn|torch|firebomb|fire bomb|bomb|blow up|smash up|set fire to|set on fire|"
        r"attack|raid|destroy|wreck) (?:all |every |the |their |those |these )*(?:houses|homes|"
        r"shops|businesses|mosques?|synagogues?|churches|temples?|gurdwaras?|camps|villages|"
        rf"neighbou?rhoods) (?:of|belonging to|owned by) {GROUP}{FOLLOW}",
        "burn torch firebo fire bomb blow smash set attack raid destroy wreck | houses homes shops "
        "busine mosque synago church temple gurdwa camps villag neighb",
        threat=0.85,
    ),
    _p(
        "attack-places-of-worship",
        "violence",
        r"(?:^|[.!?:;] +|\b(?:just|and|so|then|let's|lets|let us|time to|we must|we should|we need to|"
        rf"someone should|{W.PROMISE}) )(?:burn down|burn|torch|firebomb|bomb|blow up|set fire to) "
        r"(?:every|all the|all|each|their|those|these) (?:single |last )?(?:mosques?|synagogues?|"
        r"gurdwaras?|temples?)\b",
        "burn torch firebo bomb blow set | mosque synago gurdwa temple",
        group=False,
        threat=0.85,
    ),
    _p(
        # "I will torch the hostel full of immigrants tonight", "someone should burn down every
        # immigrant hostel", "I'm going to set fire to the Roma camp": arson promised or urged
        # against the places a group lives, prays or works (a report, "rioters set fire to a
        # hostel housing refugees", has no one promising or urging it).
        "attack-group-places",
        "violence",
        r"(?:^|[.!?:;] +|\b(?:just|and|so|then|let's|lets|let us|time to|we must|we should|we need to|"
        rf"(?:someone|somebody) (?:should|needs to|ought to|must|has to|will)|{W.PROMISE}) )(?:go and |"
        r"personally |happily |gladly |just )?(?:burn down|burn|torch|firebomb|fire bomb|petrol bomb|bomb|"
        r"blow up|set fire to|set alight|smash up|attack|raid) (?:every|all the|all|each|their|those|these|"
        r"that|this|the|a|an)? ?(?:single |last |fucking )?"
        rf"(?:(?:{ADJECTIVE}) (?:hostels?|camps?|centres?|centers?|homes?|houses?|shops?|neighbou?rhoods?|"
        r"mosques?|synagogues?|churches|church|temples?|schools?|villages?|estates?|businesses|business|"
        r"restaurants?|families)|(?:hostels?|camps?|centres?|centers?|homes?|houses?|buildings?|hotels?|"
        rf"flats?|mosques?|synagogues?) (?:full of|housing|for|with) {GROUP})\b",
        "burn torch firebo fire petrol bomb blow set smash attack raid | hostel camp centre center home "
        "house shop neighb mosque synago church temple school villag estate busine restau famili buildi "
        "hotel flat",
        group=False,
        threat=0.85,
        severe=0.75,
    ),
    _p(
        # "It would be best if all Muslims were executed", "the world would be better if Jews were
        # dead", "I wish Kurds were all wiped out".
        "better-if-group-were-dead",
        "violence",
        r"\b(?:it (?:would|'d|will) (?:honestly |really |probably |definitely )?be (?:honestly |really |"
        r"just |"
        r"far |much |so much )?(?:best|better|great|nice|good|wonderful|"
        r"ideal)(?: for (?:everyone|everybody|all of us|us all|the rest of us|society|the country|us))?|"
        r"(?:the|this|our) (?:world|country|planet|town|city|continent) (?:would|'d|will) be (?:a )?"
        r"(?:better|safer|nicer|cleaner|happier)(?: place)?|(?:i|we) (?:really )?(?:wish|hope)|if only|"
        r"(?:i|we)(?:'d| would) (?:be|feel) (?:so )?(?:happy|glad|happier|relieved)) "
        rf"(?:if |that |when )?{GROUP} (?:were|was|are|got|get|would be|could be|all) "
        r"(?:(?:all|just|simply|quietly|finally|painlessly|humanely) )*"
        rf"(?:be )?(?:{W.HARM_PP}|dead)\b",
        f"{_HARM_GATE} dead euthan sleep dispos stoned flatte fumiga | best better great nice good wonder "
        "ideal safer nicer cleane happie wish "
        "hope only happy glad reliev",
        threat=0.85,
        severe=0.75,
    ),
    _p(
        # "I will beat any gay person who walks past my house", "I'm going to beat every woman
        # who talks back": harm promised to whichever member comes along.
        "promise-to-hurt-a-member",
        "violence",
        rf"\b(?:{W.PROMISE}) (?:just |happily |gladly |really |fucking |personally )*{W.HURT_V} "
        rf"(?:the next|the first|any|every|each|a|an|one|some) (?:single )?{GROUP_SINGULAR}{FOLLOW}"
        rf"{W.NOT_SPORT}(?! at (?:cards|pool|darts|golf|tennis|poker|\w+ing)\b)",
        "beat batter bash attack assault hurt punch kick knife glass maim crippl tortur terror smash set "
        "torch firebo petrol run | next first any every each one some",
        threat=0.85,
        severe=0.7,
    ),
    _p(
        # "Trans people deserve to be beaten", "refugees should be attacked until they go home",
        # "women who speak up deserve to be attacked".
        "group-deserves-to-be-hurt",
        "violence",
        rf"\b{GROUP}(?: who [^.!?]{{1,40}}?)? (?:all |too )?(?:deserve|deserves|should|must|need to|needs to|"
        rf"ought to|have to|are to) (?:all |just |really )?(?:to )?(?:be|get) (?:{W.ADV})*{W.HURT_PP}\b"
        rf"{W.NOT_SPORT}",
        "beaten attack assaul hurt bashed batter punche kicked knifed maimed set torche firebo petrol "
        "blown run sunk torped tortur terror hunted | deserv should must need ought have",
        threat=0.8,
        severe=0.65,
    ),
    _p(
        # "Trans people deserve every bit of violence they get", "Roma deserve all the beatings".
        "group-deserves-the-violence",
        "violence",
        rf"\b{GROUP}(?: who [^.!?]{{1,40}}?)? (?:all )?(?:deserve|deserves|had it coming|have it coming) "
        r"(?:every bit of |all of |all )?(?:the )?(?:violence|beatings?|attacks|abuse|bullets|kicking|"
        r"kickings|hiding|lynching|pogroms?)\b",
        "violen beatin attack abuse bullet kickin hiding lynchi pogrom | deserv coming",
        threat=0.8,
        severe=0.65,
    ),
    _p(
        # "It would be a good thing if trans people were beaten in the streets."
        "better-if-group-were-hurt",
        "violence",
        r"\b(?:it (?:would|'d|will) (?:honestly |really |probably |definitely )?be (?:a )?(?:good thing|"
        r"great|best|better|nice|good)|(?:i|we) (?:really )?(?:wish|hope)|i'd (?:be|feel) (?:so )?"
        r"(?:happy|glad)) "
        rf"(?:if |that |when )?{GROUP} (?:were|was|got|get|would be|all) (?:all )?(?:be )?{W.HURT_PP}\b"
        rf"{W.NOT_SPORT}",
        "beaten attack assaul hurt bashed batter punche kicked knifed maimed set torche firebo petrol "
        "blown run sunk torped tortur terror hunted | good great best better nice wish hope happy glad",
        threat=0.8,
        severe=0.65,
    ),
    _p(
        # "Bombing Muslim neighbourhoods is exactly what needs to happen", "killing disabled people
        # is a mercy": violence against a group called for as a good.
        "harming-group-is-good",
        "violence",
        r"\b(?:killing|bombing|shooting|gassing|beating|attacking|burning|torching|firebombing|"
        r"exterminating|executing|hanging|lynching|culling|sterili[sz]ing|euthani[sz]ing|sinking|drowning|"
        r"nuking|wiping out|getting rid of) (?:all |every |the |those |these |their )?"
        rf"(?:{GROUP}|(?:{ADJECTIVE}) (?:\w+ )?(?:neighbou?rhoods?|areas|homes|houses|villages|towns|camps|"
        r"hostels|boats|mosques|synagogues|churches|temples|schools|shops|babies|children|kids))"
        r"(?: [^.!?]{0,30}?)? (?:is|would be|will be|'s) (?:honestly |simply |just |really )?(?:a mercy|"
        r"exactly what|what (?:needs|has|must|we need|this country needs)|the (?:answer|solution|only "
        r"(?:way|solution|answer|option)|right thing|best thing)|justified|necessary|a (?:public service|"
        r"good thing|kindness)|good|fine|needed|overdue|long overdue)\b",
        "killin bombin shooti gassin beatin attack burnin torchi firebo exterm execut hangin lynchi "
        "cullin steril euthan sinkin drowni nuking wiping gettin | mercy exactl needs answer soluti only "
        "right best justif necess public good kindne fine needed overdu",
        threat=0.85,
        severe=0.75,
    ),
    _p(
        # "Refugee boats should be sunk before they reach shore", "sink the migrant boats".
        "sink-their-boats",
        "violence",
        rf"\b(?:(?:{ADJECTIVE}) (?:boats|dinghies|rafts|ships) (?:should|must|need to|ought to|are to) "
        r"(?:all |just )?be (?:sunk|torpedoed|bombed|fired on|shot at|rammed)|(?:sink|torpedo|bomb|ram) "
        rf"(?:the |their |those |these |every |all the )?(?:{ADJECTIVE}) (?:boats|dinghies|rafts|ships))\b",
        "boats dinghi rafts ships | sunk torped bombed fired shot rammed sink torpedo bomb ram",
        group=False,
        threat=0.85,
        severe=0.7,
    ),
    _p(
        "kill-them-all",
        "violence",
        rf"(?:^|[.!?:;] +|\b(?:just|and|so|then|let's|lets|let us|time to|we must|we should|we need to|"
        rf"someone should) ){W.ACT_V} (?:them all|all of them|every (?:last |single )?one of them|"
        r"the lot of them)\b",
        _ACT_GATE,
        group=False,
        context="group",
        threat=0.85,
        severe=0.75,
    ),
    _p(
        "only-good-group-is-dead",
        "violence",
        rf"\bthe only good (?:{GROUP_HEAD}|{GROUP_SINGULAR}) (?:is|are) (?:a )?dead\b",
        "only_good",
        threat=0.85,
    ),
    _p("death-to-group", "violence", rf"\bdeath to {GROUP}{FOLLOW}", "death_to", threat=0.85, severe=0.7),
    _p(
        "wipe-group-off-the-map",
        "violence",
        rf"\b(?:wipe|erase|nuke|bomb|blast) {GROUP} (?:out|off (?:the (?:map|face of the earth|"
        r"planet|earth)|this earth))\b",
        "wipe erase nuke bomb blast",
    ),
    _p(
        "group-to-the-gas-chambers",
        "violence",
        rf"\b(?:put|send|throw|shove|ship) {GROUP} (?:back )?(?:in|into|to) (?:the )?(?:gas chambers?|ovens?|"
        r"camps|concentration camps?|death camps?)\b",
        "gas ovens camps concentration death_camp",
    ),
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
        rf"\b{GROUP} (?:all |too )?{W.MODAL} (?:{W.ADV})*{W.BE} (?:{W.ADV})*{W.EXPEL_PP}\b",
        _EXPEL_GATE,
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
    # -- hatred --------------------------------------------------------------------------------
    _p(
        # Dog whistles: words and phrases that name a group by a code and have no civil reading
        # (the triple-parenthesis "echo" around a name, "ZOG", "oven dodger", "the goyim know",
        # "white genocide", "they will not replace us", "despite being 13 %"). Quoted, reported,
        # condemned or named as a myth ("the 'great replacement' is a racist conspiracy theory",
        # "the myth of white genocide") they pass.
        "dog-whistle",
        "hatred",
        r"(?:(?<=\({3})(?<!['\"‘“]\({3})[a-z](?:[a-z' -]{0,30}?[a-z])?(?=\){3})|"
        r"(?<!myth of )(?<!myth of the )(?<!theory of )"
        r"(?<!theory of the )(?<!so-called )(?<!so called )(?<!called )(?<!trope of )(?<!term )"
        r"(?<!phrase )(?<!slogan )(?<!the word )\b(?:zog|zionist occupied government|oven dodgers?|"
        r"(?:the )?goyim know|remove kebab|kebab removal|dindus?|"
        r"dindu nuffin|white genocide|kalergi plan|(?:they|you|jews) will not replace us|"
        r"(?:the )?great replacement|white replacement|mud ?races?|mudslimes?|groids?|sheboons?|"
        r"despite being (?:only )?(?:13|thirteen)(?: ?%| percent)?|the jq|"
        r"replacement migration agenda)\b)",
        "zog zionis oven goyim remove kebab dindu white kalerg replac mud mudsli groid shebo "
        "despit jq them they media banks jews",
        group=False,
        identity=0.75,
        toxicity=0.75,
    ),
    _p(
        "i-hate-group",
        "hatred",
        r"\b(?:i|we)(?: (?:really|truly|just|honestly|absolutely|fucking|genuinely|totally|do|still|"
        rf"always|have always|will always|utterly|simply|so|deeply|passionately))* {_HATE_V} {GROUP}{FOLLOW}",
        "hate h8 hte htae haet despise detest loathe abhor stand bear",
    ),
    _p(
        "i-hate-group-joined",
        "hatred",
        rf"\b(?:i|we) {_HATE_WORD}(?:{GROUP_HEAD}){FOLLOW}",
        "hate h8 hte htae haet despise detest loathe",
        group=False,
    ),
    _p(
        "never-respect-group",
        "hatred",
        r"\b(?:i|we)(?:'d|'ll| will| would| could| can| shall| do| did)?(?: (?:never|not)|n't| won't| "
        r"wouldn't| couldn't| can't| cannot| don't| didn't)(?: ever| once| in my life)? (?:respect|trust|"
        r"accept|tolerate|hire|employ|welcome|like|love|support|vote for|date|marry|befriend|rent to|"
        rf"serve|let|allow) (?:{GROUP}|(?:(?:a|an|any|one|another) )?(?:{GROUP_SINGULAR}|{ADJECTIVE} "
        rf"(?:man|woman|person|guy|girl|boy|family|neighbour|neighbor)\b)){FOLLOW}(?! (?:who|that|which)\b)",
        "never not won't wouldn't couldn't can't cannot don't didn't | respect trust accept tolerat hire "
        "employ welcome like love support vote date marry befriend rent serve let allow",
    ),
    _p(
        "hate-every-one-of-them",
        "hatred",
        r"(?:\b(?:i|we)(?: (?:really|truly|just|honestly|absolutely|fucking|still|always|do))* |"
        rf"(?:^|[.!?;] +)){_HATE_V} (?:the sight of )?(?:(?:each and )?every (?:single |last )?one of them|"
        r"all of them|them all|the lot of them|each of them|them)\b(?!\s*\?)",
        "hate despise detest loathe abhor stand bear | them",
        group=False,
        context="near-group",
        identity=0.7,
    ),
    _p(
        "they-are-all-scum",
        "hatred",
        r"\b(?:they|(?:(?:each and )?every (?:single |last )?one|all|each|most|the lot) of them)"
        r"(?: (?:are|were|'re|was|is))(?: (?:all|just|nothing but|such|so|a bunch of|a pack of|the same|"
        r"always|every one))*"
        r"(?: an?)? (?:vermin|scum|filth|filthy|disgusting|worthless|subhumans?|animals|parasites|rats|"
        r"cheats?|liars?|thieves|thief|criminals?|savages?|pigs?|dirty|lazy|useless|inferior|"
        r"degenerates?|trash|garbage|rapists?|stupid|idiots|morons|dumb|retarded)"
        r"(?=\s*(?:[.,!;:]|$|and\b|but\b|after\b|like\b|anyway\b|too\b))",
        "they them | vermin scum filth disgust worthless subhuman animal parasit rats cheat liar thie "
        "criminal savage pig dirty lazy useless inferior degenerat trash garbage rapist stupid idiots "
        "morons dumb retard",
        group=False,
        context="near-group",
        identity=0.7,
    ),
    _p(
        "group-disgust-me",
        "hatred",
        rf"\b{GROUP} (?:really |just |honestly |all |simply )*(?:(?:disgust|disgusts|sicken|sickens|revolt|"
        r"revolts|repulse|repulses|nauseate|nauseates) (?:me|us)|make (?:me|us) sick|makes (?:me|us) sick|"
        r"make me want to (?:puke|vomit|throw up))\b",
        "disgust sicken revolt repuls nauseat sick",
    ),
    _p(
        "hatred-of-group",
        "hatred",
        r"\b(?:my|our|such|so much|nothing but|pure|deep) (?:hatred|hate|contempt|loathing|disgust) "
        rf"(?:for|of|towards|toward) {GROUP}\b",
        "hatred hate contempt loathing disgust",
    ),
    # A whole group given a vice: "Somalis are all thieves", "every Polish man is a drunk".
    _p(
        "group-are-vices",
        "hatred",
        rf"\b{GROUP} (?:are|is|'re|were)(?: {W.GENERAL})* (?:{_TRAITS}){W.TRAIT_END}",
        f"{_TRAIT_GATE} | are is re were",
        identity=0.7,
    ),
    _p(
        "every-member-is-a-vice",
        "hatred",
        rf"\b(?:every|each and every|any|each) (?:single |last )?{GROUP_SINGULAR}(?: (?:man|woman|person|guy|"
        rf"boy|girl|male|female))?(?: (?:in|of|from) (?:this|the|our|my) \w+)? (?:is|'s|are) "
        r"(?:(?:a|an|just|basically|always|born|nothing but) )*"
        rf"(?:{_L(sorted({w.rstrip('s') for w in W.TRAIT_NOUNS if '_' not in w} | {'thief'}))}|"
        rf"{_TRAITS})"
        rf"(?:s)?{W.TRAIT_END}",
        f"every each any | {_TRAIT_GATE} thief groomer rapist paedophile pedophile terrorist drunk cheat "
        "liar criminal pedo",
        group=False,
        identity=0.7,
    ),
    _p(
        "group-cannot-be-trusted",
        "hatred",
        rf"\b(?:{GROUP} (?:can't|cannot|can never|should never|must never|are not to) be trusted|"
        rf"(?:you )?(?:can't|cannot|can never|should never|must never|never) trust (?:a |an |any |one )?"
        rf"(?:{GROUP}|{GROUP_SINGULAR}))(?! (?:who|that|to|on|in)\b)",
        "trust trusted",
        group=False,
        identity=0.7,
    ),
    _p(
        "group-only-understand-violence",
        "hatred",
        rf"\b{GROUP} (?:only|just) (?:understand|know|respect|respond to) (?:violence|force|the stick|the "
        rf"whip|"
        r"the boot|a beating|brute force|fear|the language of force)\b",
        "understand know respect respond",
        identity=0.7,
    ),
    _p(
        "group-have-no-morals",
        "hatred",
        rf"\b{GROUP} (?:have|got|has) (?:no|zero) (?:morals|shame|culture|loyalty|honou?r|manners|decency|"
        r"conscience|brains|self-control|respect for (?:women|life|anyone|anything))\b",
        "morals shame culture loyalty honour honor manners decency conscience brains self respect",
        identity=0.7,
    ),
    _p(
        "group-stink",
        "hatred",
        rf"\b{GROUP} (?:all |just |always )*(?:stinks?|reeks?|smells?\b(?! of\b))\b",
        "stink smell reek",
        identity=0.7,
    ),
    _p(
        "group-contributed-nothing",
        "hatred",
        rf"\b{GROUP} (?:have |has )?(?:never )?(?:contributed|invented|achieved|created|built|given "
        r"(?:the world|us)) (?:absolutely |literally )?nothing\b",
        "nothing",
        identity=0.7,
    ),
    _p(
        "group-cannot-invent",
        "hatred",
        rf"\b{GROUP} (?:can't|cannot|couldn't|could never|never|have never|has never) (?:invent|create|"
        r"build|make|achieve|produce|run|organi[sz]e) anything\b",
        "anything",
        identity=0.7,
    ),
    _p(
        "group-only-come-for",
        "hatred",
        rf"\b{GROUP} only (?:come|came|move|moved) (?:here|to this country|over|to (?:britain|america|"
        r"europe|the uk|the us|england|france|germany|canada|australia)) (?:to|for) (?:[a-z]+ ){0,4}?"
        r"(?:welfare|benefits|handouts|free stuff|freebies|the dole|steal|rob|rape|scrounge|breed|leech|"
        r"sponge|anchor bab(?:y|ies))\b",
        "welfar benefi handou free dole steal rob rape scroun breed leech sponge anchor",
        identity=0.7,
    ),
    _p(
        "group-controls-the-world",
        "hatred",
        rf"\b{GROUP} (?:secretly |really |basically |all )*(?:run|control|own|pull the strings of) "
        r"(?:the |all the |our )?(?:media|banks|world|government|governments|hollywood|money|press|"
        r"financial system|everything)\b",
        "media banks world govern hollyw money press financ everyt",
        identity=0.75,
    ),
    # Euphemisms for killing a people: "a final solution for the X problem", "solve the X problem".
    _p(
        "final-solution",
        "violence",
        r"\b(?:final solution|(?:solve|solving|deal with|dealing with|sort out|sorting out|fix|fixing|end) "
        rf"the (?:{ADJECTIVE}|{GROUP_HEAD}) (?:problem|question)|(?:{ADJECTIVE}|{GROUP_HEAD}) (?:problem|"
        r"question) (?:needs|must be|has to be|will be) (?:solved|dealt with|sorted|finished)(?: for "
        r"good| once "
        r"and for all| permanently)?)\b",
        "final_solution solve solving deal dealing sort sorting fix fixing end problem question | "
        "final_solution problem question",
        group=False,
        threat=0.8,
    ),
    _p(
        "group-need-burning-out",
        "violence",
        rf"\b(?:{GROUP}|(?:every|each|any) (?:{GROUP_SINGULAR}|{ADJECTIVE} [a-z]+)) (?:need|needs|want|wants|"
        r"deserve|deserves|could do with) (?:a (?:good )?)?(?:burning out|stringing up|shooting|hanging|"
        r"gassing|"
        r"wiping out|putting down|kicking|beating|bullet|lesson they won't forget|taught a lesson|to be "
        r"taught "
        r"a lesson)\b",
        "burnin string shooti hangin gassin wiping puttin kickin beatin bullet lesson | need want deserv "
        "could_with",
        group=False,
        threat=0.8,
    ),
    _p(
        "push-them-into-the-sea",
        "violence",
        rf"\b(?:push|throw|drive|dump|toss|chuck) (?:them all|all of them|the lot of them|every (?:last "
        rf")?one of "
        rf"them|{GROUP}) (?:in|into|off) (?:the )?(?:sea|river|canal|ocean|fire|ovens?|lake|channel|"
        rf"cliffs?)\b",
        "push throw drive dump toss chuck | sea river canal ocean fire oven lake channel cliff",
        group=False,
        context="group",
        threat=0.85,
    ),
    _p(
        "wipe-every-member-off-the-map",
        "violence",
        rf"\bwipe (?:every|all(?: the)?|each|the) (?:last |single )?(?:{GROUP_SINGULAR}|{GROUP_HEAD}) off "
        rf"(?:the map|"
        r"the face of the (?:earth|planet)|this earth)\b",
        "wipe | map face earth",
        group=False,
        threat=0.9,
    ),
    _p(
        "first-against-the-wall",
        "violence",
        rf"\b{GROUP} (?:will be|are|go|get|'ll be) (?:the )?first (?:against|up against) the wall\b",
        "wall",
        threat=0.85,
    ),
    _p(
        "shoot-up-worship",
        "violence",
        r"\b(?:shoot up|bomb|blow up|torch|firebomb|attack|storm|burn) (?:a|the|their|that|this|every|"
        r"the nearest|the local) (?:mosques?|synagogues?|gurdwaras?|temples?|churches|kingdom hall)\b",
        "shoot bomb blow torch firebo attack storm burn | mosque synago gurdwa temple church kingdo",
        group=False,
        before=r"(?:^|[.!?:;] +|\b(?:just|and|so|then|let's|lets|time to|we must|we should|someone should|"
        r"someone needs to|somebody should|we need to|i'll|i will|we'll|gonna|going to|should|must) ?)$",
        threat=0.85,
    ),
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
_NAME_PATTERNS: tuple[Pattern, ...] = (
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
PATTERNS: tuple[Pattern, ...] = _GROUP_PATTERNS + READER_PATTERNS + _NAME_PATTERNS


# The trigger: which patterns' first gate set holds, found from the prefixes by lookups; a
# second pair of tables leaves out the patterns that need a group named (``Pattern.group``).
_Tables = tuple[dict[str, list[int]], dict[str, list[tuple[str, int]]], frozenset[str], frozenset[str]]


def _tables(ungrouped_only: bool) -> _Tables:
    by_single: dict[str, list[int]] = {}
    by_pair: dict[str, list[tuple[str, int]]] = {}
    for i, pat in enumerate(PATTERNS):
        if ungrouped_only and pat.group:
            continue
        for k in pat.gate[0].singles:
            by_single.setdefault(k, []).append(i)
        for a, b in pat.gate[0].pairs:
            by_pair.setdefault(a, []).append((b, i))
    return by_single, by_pair, frozenset(by_single), frozenset(by_pair)


_EVERY, _UNGROUPED = _tables(False), _tables(True)


def triggered(prefixes: set[str], grouped: bool = True) -> list[Pattern]:
    """The patterns whose first gate set holds for a text with these word prefixes, in order;
    without those that need a group named if the text names none (``grouped`` false)."""
    by_single, by_pair, single_keys, pair_keys = _EVERY if grouped else _UNGROUPED
    found = {i for k in single_keys.intersection(prefixes) for i in by_single[k]}
    for k in pair_keys.intersection(prefixes):
        found.update(i for second, i in by_pair[k] if second in prefixes)
    return [PATTERNS[i] for i in sorted(found)]


#: Separators for splitting normalised text into words.
SEPARATORS = str.maketrans({c: " " for c in "".join(chr(i) for i in range(128) if not chr(i).isalpha())})
_LENGTHS = tuple(range(2, KEY_LENGTH + 1))
_ALL_KEYS = frozenset(
    k for pat in PATTERNS for g in pat.gate for key in (*((s,) for s in g.singles), *g.pairs) for k in key
)
# Per word, the keys it starts with (most words: none); bounded, filled as words are seen.
_WORD_KEYS: dict[str, tuple[str, ...]] = {}
_WORD_KEYS_MAX = 20_000


_LETTERS = re.compile("[a-z]+")


def words_of(text: str, tokens: Sequence[str] | None = None) -> set[str]:
    """The words of a normalised text (its runs of letters).

    ``tokens``: the text's words as the linear stage found them (``linear._TOKEN.findall``), if
    at hand. In an ASCII text every run of letters lies inside one of them (a token is followed
    by a character that is not a letter), so the runs are read from the tokens, most of which
    are a run already, instead of splitting the text again."""
    if tokens is None or not text.isascii():
        return set(text.translate(SEPARATORS).split())
    found = set(tokens)
    if all(map(str.isalpha, found)):
        return found
    return {run for token in found for run in ((token,) if token.isalpha() else _LETTERS.findall(token))}


def prefixes(words: set[str]) -> set[str]:
    """The gate keys the words start with, for ``Gate.holds`` and ``triggered``."""
    found = list(map(_WORD_KEYS.get, words))
    if None in found:
        found = [_keys_of(w) if keys is None else keys for w, keys in zip(words, found, strict=True)]
    return set(chain.from_iterable(filter(None, found)))


def _keys_of(word: str) -> tuple[str, ...]:
    keys = tuple(dict.fromkeys(word[:n] for n in _LENGTHS if word[:n] in _ALL_KEYS))
    if len(_WORD_KEYS) < _WORD_KEYS_MAX:
        _WORD_KEYS[word] = keys
    return keys
