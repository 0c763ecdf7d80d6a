"""The words and phrases the incitement patterns are built from, as regex fragments over
normalised text: violent acts (with and without a sporting reading), expulsion, modal and
urging frames, collective pronouns, dehumanising nouns.  ``incitement_patterns`` puts them
together.
"""

from __future__ import annotations

import re

from salon.moderation.groups import GROUP

# -- ----------------------------------------------------------------------------------

# Violent participles with no sporting or figurative reading.
ACT_STRONG = (
    r"(?:exterminated|eradicated|gassed|sterili[sz]ed|castrated|lynched|hanged|hung|beheaded|"
    r"euthani[sz]ed|put to sleep|disposed of|stoned(?: to death)?|flattened|burn(?:ed|t) out|fumigated|"
    r"burn(?:ed|t)(?: alive| to death)?|bombed|nuked|carpet bombed|culled|purged|liquidated|"
    r"put down|put to death|put against (?:a|the) wall|lined up and shot|shot on sight|shot dead|"
    r"stabbed|tortured|raped|drowned|gunned down|mowed down|mown down|hunted down|strung up|"
    r"erased|wiped off (?:the map|the face of the earth|the planet|this earth)|"
    r"thrown (?:into|in) the sea|pushed into the sea|"
    r"sent to (?:the )?(?:gas chambers?|ovens?|camps?|concentration camps?|death camps?)|"
    r"put in (?:camps|concentration camps|gas chambers)|rounded up and (?:shot|killed|gassed|executed)|"
    r"ethnically cleansed|genocided|shot in the head|beaten to death)"
)
# Participles that sport and figures of speech use ("we killed them 3-0").
ACT_SPORTY = (
    r"(?:killed|shot|wiped out|destroyed|slaughtered|massacred|annihilated|murdered|butchered|"
    r"eliminated|executed|wiped from the map)"
)
ACT_PP = rf"(?:{ACT_STRONG}|{ACT_SPORTY})"
EXPEL_PP = (
    r"(?:deported|expelled|kicked out|thrown out|sent back|sent home|driven out|chased out|"
    r"booted out|shipped (?:back|out|off)|removed from (?:the|this|our) country|rounded up|"
    r"forced out|got rid of|gotten rid of|banned from (?:the|this|our) country)"
)
# Harm short of killing, as a participle ("deserve to be beaten"): not in ``ACT_PP``, because
# "the Germans must be beaten on Saturday" is sport; the patterns that use it ask for a frame
# and leave out a match, a day or a score after it (``NOT_SPORT``).
HURT_PP = (
    r"(?:beaten(?: up)?|attacked|assaulted|hurt|bashed|battered|punched|kicked|knifed|maimed|"
    r"set (?:on fire|alight)|torched|firebombed|petrol bombed|blown up|run over|sunk|torpedoed|"
    r"tortured|terrori[sz]ed|hunted|beaten in the streets?)"
)
# Harm short of killing, as a verb aimed at a person ("I will beat any gay person").
HURT_V = (
    r"(?:beat|beat up|batter|bash|attack|assault|hurt|punch|kick|knife|glass|maim|cripple|torture|"
    r"terrori[sz]e|smash|set fire to|torch|firebomb|petrol bomb|run over)"
)
#: After a harm: what makes it a game, a vote or a score, not violence.
NOT_SPORT = (
    r"(?! (?:on|in|at|by) (?:the )?(?:pitch|field|final|semi|match|game|derby|election|polls|vote|"
    r"league|cup|tournament|world cup|olympics|chess|saturday|sunday|monday|tuesday|wednesday|thursday|"
    r"friday|weekend|penalties|points)\b| (?:tomorrow|tonight|next (?:week|time|year|season)|"
    r"again|\d))"
)
# "deported or shot": expulsion then violence is violence.
HARM_PP = rf"(?:(?:{EXPEL_PP}),? (?:or|and|and then|then|or even|if not) (?:be |get )?)?{ACT_PP}"
ACT_V = (
    r"(?:kill|kil|kll|klil|kiil|shoot|gas|exterminate|eradicate|wipe out|nuke|bomb|carpet bomb|slaughter|"
    r"massacre|murder|execute|hang|lynch|burn|butcher|eliminate|annihilate|sterili[sz]e|castrate|behead|cull|"
    r"purge|liquidate|genocide|ethnically cleanse|gun down|mow down|drown|destroy|stab|rape|"
    r"round up and (?:shoot|kill|gas)|line up and shoot|shoot and kill|kill off|hunt down|hunt and kill|"
    r"flatten|firebomb|burn out|stone|euthani[sz]e)"
)
MODAL = (
    r"(?:should|shall|must|ought to|oughta|need to|needs to|deserve to|deserves to|have to|has to|"
    r"are to|is to|gotta|got to|have got to|has got to|should have|must have|should've|must've|"
    r"ought to have|had better|better)"
)
ADV = (
    r"(?:all|just|simply|really|finally|immediately|fucking|publicly|systematically|slowly|either|too|also) "
)
BE = r"(?:be|get|been|have been)"
COLLECTIVE = (
    r"(?:all of (?:them|those people|these people|em|'em)|(?:each and )?every (?:last |single )?one of "
    r"(?:them|em|'em)|the (?:whole )?lot of (?:them|em|'em)|every last one)"
)
SOMEONE = r"(?:someone|somebody|anyone|anybody|people|we|i|you|you guys|y'all|(?:the|our) [a-z]+|[a-z]+)"
PROMISE = (
    r"(?:i|we|you|y'all|you guys)(?:'ll| will| are going to|'re going to| am going to|'m going to|"
    r" re gonna|'re gonna|'m gonna| m gonna| gonna| want to| wanna| would love to|'d love to|"
    r" would happily|'d happily| can't wait to| cant wait to|'d| would| should| must| need to|"
    r" have to| ought to| gotta| shall)"
)
DEATH = (
    r"(?:killed|dead|died|shot|bombed|gassed|wiped out|slaughtered|drowned|massacred|executed|hanged|"
    r"burned|burnt|blown up|murdered|gunned down|exterminated|lynched|dying|being killed|getting killed)"
)
DIE = (
    r"(?:die|dies|dying|get killed|get shot|get bombed|get gassed|drown|burn|rot|starve|perish|"
    r"are killed|get wiped out|are wiped out|be killed|be wiped out|be bombed|get exterminated|"
    r"be exterminated|croak|suffer and die)"
)
GO = (
    r"(?:go|get|fuck off|f off|piss off|bugger off|sod off|clear off|crawl|swim|run|get the fuck|"
    r"get the hell)"
)
HOME_NOUN = (
    r"(?:country|countries|land|lands|homeland|desert|deserts|jungle|jungles|village|"
    r"villages|hut|huts|shithole|shitholes|tribe|tribes|mud huts?)"
)
# What may stand before "go back to ...": the start of a sentence, an addressee, an urging word.
ADDRESS = (
    rf"(?:^|[.!?,:;] *|\b(?:you|they|u|ya|y'all|you people|you lot|{GROUP})(?: all)?"
    r"(?: (?:should|must|can|could|need to|needs to|ought to|have to|better|gotta|shall|just|all))* "
    r"|\b(?:just|so|and|now|then|please|off) )$"
)
SHOULD_DIE = (
    r"(?:all )?(?:should|must|need to|needs to|deserve to|deserves to|have to|has to|ought to|gotta|"
    r"can all|can go and|should all|shall) (?:all |just )?(?:die|perish|be dead|drop dead|"
    r"starve to death|burn in hell)\b"
)
DNOUN = (
    r"(?:vermin|rats|rodents?|cockroach(?:es)?|roach(?:es)?|insects?|lice|louse|fleas?|maggots?|"
    r"leech(?:es)?|parasites?|locusts?|termites?|pests|animals?|beasts?|savages?|apes|monkeys?|"
    r"baboons?|gorillas?|pigs?|swine|dogs?|hyenas?|snakes?|vipers?|scum|filth|garbage|trash|"
    r"subhumans?|sub-humans?|untermenschen|diseases?|plague|cancer|virus|tumou?r|infestation|"
    r"pestilence|blight|infection|contagion|pox|bacteria|germs|not (?:even )?human|less than human|"
    r"subhuman|sub-human|inhuman|barely human|cattle|livestock|mongrels?|dirt)"
)
DMOD = (
    r"(?:all|just|nothing but|no better than|worse than|like|basically|literally|simply|truly|such|"
    r"fucking|filthy|dirty|disgusting|a bunch of|a pack of|a herd of|a swarm of|nothing more than|"
    r"little more than|the|a|an|real|total|complete|utter|stinking|worthless|human|inbred|"
    r"disease-ridden|dangerous|rabid|breeding|mentally ill|sick|diseased|wild|feral) "
)
DFOLLOW = (
    r"(?=\s*$|\s*[.,!?;:)\]\"]| (?:and|who|that|which|but|or|on|in|of|to|for|with|from|like|than|here|"
    r"there|now|all|everywhere|lol|infesting|spreading|they|we|you|i|this|the|our|my|their|destroying|"
    r"ruining|taking|breeding|living|period|full stop|every|freaks|[a-z]+ing)\b)"
)

