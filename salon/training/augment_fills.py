"""What fills the hand-written training templates (``augment``): the groups and one member of
each, insult nouns, and the sentences made from word lists rather than written one by one
(swearing at nobody, scorn for things, sport, readers' verdicts on the article)."""

from __future__ import annotations

__all__ = [
    "ARTICLE_FEEDBACK",
    "GROUPS",
    "INSULTS",
    "SPORT",
    "SWEARING_AT_NOBODY",
    "THINGS_DISLIKED",
    "singular",
]

GROUPS = (
    ("Armenians", "Armenian"),
    ("Turks", "Turkish"),
    ("Kurds", "Kurdish"),
    ("Jews", "Jewish"),
    ("Muslims", "Muslim"),
    ("Christians", "Christian"),
    ("Roma", "Roma"),
    ("Black people", "Black"),
    ("immigrants", "immigrant"),
    ("refugees", "refugee"),
    ("Mexicans", "Mexican"),
    ("Chinese people", "Chinese"),
    ("Arabs", "Arab"),
    ("Palestinians", "Palestinian"),
    ("Ukrainians", "Ukrainian"),
    ("Russians", "Russian"),
    ("Hindus", "Hindu"),
    ("gay people", "gay"),
    ("trans people", "trans"),
    ("women", "female"),
    ("disabled people", "disabled"),
    ("Somalis", "Somali"),
    ("Poles", "Polish"),
    ("Nigerians", "Nigerian"),
    ("trans women", "trans"),
    ("gay men", "gay"),
    ("lesbians", "lesbian"),
    ("Jewish people", "Jewish"),
    ("Sikhs", "Sikh"),
    ("Asian people", "Asian"),
    ("Latinos", "Latino"),
    ("Muslim women", "Muslim"),
)
#: One member of a group, with its article, for the groups that have a noun for one ("a Jew",
#: "a gay man"); the others get "a {adjective} person".
_SINGULAR = {
    "Armenians": "an Armenian",
    "Turks": "a Turk",
    "Kurds": "a Kurd",
    "Jews": "a Jew",
    "Muslims": "a Muslim",
    "Christians": "a Christian",
    "Roma": "a Roma woman",
    "immigrants": "an immigrant",
    "refugees": "a refugee",
    "Mexicans": "a Mexican",
    "Arabs": "an Arab",
    "Palestinians": "a Palestinian",
    "Ukrainians": "a Ukrainian",
    "Russians": "a Russian",
    "Hindus": "a Hindu",
    "women": "a woman",
    "Somalis": "a Somali",
    "Poles": "a Pole",
    "Nigerians": "a Nigerian",
    "trans women": "a trans woman",
    "gay men": "a gay man",
    "lesbians": "a lesbian",
    "Sikhs": "a Sikh",
    "Latinos": "a Latino",
    "Muslim women": "a Muslim woman",
}


def singular(group: str, adjective: str) -> str:
    if group in _SINGULAR:
        return _SINGULAR[group]
    article = "an" if adjective[0].lower() in "aeiou" else "a"
    return f"{article} {adjective} person"


INSULTS = ("idiot", "moron", "clown", "imbecile", "fool", "halfwit", "buffoon", "dimwit", "loser", "cretin")

_INTERJECTIONS = (
    "Fuck",
    "Shit",
    "Damn",
    "Holy shit",
    "Bloody hell",
    "Fucking hell",
    "Oh fuck",
    "Goddamn it",
    "Crap",
    "For fuck's sake",
)
_CLAUSES = (
    "the ferry is cancelled again",
    "I left my umbrella on the train",
    "the council finally fixed the pothole on our road",
    "that second half was incredible",
    "the power went out during the debate",
    "my flight got moved to six in the morning",
    "the recipe in the weekend edition actually worked",
    "I did not expect the referendum result",
    "the rent in this city keeps climbing",
    "our team scored in the ninetieth minute",
    "the hospital car park charges eight pounds an hour",
    "I spilled coffee all over the crossword",
    "the snow closed every school in the valley",
    "the new bridge took eleven years to build",
    "my tomatoes survived the frost",
    "the article's photos of the eclipse are stunning",
    "the printer at the library jammed on my last page",
    "it is forty degrees in the shade today",
)
_MID_SWEARS = ("fucking", "bloody", "damn", "goddamn", "shitty")
_MID_TEMPLATES = (
    "The {x} bus was late again this morning.",
    "This {x} weather has ruined the harvest festival.",
    "Where is the {x} remote when you need it?",
    "The {x} roadworks on the high street have lasted all year.",
    "I lost my {x} keys for the third time this week.",
    "That was a {x} brilliant concert last night.",
)
#: Swearing aimed at nobody: an interjection with a civil clause, and a swear word used as an
#: intensifier of a thing. Profane, not toxic.
SWEARING_AT_NOBODY = tuple(
    f"{j}, {c}." if (a + b) % 2 else f"{c[0].upper()}{c[1:]}, {j.lower()}."
    for a, j in enumerate(_INTERJECTIONS)
    for b, c in enumerate(_CLAUSES)
    if (a + b) % 3 == 0
) + tuple(
    t.replace("{x}", x)
    for a, t in enumerate(_MID_TEMPLATES)
    for b, x in enumerate(_MID_SWEARS)
    if (a + b) % 2 == 0
)

