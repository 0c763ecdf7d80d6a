"""Incitement patterns, family hatred: hatred of a group declared, traits imputed to all of it,
coded hate (``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.groups import ADJECTIVE, FOLLOW, GROUP, GROUP_HEAD, GROUP_SINGULAR
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p
from salon.moderation.threats import literal_regex

_L = literal_regex

__all__ = ["HATRED"]

_HATE_WORD = r"(?:hate|h8|hte|htae|haet|despise|detest|loathe|abhor)"
_HATE_V = rf"(?:{_HATE_WORD}|can't stand|cant stand|cannot stand|can't bear|cant bear|cannot bear)"
_TRAITS = _L(sorted(w.replace("_", " ") for w in W.TRAIT_ADJECTIVES + W.TRAIT_NOUNS))
_TRAIT_GATE = " ".join(sorted(set(W.TRAIT_ADJECTIVES + W.TRAIT_NOUNS)))

HATRED: tuple[Pattern, ...] = (
    # -- hatred --------------------------------------------------------------------------------
    _p(
        # A wish that a group were gone: "the world would be a better place without the Jewish
        # people in it", "we would all be better off if trans people simply ceased to exist",
        # "disabled people shouldn't be allowed to exist".
        "better-without-the-group",
        "hatred",
        r"\b(?:the world|this world|the planet|earth|this country|our country|the country|society|europe|"
        r"america|britain|this town|our town|this city|everyone|everybody|we|we'd|we all|all of us) "
        r"(?:would|will|'d|d) (?:all )?be (?:a )?(?:far |much |so much |a lot |infinitely |way |so )?"
        rf"(?:better|safer|cleaner|happier|nicer)(?: place| off| served)? (?:without|minus|rid of) {GROUP}",
        "without minus rid | better safer cleaner happier nicer",
    ),
    _p(
        "group-ceased-to-exist",
        "hatred",
        rf"\b(?:if|when|once|wish|hope|pray|time|until) (?:that )?{GROUP} (?:would |could |just |simply |all "
        r"|finally )*(?:ceased|cease|stopped|stop|stopping) (?:to exist|existing)\b|"
        rf"\b{GROUP} (?:should|must|need to|needs to|ought to|deserve to|have to) (?:just |simply |all |"
        r"finally )*(?:cease to exist|stop existing|be erased|be wiped from existence)\b|"
        rf"\b{GROUP} (?:shouldn't|should not|mustn't|must not|can't|cannot) be (?:allowed|permitted|let) to "
        r"(?:exist|breed|reproduce|have (?:kids|children|babies))(?=\s*(?:[.!?,;]|$|any ?more\b|at all\b))",
        "cease ceased stop stopped stopping erased wiped exist breed reproduce kids children babies",
    ),
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
)