# -- words for abuse of one reader and for generalisations -------------------------------------

#: Nouns that only ever name a person, with contempt ("cretin", "bellend", "knuckle-dragger");
#: "_" stands for a space.
_CONTEMPT_NOUNS_WORDS = (
    "knuckle-dragger knuckledragger knuckle_dragger mouth-breather mouthbreather mouth_breather "
    "troglodyte cretin imbecile halfwit half-wit numpty pillock plonker bellend tosser nonce "
    "neckbeard scumbag lowlife dirtbag douchebag sleazebag dimwit nitwit simpleton bellends "
    "knobhead knobheads pillocks plonkers tossers wanker wankers dickhead dickheads twat twats "
    "numpties dingbat halfwits dimwits nitwits cretins imbeciles nonces buffoon scumbags"
)
CONTEMPT_NOUNS: tuple[str, ...] = tuple(_CONTEMPT_NOUNS_WORDS.split())
#: Nouns that insult once aimed at someone but have another sense too ("the prick of a needle",
#: "the galah parrots", "a shill bidding scheme").
_AIMED_INSULT_NOUNS_WORDS = (
    "prat prats prick pricks drongo drongos galah galahs dipstick incel incels shill shills "
    "grifter grifters twit twits"
)
AIMED_INSULT_NOUNS: tuple[str, ...] = tuple(_AIMED_INSULT_NOUNS_WORDS.split())
#: Nouns that insult only as what someone is called ("you are a clown"), not after "the".
_SOFT_INSULT_NOUNS_WORDS = "melt muppet clown creep loser disgrace embarrassment"
SOFT_INSULT_NOUNS: tuple[str, ...] = tuple(_SOFT_INSULT_NOUNS_WORDS.split())
#: What a whole group is said to be, in a generalisation ("Somalis are all thieves").
_TRAIT_ADJECTIVES_WORDS = (
    "lazy sneaky thick stupid dumb dirty filthy smelly stinky greedy violent dishonest "
    "untrustworthy inferior primitive backward savage uncivilised uncivilized ignorant subhuman "
    "evil barbaric vile disgusting worthless useless feckless treacherous devious parasitic "
    "inbred retarded perverted degenerate thieving lying scrounging freeloading bloodthirsty "
    "dangerous less_intelligent genetically_inferior mentally_ill born_criminals"
)
TRAIT_ADJECTIVES: tuple[str, ...] = tuple(_TRAIT_ADJECTIVES_WORDS.split())
#: ... and the nouns for it.
_TRAIT_NOUNS_WORDS = (
    "criminals thieves liars cheats drunks rapists groomers paedophiles pedophiles pedos "
    "terrorists scroungers freeloaders leeches welfare_cheats benefit_cheats benefit_scroungers "
    "pirates savages barbarians degenerates perverts freaks idiots morons losers cowards traitors "
    "murderers killers thugs crooks beggars invaders primitives inbreds sluts whores drug_dealers "
    "gangsters extremists fanatics lunatics psychos"
)
TRAIT_NOUNS: tuple[str, ...] = tuple(_TRAIT_NOUNS_WORDS.split())
#: Words that sharpen a generalisation ("are all", "are naturally", "are nothing but").
GENERAL = (
    r"(?:all|just|naturally|basically|always|born|mostly|inherently|genetically|simply|so|really|"
    r"fucking|such|the most|nothing but|a bunch of|a pack of|a nation of|a race of|a load of|"
    r"notoriously|by nature|known to be|usually|typically|a|an)"
)
#: Where a generalisation's trait ends: the end of a clause, or a word that carries it on.
TRAIT_END = (
    r"(?=\s*(?:[.,!;:)]|$|and\b|but\b|who\b|like\b|too\b|lol\b|every\b|all\b|the lot\b|anyway\b|"
    r"[a-z]+ing\b))"
)

# A capitalised name fused with an obscenity ("Trumpshit", "Bidentard"); the stems are words
# whose compound is ordinary English or not aimed at a person.
NAME_COMPOUND = re.compile(
    r"\b([a-z]{3,})(?:shit|shits|fuck|fucker|fuckers|tard|tards|turd|turds|cunt|twat|wanker)\b"
)
_COMMON = (
    "bull horse chicken jack holy cow bird goat elephant deep mega super mind cluster star mus "
    "cus leo das bas dip bat ape dog pig rat dumb mother cock lib ret bullshit"
)
COMMON_STEMS = frozenset(_COMMON.split())
COMPOUND_GATE = ("shit", "fuck", "tard", "turd", "cunt", "twat", "wank")
#: Any of ``COMPOUND_GATE`` inside a word.
COMPOUND_SEARCH = re.compile("|".join(COMPOUND_GATE))