#: Dislike and scorn aimed at things, not people: not toxic.
_THINGS = (
    ("rush hour on the ring road", "it"),
    ("Mondays", "them"),
    ("this printer", "it"),
    ("the new parking app", "it"),
    ("the tax forms", "them"),
    ("cold coffee", "it"),
    ("traffic jams", "them"),
    ("pineapple on pizza", "it"),
    ("automated phone menus", "them"),
    ("the latest phone update", "it"),
    ("the music in the dentist's waiting room", "it"),
    ("this weather", "it"),
    ("roadworks", "them"),
    ("the self-checkout machines", "them"),
    ("the new stadium seats", "them"),
    ("reality shows", "them"),
)
_THING_TEMPLATES = (
    "I can't stand {t}.",
    "{T} is the worst, I hate {o}.",
    "{T} disgusts me.",
    "Honestly, {t} is a worthless heap of junk.",
    "I despise {t} with a passion.",
    "{T} is garbage, a total waste of time.",
    "I loathe {t}.",
    "{T} makes me sick.",
    "I can't bear {t} any more.",
    "What a pathetic excuse for {t}.",
)
THINGS_DISLIKED = tuple(
    tpl.format(t=t, T=t[0].upper() + t[1:], o=o)
    .replace(" is ", " are " if o == "them" else " is ")
    .replace(" disgusts ", " disgust " if o == "them" else " disgusts ")
    .replace(" makes ", " make " if o == "them" else " makes ")
    for a, (t, o) in enumerate(_THINGS)
    for b, tpl in enumerate(_THING_TEMPLATES)
    if (a + b) % 2 == 0
)

#: Sport, where killing, slaughter and destruction are about the score: not toxic.
_CLUBS = ("the Rangers", "Wanderers", "the Saints", "County", "the Tigers", "Albion", "the Eagles", "Borough")
_SPORT_TEMPLATES = (
    "{c} destroyed us in the final, fair play to them.",
    "We slaughtered {c} three nil and the fans loved it.",
    "{c} were massacred at home again, what a season.",
    "Our strikers killed {c} in the second half.",
    "{c} got crushed in the semi, the manager has to go.",
    "We are going to murder {c} next week, mark my words.",
    "{c} butchered our back line all afternoon.",
    "Wiped out by {c} in the cup again, typical.",
)
SPORT = tuple(
    t.format(c=c) if not t.startswith("{c}") else t.format(c=c[0].upper() + c[1:])
    for a, t in enumerate(_SPORT_TEMPLATES)
    for b, c in enumerate(_CLUBS)
    if (a + b) % 2 == 0
)

#: What readers say about the piece they read, praise and civil criticism: the commonest comment
#: of all, and one the public data barely has ("This is a balanced piece" had read as an insult).
_PRAISE = (
    "balanced",
    "fair",
    "thoughtful",
    "sober",
    "careful",
    "measured",
    "nuanced",
    "honest",
    "detailed",
    "clear",
    "sharp",
    "brave",
    "timely",
    "well-researched",
    "even-handed",
    "moving",
    "excellent",
    "solid",
    "informative",
    "interesting",
    "important",
    "well written",
    "fascinating",
    "useful",
)
_FAULT = (
    "one-sided",
    "weak",
    "thin",
    "lazy",
    "biased",
    "shallow",
    "confused",
    "misleading",
    "superficial",
    "disappointing",
    "poorly sourced",
    "muddled",
)
_PIECES = (
    "piece",
    "article",
    "report",
    "analysis",
    "write-up",
    "column",
    "story",
    "summary",
    "interview",
    "read",
)
_PRAISE_TEMPLATES = (
    "This is a {a} {p}.",
    "{A} {p}, thank you.",
    "What a {a} {p}.",
    "A {a} {p} on a hard subject.",
    "Really {a} {p}, I learned a lot.",
    "Thanks for such a {a} {p}.",
)
_FAULT_TEMPLATES = (
    "This is a {a} {p}, I expected better.",
    "A {a} {p}: the other side is barely heard.",
    "Honestly a {a} {p}, the sources don't support the headline.",
    "Rather a {a} {p} this time.",
)


def _article_feedback() -> tuple[str, ...]:
    out = []
    for templates, adjectives in ((_PRAISE_TEMPLATES, _PRAISE), (_FAULT_TEMPLATES, _FAULT)):
        for a, tpl in enumerate(templates):
            for b, adj in enumerate(adjectives):
                piece = _PIECES[(a * 7 + b) % len(_PIECES)]
                if (a + b) % 2 == 0:
                    art = "an" if adj[0] in "aeiou" else "a"
                    text = tpl.format(a=adj, A=adj[0].upper() + adj[1:], p=piece).replace(
                        f" a {adj}", f" {art} {adj}"
                    )
                    out.append(text)
    return tuple(out)


ARTICLE_FEEDBACK = _article_feedback()
