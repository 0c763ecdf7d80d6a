"""Hand-written training sentences for what the public data teaches badly.

The datasets are short of group-directed hate said without slurs, of negation both ways, of
insults next to civil words, and of civil comments that name a people or swear at nobody. These
families are written for training only (the functional suite in ``functional_cases`` is
written separately and never trained on, and the sentences quoted in the project's issues as
probes are not reproduced here); a fixed share of each family's templates is kept out
of training as a held-out check (``part="test"``).

Each family: templates with ``{g}`` (a group, plural), ``{a}`` (its adjective), ``{s}`` (one
member, with its article) or ``{i}`` (an insult noun), and the labels every filled sentence gets;
what fills them is in ``augment_fills``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from salon.training.augment_fills import (
    ARTICLE_FEEDBACK,
    GROUPS,
    INSULTS,
    SPORT,
    SWEARING_AT_NOBODY,
    THINGS_DISLIKED,
    singular,
)

__all__ = ["FAMILIES", "Family", "sentences"]


class Family:
    """Templates that share labels (category → 0/1)."""

    def __init__(self, name: str, labels: dict[str, int], templates: tuple[str, ...]) -> None:
        self.name, self.labels, self.templates = name, labels, templates


_HATE = {"toxicity": 1, "identity_attack": 1}
_HATE_THREAT = {"toxicity": 1, "identity_attack": 1, "threat": 1, "severe_toxicity": 1}
_INSULT = {"toxicity": 1, "insult": 1, "identity_attack": 0, "threat": 0}
_CIVIL = {"toxicity": 0, "severe_toxicity": 0, "identity_attack": 0, "insult": 0, "threat": 0, "profanity": 0}
_SWEAR_CIVIL = {
    "toxicity": 0,
    "severe_toxicity": 0,
    "identity_attack": 0,
    "insult": 0,
    "threat": 0,
    "profanity": 1,
}

FAMILIES: tuple[Family, ...] = (
    Family(
        "dehumanising",
        _HATE,
        (
            "Vermin, that is all {g} are.",
            "{g} are nothing but rats.",
            "{g} are parasites living off the rest of us.",
            "{g} spread like a disease.",
            "{g} are a cancer on this country.",
            "{g} breed like cockroaches.",
            "These {g} are animals, not people.",
            "{a} vermin should be kept out.",
            "An infestation of {g}, that is what this town has become.",
            "{g} are subhuman filth.",
            "{g} are a plague on every country they enter.",
            "{g} are like locusts, they strip a place bare.",
            "{g} are leeches sucking this nation dry.",
            "{g} are an infection that has to be cut out.",
            "{g} multiply like rabbits and take everything.",
            "{g} are savages, not human beings.",
            "{g} are a swarm of insects.",
            "{g} are a virus eating away at our towns.",
            "{g} are pigs and should be treated like pigs.",
            "{g} are less than human.",
            "Those {a} rats are crawling all over the city.",
            "{g} are a pest problem, plain and simple.",
            "{g} are a tumour on the body of this country.",
            "{g} are dogs, they understand only the stick.",
        ),
    ),
    Family(
        "implicit_derogation",
        _HATE,
        (
            "{g} can never be trusted.",
            "Typical {a} behaviour, lying and stealing.",
            "{g} ruin every neighbourhood they move into.",
            "{g} are all thieves at heart.",
            "You can always tell when {g} have moved in, the crime goes up.",
            "{g} are too stupid to run their own country.",
            "Every {a} man I have met was a liar.",
            "{g} only know how to live on benefits.",
            "No wonder, {g} are born criminals.",
            "{g} have no place in a civilised society.",
            "{g} are the reason this country is going downhill.",
            "I despise {g} and always will.",
            "{g} make me sick.",
            "{g} are lazy by nature and always will be.",
            "{g} are incapable of honest work.",
            "{g} breed crime wherever they settle.",
            "{g} are a drain on the welfare system and nothing more.",
            "Put {g} in charge and watch the place collapse.",
            "{g} only care about money, it is in their blood.",
            "{g} are a danger to our children.",
            "{g} are sick in the head, all of them.",
            "Having {g} as neighbours drags the whole street down.",
            "{g} are born liars, it is just how they are.",
            "{a} men are all wife beaters.",
            "{g} have never contributed anything to civilisation.",
            "{g} are a burden this country cannot afford.",
            "The more {g} a town takes in, the worse it gets.",
            "{g} lower the tone of any place they go.",
            "Honestly {g} are just inferior, the evidence is everywhere.",
            "{g} are naturally dishonest.",
            "{g} are a stain on this nation.",
            "{g} are unfit to raise children.",
            "{g} are why nobody feels safe anymore.",
        ),
    ),
    Family(
        "exclusion",
        _HATE,
        (
            # Demeaning a group by what it should be denied or kept from, without an insulting word.
            "{g} should never be allowed to teach our kids.",
            "{g} belong behind bars, every one of them.",
            "{g} should stay at home and keep their mouths shut.",
            "{g} are only good for cleaning toilets.",
            "{g} are too emotional to make any real decision.",
            "{g} have to be watched day and night.",
            "I would never let {g} anywhere near my children.",
            "Nobody cares what {g} think.",
            "{g} will never make decent parents.",
            "{a} lives are worth less than ours.",
            "{g} have no business running anything.",
            "{g} should be kept away from decent folk.",
            "{g} should not have the same rights as the rest of us.",
            "Give {g} an inch and they will take over.",
            "{g} should be grateful we even let them stay.",
            "{g} are fine as long as they stay out of sight.",
            "{g} are not fit to hold any office.",
            "Keep {g} out of our schools.",
            "Hiring {g} is asking for trouble.",
            "{g} should be banned from marrying.",
            "{g} ought to be kept in their place.",
            "{a} opinions are worthless.",
            "{g} can't be trusted with money or children.",
            "{g} should have to carry papers wherever they go.",
        ),
    ),
    Family(
        "hate_emotion",
        _HATE,
        (
            "I loathe {g}.",
            "I have nothing but contempt for {g}.",
            "I am sick to death of {g}.",
            "{g} fill me with rage.",
            "I cannot bear to be in a room with {g}.",
            "{g} are the worst thing that ever happened to this town.",
        ),
    ),
    Family(
        "subsequent_reference",
        _HATE,
        (
            # The group is named in one clause or sentence, the hate comes in the next.
            "I have met plenty of {g} and I despise every one of them.",
            "I worked with {g} for years. Never again, they were all useless.",
            "Ever met {g}? They are the most dishonest people alive.",
            "They lie, they steal, they cheat. Typical {g}.",
            "Of course it all went wrong, {g} were in charge.",
            "My new neighbours are {g}. I already can't stand them.",
            "There are {g} living on my road now and I hate every single one of them.",
            "Don't bother talking to {g}. They are all the same, filthy and rude.",
            "The new teacher is one of the {g}. Disgusting that they let them near children.",
            "Look at the {g} in that video. Worthless, the lot of them.",
        ),
    ),
    Family(
        "inclusion",
        _CIVIL,
        (
            # The civil twins of "exclusion": the same shapes, saying the opposite.
            "{g} should be allowed to teach, like anyone qualified.",
            "{g} have every right to run for office.",
            "I would happily let {g} look after my children.",
            "What {g} think matters in this debate.",
            "{g} make wonderful parents, the research is clear.",
            "{a} lives matter as much as anyone's.",
            "{g} run businesses, hospitals and schools all over the country.",
            "{g} should have the same rights as the rest of us.",
            "{g} are fit to hold any office they are elected to.",
            "Keep {g} in mind when the council plans the new housing.",
            "Hiring {g} has made our team stronger.",
            "{g} should be free to marry whoever they love.",
            "{a} opinions deserve a hearing.",
            "{g} can be trusted like anyone else.",
            "{g} should never have to carry papers to prove they belong.",
            "{g} have been welcome in this town for generations.",
            "{g} should not have to hide who they are.",
            "Nobody should be kept out of a school for being {a}.",
            "{g} are allowed to vote, and they should.",
            "{g} ought to be heard, not talked about.",
        ),
    ),
    Family(
        "subsequent_civil",
        _CIVIL,
        (
            # The civil twins of "subsequent_reference": a group named, then something kind or plain.
            "I have met plenty of {g} and liked every one of them.",
            "I worked with {g} for years. Lovely colleagues, all of them.",
            "Ever met {g}? They are the most generous hosts.",
            "My new neighbours are {g}. They brought us a cake on the first day.",
            "There are {g} living on my road now and every one of them says hello.",
            "The new teacher is one of the {g}. The kids adore her.",
            "Look at the {g} in that video. Brave, the lot of them.",
            "Of course it went well, {g} were in charge of the festival.",
            "I grew up next to {g}. They taught me to cook.",
            "We hired two {g} last spring. Best decision we made.",
            "Some {g} came to the meeting. They asked good questions.",
            "The {g} I know are just ordinary people with ordinary worries.",
        ),
    ),
    Family(
        "counter_reference",
        _CIVIL,
        (
            # Counter-speech that refers to hate without quoting it.
            "You need to stop calling {g} names.",
            "Threatening {g} is a crime, and this site reports it.",
            "Anyone who attacks {g} here will be banned.",
            "It is not okay to say that {g} are less than human.",
            "Spreading lies about {g} has real consequences.",
            "Hatred of {g} has no place in this comment section.",
            "Calls to expel {g} are racist, full stop.",
            "I reported the comment attacking {g}.",
            "Jokes about killing {g} are not funny.",
            "Insulting {g} does not make your argument stronger.",
            "Blaming {g} for the crime rate is prejudice.",
            "People who wish harm on {g} should be ashamed of themselves.",
        ),
    ),
    Family(
        "hate_emotion_counter",
        _CIVIL,
        (
            "I hate it when people are cruel to {g}.",
            "I hate that {g} are still treated worse at work.",
            "I hate how {g} are portrayed on the evening news.",
            "I don't hate {g}, I just disagree with the policy.",
            "Nobody should hate {g} for who they are.",
            "Why would anyone hate {g}?",
            "I can't stand people who mock {g}.",
            "It makes me sick how {g} are treated in this country.",
            "I despise the abuse {g} get online.",
            "I used to think badly of {g}, then I got to know my neighbours.",
        ),
    ),
    Family(
        "identity_affirmation",
        _CIVIL,
        (
            "Being {a} is completely normal.",
            "There is nothing wrong with being {a}.",
            "{a} and proud of it.",
            "I love being {a}.",
            "{g} are just people.",
            "{a} rights are human rights.",
            "{g} are valid and loved.",
            "Happy to be {a} and living here.",
        ),
    ),
    Family(
        "affirmation_phrases",
        _CIVIL,
        (
            "Trans women are women and trans men are men.",
            "Trans women are women, full stop.",
            "Trans men are men.",
            "Trans women are real women.",
            "Nonbinary people are real and valid.",
            "Trans people are who they say they are.",
            "Queer and proud, always.",
            "As a queer woman I found this article moving.",
            "Gay, married, and happy: thanks for the piece.",
            "Love is love.",
            "I'm a lesbian and I run the bakery on the corner.",
            "Nonbinary people have always existed.",
            "My son is gay and I could not be prouder of him.",
            "Black is beautiful.",
        ),
    ),
    Family("things_disliked", _CIVIL, THINGS_DISLIKED),
    Family("sport", _CIVIL, SPORT),
    Family("article_feedback", _CIVIL, ARTICLE_FEEDBACK),
    Family(
        "stereotype_refuted",
        _CIVIL,
        (
            "It is a myth that {g} are lazy, the employment figures say otherwise.",
            "The claim that {g} bring crime is not supported by the police data.",
            "{g} are no more dishonest than anyone else.",
            "Saying {g} cannot be trusted is an old prejudice and it is wrong.",
            "The study found that {g} pay more in taxes than they receive.",
            "People who think {g} are a burden should look at the hospital rotas.",
            "{a} families have been part of this town for generations and made it better.",
            "Blaming {g} for the housing crisis ignores decades of bad policy.",
        ),
    ),
    Family(
        "hateful_question",
        _HATE,
        (
            "Why are {g} always so two-faced?",
            "Why do {g} always cause trouble wherever they go?",
            "Isn't it obvious by now that {g} are inferior?",
            "Who in their right mind would trust {g}?",
            "Why can't {g} just go back to where they came from?",
            "Why do {g} breed like rats?",
            "How long until {g} ruin this town too?",
            "What is it about {g} that makes them so lazy?",
            "Why should we put up with {g} any longer?",
            "Don't you think {g} are a disease on this country?",
            "Is it just me or are {g} all thieves?",
            "Doesn't everyone agree that {g} are filth?",
            "Why do we let {g} live among decent people?",
            "When will people admit that {g} are a plague?",
            "Am I wrong to say {g} are less than human?",
        ),
    ),
    Family(
        "negated_respect",
        _HATE,
        (
            "I will never in my life show respect to {g}.",
            "{g} will never be equal to us.",
            "I could never trust {g}.",
            "{g} are not real human beings.",
            "I would never let {g} live next to me.",
            "{g} don't deserve to be treated as people.",
            "{g} don't belong in this country and never will.",
            "Never hire {g}, they don't deserve a job.",
            "{g} are never any good at anything.",
            "No {a} person has ever earned my respect.",
            "{g} will never be part of this nation.",
            "I refuse to ever treat {g} as equals.",
            "{g} are not welcome here and never will be.",
            "Not one of the {g} is worth saving.",
            "I don't think {g} should have the vote.",
            "{g} do not deserve any rights at all.",
        ),
    ),
    Family(
        "group_incitement",
        _HATE_THREAT,
        (
            "Every last one of the {g} ought to be killed.",
            "Line the {g} up, they must be shot.",
            "Each and every {a} man is to be shot on sight.",
            "{g} deserve to be wiped out.",
            "Kill all the {g}.",
            "The {g} should be deported or shot.",
            "Good, more {g} got killed today.",
            "One less {a} in the world, good riddance.",
            "{g} need to be exterminated.",
            "Round up the {g} and shoot them.",
        ),
    ),
    Family(
        "expel",
        _HATE,
        (
            "{g} should go back where they came from.",
            "Send all the {g} back, every last one.",
            "{g} out of our country!",
            "Go back to your own country, you {a} trash.",
            "Kick every {a} family out of this town.",
        ),
    ),
    Family(
        "insult_in_civil",
        _INSULT,
        (
            "You sir are a {i}. Otherwise a fine write-up, thank you.",
            "What a {i} you are. Anyway, good piece, well researched.",
            "{I}, you clearly didn't read the article.",
            "{I}, the election was held in March, look it up.",
            "{I}. The report says the opposite of what you claim.",
            "Listen, {i}, the bridge was paid for by the county.",
            "{I}! Read the piece before you comment on it.",
            "Typical {i}, posting about a story he never read.",
            "Oh look, the resident {i} has arrived to explain economics to us.",
            "{I}, nobody asked for your opinion on the zoning plan.",
            "Great article. The commenter above is a complete {i} though.",
            "Only a {i} would write this. I enjoyed the photos.",
            "Shut up, you {i}. The rest of the thread was interesting.",
            "Interesting points about the budget, but you are a {i} on the tax question.",
            "Thank you for the reporting. The mayor is a {i} and everyone knows it.",
            "I have lived on this street for twenty years and the new crossing has made the school run "
            "much safer, so credit to the council for listening. Whoever wrote the comment above is a {i}.",
            "The figures in the second chart are from the regional office and match what I found last "
            "spring when I looked into the water bills myself. You, on the other hand, are a {i}.",
            "Reply to the first comment: {i}. The rest of you, thanks for a sensible discussion about the "
            "library hours and the bus timetable.",
            "A balanced piece on a hard subject, with voices from both sides of the river, and I "
            "appreciated the map of the flooding. Shame the editor is such a {i}.",
        ),
    ),
    Family(
        "aimed_profanity",
        {**_INSULT, "profanity": 1},
        (
            "Fuck you, you {i}.",
            "You fucking {i}, read the article before you post.",
            "Shut the fuck up, {i}.",
            "Get fucked, {i}.",
            "Piss off back under your bridge, you {i}.",
            "What a shitty {i} you are.",
        ),
    ),
    Family(
        "aimed_profanity_group",
        {**_HATE, "profanity": 1},
        (
            "Fuck all {g}.",
            "{g} can fuck right off.",
            "Shitty {a} scum, the lot of them.",
            "Fucking {g}, ruining everything again.",
        ),
    ),
    Family(
        "negated_insult",
        _CIVIL,
        (
            "You are not a {i}, you just disagree with me.",
            "I never said you were a {i}.",
            "Nobody here thinks you are a {i}.",
            "I don't think the author is a {i} at all, just mistaken.",
            "Disagreeing with me does not make you a {i}.",
        ),
    ),
    Family(
        "counter_speech",
        _CIVIL,
        (
            "Calling {g} vermin is disgusting and has no place here.",
            "Saying {g} should go back where they came from is racist.",
            "People who say {g} are parasites should be ashamed.",
            "The post above calls {g} animals. That is hateful, please delete it.",
            "I am tired of seeing {g} described as a disease in these comments.",
            "Stop blaming {g} for everything, it is bigotry.",
            '"{g} are rats" is exactly the kind of language that led to pogroms.',
            "Whoever wrote that {g} are a plague should be banned from this site.",
            "Comparing {g} to insects is how every genocide started.",
            "It is shameful that people still call {g} subhuman.",
            "Attacks on {g} went up last year, and comments like the ones above are part of why.",
            "The slurs thrown at {a} players last night were vile.",
        ),
    ),
    Family(
        "identity_civil",
        _CIVIL,
        (
            "My neighbours are {g} and they helped us move in.",
            "I grew up among {g} and learned their songs.",
            "The article says {g} make up a tenth of the city.",
            "{a} cooking is some of the best I have had.",
            "As one of the {g} in this town, I found the piece fair.",
            "{g} have lived in this region for centuries.",
            "Many {g} voted for the opposition this year.",
            "The museum has a new exhibition on {a} history.",
            "I respect {g} and their traditions.",
            "{g} deserve the same rights as everyone else.",
            "The census counted more {g} than expected.",
            "There was a {a} festival downtown this weekend.",
            "I admire {g}.",
            "I have a lot of time for {g}.",
            "{g} are lovely people.",
            "We need more {g} in public life.",
            "{g} make this city a better place.",
            "Proud to stand with {g} today.",
            "I adore {a} music.",
            "Honestly, {g} have been nothing but kind to my family.",
        ),
    ),
    Family(
        "identity_mentions",
        _CIVIL,
        (
            # Neutral and positive sentences about a group: saying a group's name is not an attack.
            # Many plain predicates, so the name itself stops carrying the hate the data pairs it with.
            "{g} live in every big city in the country.",
            "{g} are welcome here.",
            "{g} are human beings like everyone else.",
            "{g} belong in this country as much as anyone.",
            "{g} deserve respect.",
            "{g} are not a burden on anyone.",
            "{g} are not criminals.",
            "{g} are not the enemy.",
            "{g} are part of our community.",
            "{g} pay taxes like the rest of us.",
            "{g} run many of the shops on my street.",
            "{g} celebrated the new year with fireworks.",
            "{g} have the same rights as every other citizen.",
            "{g} are people, not statistics.",
            "{g} were among the first to volunteer after the floods.",
            "{g} often face discrimination at work.",
            "{g} are overrepresented among the victims of hate crimes.",
            "{g} are allowed to vote in local elections.",
            "{g} make up about a fifth of the students at the school.",
            "Some {g} support the plan and some oppose it.",
            "How many {g} live in the region today?",
            "Are {g} represented on the council?",
            "What do {g} think of the new law?",
            "I am one of the {g} the article talks about.",
            "My wife and I are {g}.",
            "My best friend is {a}.",
            "Our new doctor is {a} and she is excellent.",
            "The {a} community raised money for the hospital.",
            "I met so many friendly {g} on my trip.",
            "{g} are brilliant, funny and kind.",
            "I am proud to be {a}.",
            "Being {a} is nothing to be ashamed of.",
            "{a} voices are missing from this debate.",
            "{g} have every right to be angry about this.",
            "The attacks on {g} must stop.",
            "We stand with {g}.",
        ),
    ),
    Family(
        "one_member",
        _CIVIL,
        (
            # One member of a group, named plainly: "a Jew" is as neutral as "Jewish".
            "The neighbour across the road is {s}.",
            "Our new headteacher is {s}.",
            "I sat next to {s} on the train and we talked for an hour.",
            "The winner of the baking contest was {s}.",
            "My brother married {s} last summer.",
            "As {s}, I found the article fair.",
            "The first doctor I saw was {s}.",
            "She is {s} and a lawyer.",
            "A man was charged with attacking {s} outside the station.",
            "Police are looking for witnesses after {s} was robbed.",
            "The council elected {s} as its chair.",
            "I grew up as {s} in a small town.",
            "{g} are wonderful neighbours, in my experience.",
            "{g} are great colleagues.",
            "The {a} couple next door grow the best tomatoes.",
        ),
    ),
    Family(
        "reported_violence",
        _CIVIL,
        (
            "Police said two {g} were shot outside a cafe on Tuesday.",
            "Thousands of {g} were killed in the war, the report says.",
            "The court heard that the attackers wanted {g} dead.",
            "Historians estimate that most {a} villages were destroyed in 1915.",
            "The minister condemned the calls to expel {g}.",
            "The documentary follows {a} families who fled the shelling.",
            # Brief reports of the past, which read like hate to a model that keys on the verbs.
            "{g} were killed in the fighting.",
            "Many {g} died in the camps.",
            "{g} were persecuted for centuries.",
            "{g} were deported from the region in 1944.",
            "Thousands of {g} were massacred during the war.",
            "{a} civilians were killed in the bombing.",
            "{g} were murdered in the pogroms of 1905.",
            "Hundreds of {g} lost their lives in the riots.",
            "{g} were driven out of the city after the war.",
            "Most of the {g} in the village were shot by the occupiers.",
        ),
    ),
    Family(
        "unaimed_swearing",
        _SWEAR_CIVIL,
        (
            "The weather today is fucking miserable.",
            "Holy shit, what a goal in the last minute.",
            "I burnt the damn toast again, bloody hell.",
            "The traffic on the bridge is a shitshow every morning.",
            "What the fuck happened to the bus timetable?",
            "Damn, this recipe is good.",
            "My bloody phone died halfway through the article.",
            "That was one hell of a match.",
            "Shit, I forgot to vote early this year.",
            "The heating broke again, fucking typical for February.",
            "Christ, the prices in that market are insane.",
            "That storm was a bitch to drive through.",
            "Fuck me, the queue at the post office went round the block.",
            "My sister's cooking is damn good, I have to admit.",
            "Hell yes, the library is finally open on Sundays.",
            "The new stadium looks shit hot, well done to the council.",
            "This fucking hill nearly killed me on the bike ride.",
            "Bloody hell, a four-hour delay at the airport.",
            "Oh shit, I just realised the article is from 2019.",
            "The damn cat knocked my coffee over again.",
            "Someone get me the fuck out of this meeting.",
            "I need to get the hell out of this office before six.",
            "What the hell was that ending?",
        ),
    ),
    Family("swearing_at_nobody", _SWEAR_CIVIL, SWEARING_AT_NOBODY),
)


def _held_out(template: str) -> bool:
    return int(hashlib.sha1(template.encode()).hexdigest()[:8], 16) % 10 < 2


def _swapped(word: str) -> str:
    """The word with two inner letters swapped ("idiot" → "idoit"), as people type to get past
    a filter; words under five letters are left alone."""
    if len(word) < 5:
        return word
    return word[:2] + word[3] + word[2] + word[4:]


def _swapped_group(group: str) -> str:
    head, _, rest = group.partition(" ")
    return f"{_swapped(head)} {rest}".strip()


def _dropped(word: str) -> str:
    """The word with one inner letter left out ("women" → "wmen"); words under five letters are
    left alone."""
    if len(word) < 5:
        return word
    return word[:1] + word[2:]


def _dropped_group(group: str) -> str:
    head, _, rest = group.partition(" ")
    return f"{_dropped(head)} {rest}".strip()


def sentences(part: str = "train") -> Iterator[tuple[str, Family]]:
    """(sentence, family) for ``part`` "train", "test" (held-out templates) or "all".

    In the abusive families every fourth filled sentence comes twice: as written and with the
    group or insult word's letters swapped, or (for groups) one of its letters left out."""
    for family in FAMILIES:
        abusive = family.labels.get("toxicity") == 1
        for k, tpl in enumerate(family.templates):
            if part != "all" and _held_out(tpl) != (part == "test"):
                continue
            if "{g}" in tpl or "{a}" in tpl or "{s}" in tpl:
                # Each template with a rotating half of the groups: every group, fewer repeats.
                for j, (g, a) in enumerate(GROUPS):
                    if (j + k) % 2 == 0:
                        yield tpl.format(g=g, a=a, s=singular(g, a)), family
                        if abusive and (j + k) % 8 == 0 and _swapped_group(g) != g:
                            yield tpl.format(g=_swapped_group(g), a=_swapped(a), s=singular(g, a)), family
                        elif abusive and (j + k) % 8 == 4 and _dropped_group(g) != g:
                            yield tpl.format(g=_dropped_group(g), a=_dropped(a), s=singular(g, a)), family
            elif "{i}" in tpl or "{I}" in tpl:
                for j, i in enumerate(INSULTS):
                    yield tpl.format(i=i, I=i.capitalize()), family
                    if abusive and (j + k) % 4 == 0:  # noqa: SIM102
                        if (w := _swapped(i)) != i:
                            yield tpl.format(i=w, I=w.capitalize()), family
            else:
                yield tpl, family
