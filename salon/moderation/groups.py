"""Names of groups of people, for the incitement patterns: nationalities, peoples, religions and
other protected groups, as plural nouns ("Kurds"), adjectives before a person noun ("Kurdish
people") and singulars ("one less Kurd").

Everything here is lower case and matches normalised text (``salon.moderation.normalize``).
Words that are also adjectives or names of other things ("Chinese", "French", "Roma") only count
as a group when no noun follows ("the Chinese are", not "the Chinese government"); a plural
followed by a noun ("Kurds' villages") does not count where the patterns ask for ``FOLLOW``.

A separate class, ``STATUS``, names people by a legal or migration status (immigrants, refugees,
asylum seekers, foreigners); ``target_kind`` tells the incitement patterns whether a call to
expel aims at a people or at a status, which the policy debate may discuss (see
docs/moderation.md, "Incitement against groups").
"""

from __future__ import annotations

import re

from salon.moderation.threats import literal_regex

__all__ = [
    "ADJECTIVE",
    "ADJECTIVES",
    "FOLLOW",
    "GROUP",
    "GROUP_SINGULAR",
    "HEAD_WORDS",
    "MENTION",
    "PLACES",
    "PLURALS",
    "SINGULARS",
    "SLURS",
    "STATUS",
    "quantified",
    "singular",
    "target_kind",
]


def _words(text: str) -> tuple[str, ...]:
    """Space-separated entries; ``_`` joins the words of one entry."""
    return tuple(w.replace("_", " ") for w in text.split())


_NATIONS = (
    "armenians turks turkmen turkmens kurds azerbaijanis azeris russians ukrainians belarusians poles "
    "czechs slovaks hungarians romanians moldovans bulgarians serbs croats bosnians bosniaks albanians "
    "kosovars macedonians greeks cypriots georgians chechens ingush dagestanis tatars kazakhs uzbeks "
    "tajiks kyrgyz afghans pashtuns hazaras iranians persians iraqis syrians lebanese jordanians "
    "palestinians israelis egyptians libyans tunisians algerians moroccans saudis yemenis emiratis "
    "qataris kuwaitis arabs berbers somalis ethiopians eritreans sudanese nigerians ghanaians kenyans "
    "congolese rwandans ugandans senegalese malians africans chinese japanese koreans vietnamese thais "
    "cambodians filipinos indonesians malaysians burmese rohingya uyghurs uighurs tibetans mongolians "
    "indians pakistanis paks bangladeshis tamils sinhalese nepalese asians europeans americans "
    "canadians mexicans guatemalans hondurans salvadorans cubans haitians jamaicans colombians "
    "venezuelans peruvians bolivians ecuadorians brazilians argentinians argentines chileans latinos "
    "latinas hispanics germans french frenchmen italians spaniards portuguese dutch belgians swiss "
    "austrians swedes norwegians danes finns icelanders irish scots welsh english british brits "
    "australians aborigines aboriginals maori natives inuit roma romani gypsies gipsies sinti slavs "
    "caucasians whites blacks"
)
_RELIGIONS = (
    "jews muslims moslems christians catholics protestants mormons hindus sikhs buddhists jains "
    "atheists pagans yazidis druze alawites shias shiites sunnis ahmadis copts bahais zoroastrians "
    "evangelicals zionists"
)
_OTHERS = (
    "women gays lesbians homosexuals bisexuals queers transgenders transsexuals transgenders "
    "cripples retards autists disabled mentally_ill"
)
# Slurs that name a group; the model knows the words, the patterns need them as targets.
_SLURS = (
    "niggers niggas negroes coons darkies kikes yids hymies spics wetbacks beaners chinks gooks japs "
    "ragheads towelheads muzzies mozzies pakis gyppos pikeys faggots fags dykes trannies kaffirs "
    "kafirs infidels illegals"
)
_STATUS = "immigrants migrants refugees foreigners expats emigrants illegals"

#: Every plural that names a group.
PLURALS: tuple[str, ...] = (
    *dict.fromkeys(" ".join((_NATIONS, _RELIGIONS, _OTHERS, _SLURS, _STATUS)).split()),
    *_words("asylum_seekers economic_migrants native_americans south_africans puerto_ricans sri_lankans"),
)
#: The plurals that are slurs: no frame makes naming a group by them civil.
SLURS: frozenset[str] = frozenset(_SLURS.split())
#: Plurals that name people by a status, not by who they are.
STATUS: frozenset[str] = frozenset(_STATUS.split()) | {"asylum seekers", "economic migrants"}

