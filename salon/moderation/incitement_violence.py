"""Incitement patterns, family violence: calls, wishes and promises to kill or hurt a group, in
every grammatical shape (``salon.moderation.incitement_patterns`` assembles the families)."""

from __future__ import annotations

from salon.moderation import incitement_words as W
from salon.moderation.groups import ADJECTIVE, FOLLOW, GROUP, GROUP_HEAD, GROUP_SINGULAR
from salon.moderation.incitement_frames import Pattern
from salon.moderation.incitement_frames import pattern as _p

__all__ = ["VIOLENCE"]

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

VIOLENCE: tuple[Pattern, ...] = (
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
        r"(?:death|to die|a bullet|bullets|the (?:rope|noose|gas chambers?|bullet|firing squad|ovens?|"
        r"death penalty|electric chair)|"
        r"(?:a |another )?(?:genocide|holocaust|extermination|final solution|gas chamber|firing squad|"
        r"bullet in the head))\b",
        "death die bullet rope noose gas firing ovens genocide holocaust extermination final_solution",
    ),
    _p(
        # The same said the other way round: "the death penalty is what homosexuals deserve".
        "death-is-what-the-group-deserves",
        "violence",
        r"\b(?:death|the death penalty|the rope|the noose|a bullet|bullets|the gas chambers?|the ovens?|"
        rf"extermination|genocide|a firing squad|the firing squad) is (?:all |exactly |precisely |just |what "
        rf"|the only thing )*(?:what |that )?{GROUP} (?:all )?(?:deserve|deserves|need|needs|have coming)\b",
        "death rope noose bullet gas ovens extermination genocide firing | deserve need have",
    ),
    _p(
        # "The Jewish people belong in gas chambers", "gays belong in the ground".
        "group-belongs-in-the-ovens",
        "violence",
        rf"\b{GROUP} (?:all )?(?:belong|belongs) in (?:the |a )?(?:gas chambers?|ovens?|concentration camps?|"
        r"death camps?|mass graves?|graves?|the ground|coffins?|body bags?)\b",
        "belong | gas ovens concentration death mass graves ground coffin body",
    ),
    _p(
        # "People with disabilities can't be allowed to live", "refugees must not be let to
        # survive": the negation is the call.
        "group-not-allowed-to-live",
        "violence",
        rf"\b{GROUP} (?:can't|cant|cannot|can not|shouldn't|shouldnt|should not|must not|mustn't|"
        r"ought not to|shall not|won't|will not) be (?:allowed|permitted|let) to "
        r"(?:live|survive|go on living)(?=\s*(?:[.!?,;]|$|any ?more\b|among us\b|here\b))",
        "allowed permitted let | live survive living",
        negation_inside=True,
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
)