#: Plurals that are also adjectives or other words: a group only without a noun after them.
_AMBIGUOUS = frozenset(
    _words(
        "lebanese sudanese congolese senegalese chinese japanese vietnamese burmese nepalese "
        "sinhalese portuguese french dutch swiss irish welsh english british roma romani sinti inuit "
        "maori druze rohingya kyrgyz ingush turkmen whites blacks natives poles danes swedes disabled"
    )
)

#: Adjectives that name a group before a person noun ("black people", "Jewish families").
ADJECTIVES: tuple[str, ...] = _words(
    "armenian turkish turkmen kurdish azerbaijani azeri russian ukrainian polish czech hungarian "
    "romanian bulgarian serbian serb croatian bosnian albanian greek georgian chechen afghan "
    "iranian persian iraqi syrian lebanese palestinian israeli egyptian arab arabic moroccan "
    "algerian somali ethiopian eritrean sudanese nigerian african chinese japanese korean "
    "vietnamese filipino indonesian asian indian pakistani bangladeshi tamil mexican cuban "
    "haitian jamaican colombian venezuelan brazilian latino latina hispanic german french italian "
    "spanish dutch irish scottish welsh english british native indigenous aboriginal roma romani "
    "gypsy slavic black white brown jewish muslim moslem islamic christian catholic protestant "
    "mormon hindu sikh buddhist yazidi shia shiite sunni coptic zionist gay lesbian bisexual "
    "queer trans transgender lgbt lgbtq disabled autistic deaf blind immigrant migrant refugee "
    "foreign uyghur uighur tibetan rohingya"
)
_PERSON_NOUNS = _words(
    "people folk folks men women kids children families immigrants migrants refugees guys "
    "population populations minority minorities community communities americans brits europeans "
    "neighbours neighbors lot ones girls boys"
)

#: Places people are told to "go back" to.
PLACES: tuple[str, ...] = _words(
    "africa asia mexico china india pakistan syria turkey iraq iran afghanistan somalia nigeria "
    "poland romania russia ukraine armenia israel palestine gaza arabia morocco algeria albania "
    "jamaica haiti the_congo the_jungle the_desert the_middle_east your_desert your_jungle "
    "your_village your_hut "
    # More countries people are told to go back to, and their capitals and big cities: a call to
    # go back to a city is the same call ("Armenians should go back to Yerevan").
    "bangladesh sri_lanka nepal egypt libya tunisia lebanon jordan yemen sudan eritrea ethiopia "
    "ghana kenya senegal mali zimbabwe congo kurdistan chechnya bulgaria serbia kosovo lithuania "
    "vietnam the_philippines cuba guatemala honduras el_salvador colombia venezuela brazil "
    "yerevan ankara istanbul kabul mogadishu lagos karachi islamabad lahore delhi mumbai dhaka "
    "baghdad damascus tehran tirana bucharest warsaw kyiv kiev moscow beijing tel_aviv jerusalem "
    "cairo tripoli tunis beirut khartoum addis_ababa nairobi kinshasa kingston "
    "tijuana mexico_city havana"
)


def singular(plural: str) -> str:
    """The singular of a group plural: "Kurds" → "kurd", "gypsies" → "gypsy", "women" → "woman"."""
    if plural.endswith("men"):
        return plural[:-3] + "man"
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    if plural in _AMBIGUOUS and not plural.endswith("s"):
        return plural
    if plural.endswith("s") and not plural.endswith("ss"):
        return plural[:-1]
    return plural


# Singulars that are mostly other words ("pole", "native", "black") are left out.
_NOT_SINGULAR = frozenset(
    _words("pole dane swede native white black alien illegal newcomer expat fag finn scot pak")
)
#: The singular nouns that name a group member ("kurd", "jew"), mostly-other-word ones left out.
SINGULARS = tuple(
    dict.fromkeys(s for s in (singular(p) for p in PLURALS if " " not in p) if s not in _NOT_SINGULAR)
)

# What may follow a group name used as a noun: the end of the text, punctuation, or a word
# that cannot be the noun the name would modify.
_FOLLOW_WORDS = _words(
    "the and or but who that which in from of out off to into for with at on by as like than now "
    "today tonight tomorrow here there again too all already first then once so because before "
    "until till when where while if is are was were be been being will would should must can "
    "could shall may might need needs deserve deserves have has had do does did don't dont "
    "doesn't ought get gets got go goes went die dies died back home away forever instead also "
    "even still just only really simply lol please ever everywhere wherever alive dead altogether "
    "entirely completely one ones bastards scum rats pigs dogs vermin animals fuckers cunts "
    "savages filth parasites cockroaches trash breed multiply r ll re you we i they he she it my "
    "his her around near nearby anywhere"
)
#: Lookahead: no noun follows (end, punctuation or a function word).
FOLLOW = r"(?=\s*$|\s*[.,!?;:)\]\"]| (?:" + literal_regex(list(_FOLLOW_WORDS)) + r")\b)"

_UNAMBIGUOUS_RE = literal_regex([p for p in PLURALS if p not in _AMBIGUOUS])
_AMBIGUOUS_RE = literal_regex(sorted(_AMBIGUOUS))
_ADJ_NP = "(?:" + literal_regex(list(ADJECTIVES)) + ") (?:" + literal_regex(list(_PERSON_NOUNS)) + r")\b"
#: An adjective naming a group ("Kurdish", "Jewish"), as a regex.
ADJECTIVE = "(?:" + literal_regex(list(ADJECTIVES)) + r")\b"
#: A group named as a plural noun phrase, without determiners: "Kurds", "Jewish people", "the
#: disabled" is covered by "disabled people" only.
GROUP_HEAD = rf"(?:{_ADJ_NP}|{_AMBIGUOUS_RE}{FOLLOW}|{_UNAMBIGUOUS_RE}\b)"
_DET = (
    r"(?:(?:all|all the|all of the|all these|all those|all of those|all of these|all you|all your|"
    r"(?:(?:each and )?every (?:single |last )?|each )one of (?:the|those|these)|"
    r"the|these|those|every|every single|every last|each and every|most|more|many|some|you|your|"
    r"their|such|so many|any) )?"
)
_MODS = (
    r"(?:(?:filthy|dirty|fucking|fuckin|fkn|damn|damned|bloody|stinking|stinky|disgusting|goddamn|"
    r"illegal|undocumented|criminal|radical|so-called) )*"
)
_PLACE = r"(?: (?:in|from|of) (?:the )?[a-z]+(?: [a-z]+)??)?"
#: A group as a noun phrase: "the Armenians", "all Turkmen in Syria", "these filthy Kurds".
GROUP = rf"(?:{_DET}{_MODS}\b{GROUP_HEAD}{_PLACE})"
_SINGULAR_PERSONS = _words("person man woman guy kid child boy girl lady family")
#: A group member: "Kurd", "gypsy", "Jew", "trans person", "gay man".
GROUP_SINGULAR = (
    "(?:"
    + literal_regex(list(SINGULARS))
    + "|(?:"
    + literal_regex(list(ADJECTIVES))
    + ") (?:"
    + literal_regex(list(_SINGULAR_PERSONS))
    + r"))\b"
)
#: Every word that starts a group name (plural, adjective or singular): a text with none of
#: them names no group.
HEAD_WORDS: frozenset[str] = frozenset({p.split()[0] for p in PLURALS} | set(ADJECTIVES) | set(SINGULARS))
#: Any mention of a group, for context ("these rats" after "the Kurds").
MENTION = re.compile(rf"\b{GROUP_HEAD}")

_LEGAL = re.compile(
    r"\b(?:illegal|illegals|undocumented|criminal|unlawful|failed|bogus|fake|overstay\w*|"
    r"unauthori[sz]ed|who (?:commit|broke|break|entered)\w*)\b"
)
_QUANTIFIED = re.compile(r"\b(?:all|every|each|the lot|whole|entire)\b")
_STATUS_RE = re.compile(r"\b(?:" + literal_regex(sorted(STATUS)) + r")\b")
_NOT_PEOPLE = {"immigrant", "migrant", "refugee", "foreign"}
_PEOPLE_ADJ = re.compile(r"\b(?:" + literal_regex([a for a in ADJECTIVES if a not in _NOT_PEOPLE]) + r") ")


def target_kind(phrase: str) -> str:
    """What a group phrase names: ``"legal"`` (a legal status: "illegal immigrants"),
    ``"status"`` (a migration status: "refugees", "all the migrants") or ``"people"`` (a
    nationality, ethnicity, religion or other protected group)."""
    if _LEGAL.search(phrase):
        return "legal"
    if _STATUS_RE.search(phrase) and not _PEOPLE_ADJ.search(phrase):
        return "status"
    return "people"


def quantified(phrase: str) -> bool:
    """True when the phrase takes in a whole group ("all the migrants", "every last one")."""
    return bool(_QUANTIFIED.search(phrase))
