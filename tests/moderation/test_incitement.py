"""Incitement against groups: calls to kill or expel, glee at deaths, dehumanisation and name slurs
are caught; history, news, quotes, condemnation, policy debate, sport, pests and negation pass."""

from __future__ import annotations

import re

import pytest

from salon.moderation import groups, incitement
from salon.moderation.incitement import detect, detect_text
from salon.moderation.incitement_patterns import (
    PATTERNS,
    prefixes,
    triggered,
    words_of,
)
from salon.moderation.incitement_words import COMPOUND_GATE
from salon.moderation.normalize import normalize

VIOLENCE = [
    "Kll all the Kurds.",
    "Kill every Albanian in the village, that is the only language they understand.",
    "Shoot every single Kurd you see.",
    "The Armenians should all be killed.",
    "All Turkmen in Syria must be shot!",
    "Kurds deserve to be wiped out.",
    "Jews need to be exterminated.",
    "Gypsies must be eradicated.",
    "Muslims must be gassed.",
    "The Roma should be sterilised.",
    "All the refugees should be shot on sight.",
    "Palestinians should be wiped off the map.",
    "Israelis must all be killed.",
    "kill all the Muslims",
    "Kill all the gays.",
    "someone should bomb the Palestinians",
    "Someone needs to gas the Jews",
    "We should exterminate the Roma.",
    "Let's kill the Kurds.",
    "Time to shoot the Mexicans at the border.",
    "Nuke the Chinese.",
    "the only good Turk is a dead Turk",
    "Death to the Armenians!",
    "Death to all Jews",
    "Black people deserve to die.",
    "Azerbaijanis should die.",
    "Ukrainians deserve a bullet.",
    "Russians should be lined up and shot.",
    "The Syrians in this town should be hanged.",
    "Trans people should be put down.",
    "Hindus must be slaughtered.",
    "Sikhs should be burned alive.",
    "Christians should be thrown into the sea.",
    "Send the Jews to the gas chambers.",
    "We should wipe the Kurds off the map.",
    "I would happily kill all the immigrants.",
    "The Kurds? Kill them all.",
    # a member, whichever comes along; arson; "better if they were dead"
    "I'm going to stab every woman I see.",
    "I will shoot the next Muslim who talks to me.",
    "I'd happily shoot any Jew.",
    "I will stab the next trans person I meet.",
    "I'll burn down the houses of Muslims.",
    "It would be best if all immigrants were executed.",
    "The world would be a better place if Jews were dead.",
    "I wish Kurds were all wiped out.",
    "We will see to it that Jews suffer.",
    "I will hunt down every Mexican in this town.",
]
# A collective pronoun, no group named: a threat; identity only as a collective.
COLLECTIVE = [
    "all of them are to be shot",
    "they should all be deported or shot",
    "Every last one of them should be executed.",
    "they all need to be exterminated",
    "Every last one of them should die.",
]
GLEE = [
    "The more dead Muslims the better.",
    "More dead refugees is good news.",
    "good, more of them got killed",
    "Good. More Kurds dead.",
    "glad those Syrians died",
    "Great, another three Palestinians killed.",
    "hope more refugees die",
    "I hope all the Jews die",
    "Can't wait for the Armenians to die... I hope the Armenians all die.",
    "one less Kurd",
    "One less Muslim, good riddance.",
    "the more dead Arabs the better",
    "The more Mexicans that die the better.",
    "Three Roma died in the fire. Couldn't happen to nicer people.",
    "Let the migrants drown.",
    "Two Afghans died in the attack. One less of them.",
    "Two Somalis were shot last night, serves them right. Somalis never learn.",
]
EXPEL = [
    "Send every one of those Georgians back where they came from.",
    "go back where you came from",
    "Go back to your own country!",
    "You people should go back to your desert.",
    "Go back to Africa!",
    "send them all back",
    "Send them back where they came from.",
    "deport every last one of them",
    "Deport all the Muslims.",
    "Muslims out!",
    "Turks out of Europe!",
    "Refugees go home!",
    "kick all the Mexicans out",
    "Kick out the Roma.",
    "Jews should be deported.",
    "All refugees must be deported.",
    "Get rid of the Pakistanis.",
    "Send the Kurds back.",
    "Drive every Roma out of the village.",
]
DEHUMANISE = [
    "Jews are vermin",
    "Kurds are leeches sucking the welfare system dry.",  # a participle after the noun
    "Immigrants spread through Europe like a plague.",  # words between the verb and "like"
    "Mexicans are animals.",
    "Muslims are a cancer on this country.",
    "Kurds breed like rabbits.",
    "Armenians are rats.",
    "Immigrants are parasites, all of them.",
    "Gypsies are subhuman.",
    "Refugees are nothing but cockroaches.",
    "The Chinese are a disease.",
    "Black people are monkeys.",
    "Gays are a plague.",
    "subhuman Roma",
    "filthy Arabs",
    "Turkish vermin everywhere.",
    "an infestation of Somalis",
    "A swarm of migrants at the border.",
    "The Kurds moved in next door. These rats ruin everything.",
    "Muslims are like rats.",
    "Somalis infesting our cities.",
    "Palestinians are not even human.",
    "Trans people are mentally ill animals.",
    "Am I the only one who believes Somalis are vermin?",
]
NAMES = [
    "Obummer ruined this country.",
    "Killary belongs in jail.",
    "Putler again.",
    "Jewlensky is a puppet.",
    "Those turkroaches again.",
    "What a bunch of kurdfuckers",
    "I can't stand Trumpshit anymore.",
    "Ask Bidentard about it.",
    "Nobody wants you Jewrats here.",
    "The trannyfreaks are at it again.",
    "Another thread full of migrantscum.",
]
HATRED = [
    "I hate Armenians.",
    "Honestly I despise the Kurds.",
    "We really do detest immigrants.",
    "I loathe Muslims and always will.",
    "I can't stand Roma.",
    "I cannot bear Jews!",
    "Gay people disgust me.",
    "Somalis make me sick.",
    "Trans people sicken me.",
    "My hatred of Palestinians is no secret.",
    "Nothing but contempt for refugees here.",
    "I will never respect Armenians.",
    "I could never trust a Jew.",
    "We won't hire immigrants.",
    "I'd never date a trans person.",
    "I hte Armenians.",
    "I h8 immigrants.",
    "I hateMuslims.",
    # A group named first, the hatred aimed back at it through a pronoun.
    "I have met many Kurds and I hate every single one of them.",
    "Roma were on the news again. Can't stand the sight of them.",
    "Of course they are stupid, they are just Muslims after all.",
    "I've had Jews as colleagues, and every one of them was a cheat.",
    "Immigrants? They are all criminals.",
]
DEGRADE = [
    "The militia fighters are vermin and should be treated as such.",
    "Those separatist fighters are nothing but rats.",
    "The occupiers are animals.",
    "Their soldiers are orcs.",
    "All these protesters are parasites.",
]
SLURS = [
    "Too many kikes in this town.",
    "Typical towelheads, always whining about something.",
    "The sp1cs again.",
    "Nobody wants you wetbacks here.",
    "Kikes out!",
]
# Places of worship stand for the religion: a threat, and an identity attack without naming it.
WORSHIP = ["Burn every mosque.", "Let's torch all the synagogues.", "Bomb their temples."]
# A whole group given a vice, or a stock accusation against it.
GENERALISED = [
    "Somalis are all thieves and liars.",
    "Roma are born criminals.",
    "Refugees are violent and dangerous.",
    "Mexicans are lazy.",
    "Every Afghan man is a rapist.",
    "Any Muslim is a terrorist waiting to happen.",
    "You can't trust a Kurd.",
    "Gypsies can't be trusted with anything.",
    "Arabs only respect force.",
    "Africans have no culture.",
    "Indians smell, I won't sit near them.",
    "Aboriginals have contributed nothing.",
    "The Jews control the banks.",
]
# Glee told after the deaths it cheers, a group said to have earned its dead, and new calls.
GLEE_AFTER = [
    "Heard a bunch of Kurds drowned in the Channel. Best news all week",
    "Good. 40 dead refugees is a start.",
    "Afghans got blown up, I wouldn't lose a minute of sleep. Keep em coming.",
    "Another boat of migrants sank and they drowned. Good riddance.",
    "Dozens of Kurds were killed yesterday. Pop the champagne!",
    "Armenians deserved what happened to them.",
    "Palestinians deserve every bomb.",
]
CALLS = [
    "A final solution for the gypsy problem is long overdue.",
    "We need to solve the Muslim problem.",
    "Those Bangladeshi families need burning out.",
    "Every Romanian beggar deserves a kicking.",
    "Those refugees? Someone should push the lot of them into the canal.",
    "Wipe every Israeli off the map.",
    "The Catholics will be first against the wall.",
    "Someone should shoot up a mosque.",
    "It would honestly be better for everyone if the disabled were just quietly euthanised.",
    "Time to finish off the Tamils.",
    "We must cleanse this country of Muslims.",
    "Jews will be hanging from lampposts soon.",
    "Gays should be thrown off buildings.",
    "Disabled people should be euthanised.",
]
# Abuse of one reader: contempt nouns, a mother dragged in, sexual remarks; stock accusations.
READER_ABUSE = [
    "Shut up, you colossal bellend.",
    "Absolute drongo. Pull your head in, mate.",
    "You utter, utter pillock.",
    "The minister is an arrogant, clueless prick who never taught.",
    "dumber than a bag of hammers",
    "You have the intellectual depth of a puddle in a drought.",
    "You are a complete waste of space.",
    "you're such a cretin",
    "Who invited this mouth-breather?",
    "Shut up, snowflake.",
    "Pipe down, you little muppet.",
    "Your mother should have aborted you.",
    "Nice legs in your profile pic, send nudes.",
    "She needs a good shag.",
    "DM me, sweetheart.",
    "you are the dumbest commenter here",
]
STOCK_ACCUSATIONS = [
    "Every Romanian man in this country is a thief.",
    "Greeks can't organise anything.",
    "Nigerians only come here for the benefits.",
    "Dirty paki.",
    "Some tranny was shouting.",
    "Lesbians are subhuman freaks.",
]
ABUSIVE = (
    READER_ABUSE
    + STOCK_ACCUSATIONS
    + VIOLENCE
    + COLLECTIVE
    + GLEE
    + EXPEL
    + DEHUMANISE
    + NAMES
    + HATRED
    + DEGRADE
    + SLURS
    + WORSHIP
    + GENERALISED
    + GLEE_AFTER
    + CALLS
)
# Their civil twins: the same words denied, reported, condemned, or about no people.
GENERALISED_CIVIL = [
    "The council must solve the parking problem.",
    "The Irish question dominated British politics for a century.",
    "Disabled people need ramps, not pity.",
    "Push the boat into the river before the tide turns.",
    "The storm will wipe the old pier off the map of the town.",
    "The dead refugees were buried in the village, a start to honouring them, the priest said.",
    "Nobody was killed when the mosque was attacked last year, police said.",
    "I wouldn't lose sleep over the Kurds' referendum, it is symbolic.",
    "It would be better if the disabled were treated with respect.",
    "We need to deal with the housing problem before the election.",
    "Somalis are not thieves.",
    "The idea that Roma are born criminals is racist.",
    "It's a myth that Mexicans are lazy.",
    "Nobody should say Muslims are terrorists.",
    "Every Turkish man I know is a great cook.",
    "You can trust a Kurd to keep his word.",
    "I can't trust a politician.",
    "The idea that Jews control the banks is an antisemitic conspiracy theory.",
    "Muslims have no alcohol at the wedding.",
    "The thieves were caught by the police.",
    "Immigrants are not criminals, the data shows.",
    "Good riddance to the old stadium.",
    "Kurds were killed in the attack; the minister called it a tragedy.",
    "Armenians deserved better from their allies.",
    "Drive every car out of the city centre, that's the plan.",
    "We must clean this country of corruption.",
    "Finish off the leftovers.",
    "Italians smell of garlic in the old jokes, which were never funny.",
]
READER_ABUSE_CIVIL = [
    "The prick of a needle.",
    "A shill bidding scheme was uncovered by the auction house.",
    "I love the galah parrots in Australia.",
    "Idiot Wind is a Bob Dylan song.",
    "The clown at the circus was brilliant.",
    "That was an embarrassment of riches.",
    "You are a nobody until you publish, my editor says.",
    "Shut up and take my money!",
    "Your mother must be proud.",
    "Send me the pics from the wedding.",
    "The team needs a good coach.",
    "Nice legs on that table, where did you buy it?",
    "Every Romanian I met was kind.",
    "Greeks organise the best weddings.",
    "Nigerians come here to study medicine.",
    "The cheese smells of feet.",
    "Grow up, kid, the teacher laughed.",
    # a slur claimed by the speaker
    "As a tranny myself, I found this fair.",
    "Every tranny I know was at the vigil.",
    "Speaking as a proud tranny, thank you.",
]

CIVIL = [
    "News of the refugees' arrival spread through the town like wildfire.",
    "The flu spread through the refugee camp like a disease does in any crowded place.",
    "Refugees are arriving in Greece by the thousands.",
    # history
    "Armenians were killed in 1915.",
    "The Ottoman army wiped out the garrison.",
    "Millions of Jews were gassed in the camps.",
    "In 1948 many Palestinians were driven out of their villages.",
    "The Roma were sterilised by force in Czechoslovakia until the 1970s.",
    "Kurds were gassed at Halabja in 1988.",
    "Tutsis were slaughtered in 1994, and the world watched.",
    "The Nazis sent Jews to the gas chambers.",
    # news reporting
    "Police said two Kurds were shot.",
    "The report says refugees were deported.",
    "Three Syrians died when the boat sank.",
    "Israel will bomb Gaza again, analysts say.",
    "Turkey wants to wipe out the Kurds, the minister said.",
    "Witnesses say the soldiers shot the Armenians at dawn.",
    "The government deported 300 Afghans last month.",
    "Officials said the Chinese were expelled from the zone.",
    # quoting and condemning
    "Calling Jews vermin is disgusting.",
    "He said Muslims should be deported, which is vile.",
    '"Death to the Armenians" was chanted at the rally.',
    "Telling people to go back where they came from is racist.",
    "The idea that Mexicans are animals is a lie.",
    "Saying the Roma should be sterilised is hate speech.",
    "People who say Kurds should be shot are monsters.",
    "Nazi propaganda said Jews are rats.",
    "Stop telling refugees to go back to their country.",
    "He was banned for writing that Gypsies must be eradicated.",
    # policy debate about a legal status
    "Illegal immigrants should be deported under the law.",
    "Undocumented migrants must be deported, the minister argued.",
    "Refugees should be sent home when the war is over.",
    "Migrants who commit crimes should be deported.",
    "Deport illegal immigrants and fix the asylum system.",
    "Illegals out, legal immigrants welcome.",
    # sport
    "We killed the Turks 3-0.",
    "The Brazilians were wiped out in the semi-final.",
    "Let's kill the English in the final tomorrow!",
    "The Italians should be destroyed in the match tonight.",
    "We slaughtered the Germans at football.",
    "The Argentinians are out of the World Cup!",
    "The French are trash this season.",
    "Great, another goal and the Dutch are dead and buried.",
    # pests and animals
    "Rats are vermin.",
    "We need to exterminate the cockroaches in the kitchen.",
    "Those rats in the barn ate the grain.",
    "Kill all the weeds before they spread.",
    "The Chinese restaurant had rats; the inspectors closed it.",
    "Black rats carried the plague.",
    "Turkish dogs are loyal.",
    "African swine fever is spreading in Asia.",
    "Rabbits breed like rabbits.",
    # negation
    "No one should be shot for their religion.",
    "Muslims should not be deported.",
    "Nobody thinks the Kurds should be killed.",
    "Jews are not vermin and never were.",
    "Refugees are not animals.",
    "We must not let the migrants drown.",
    "I hope no more refugees die at sea.",
    "Glad none of the Syrians were killed.",
    # neutral and positive mentions, ordinary idioms
    "The Armenians in my town run a wonderful bakery.",
    "The Chinese government should be held to account.",
    "Kurds are animal lovers, as my neighbours show.",
    "Jewish people celebrate Hanukkah in winter.",
    "One less Armenian restaurant in town, sadly.",
    "Go back to the first paragraph, it explains the census.",
    "I want to go back to Mexico next summer.",
    "Send them back to the shop if they don't fit.",
    "Good article, the Palestinians interviewed were very clear.",
    "I hope the refugees find a home soon.",
    "Muslims out in force at the charity run.",
    "Refugees are treated like animals in those camps.",
    "My grandparents were Ukrainians who fled the war.",
    "The Turks should be proud of their football team.",
    "Immigrants should be welcomed.",
    "The Kurds should be given their own state.",
    "Women should be paid the same as men.",
    "Gays should be allowed to marry.",
    "Trans people deserve respect.",
    "Disabled people need better access to trains.",
    "Nice work, the Syrians who were rescued are safe.",
    "It couldn't have happened to nicer people: they won the lottery.",
    "Jewelry from the Ottoman era is on display.",
    "Bullshit. The census is accurate.",
    "The Obama administration passed the bill.",
    "Norman Jewison directed the film.",
    "Hindus celebrate Diwali; Sikhs celebrate Vaisakhi.",
    "Those anti-American scum burned the flag.",
    "Go back to your cave, troll.",
    "So you agree that Kurds should be killed? Nobody here said that.",
    "She believes that Jews must be eradicated, and she is dangerous.",
    "I don't hate Muslims, I disagree with the mosque's plans.",
    "I hate it when people insult immigrants.",
    "I hate that women are paid less than men.",
    "I hate how trans people are treated in this country.",
    "I can't stand people who mock gay people.",
    "I despise racism against Black people.",
    "Why would anyone hate Armenians?",
    "The Kurds revolt against the regime every decade.",
    '"I hate Jews," he shouted, and the police arrested him.',
    "My contempt for the Turkish government is no secret.",
    "I hate the Russian winter.",
    "Our troops are heroes.",
    "I could never trust a stranger.",
    "Calling them kikes is vile.",
    'The word "kike" is an antisemitic slur.',
    "He was banned for calling Roma gyppos.",
    "I'm a tranny and proud.",
    "Pakistan won the match.",
    "I hate hats.",
    "I hatemail you.",
    "I met many Kurds and I like every one of them.",
    "I love the Kurds. Hate them? Never.",
    "The Turks scored twice. They are stupid lucky.",
    "Refugees arrived tired; they were hungry and cold.",
    "Kurds are often called terrorists; they are not.",
    "People say immigrants are lazy. They are not lazy at all.",
    "Police arrested three Albanian men; they are criminals, the judge said.",
    "My kids hate vegetables; they are all lazy.",
    "Many Albanians live in the district and run half the shops on the high street, and the "
    "council has worked with them for years. The men who robbed the bakery last week? They are "
    "criminals and the court should treat them as such.",
    "I don't trust politicians.",
    "I never said I don't trust Muslims.",
    "I will never respect Kurds who support terrorism.",
    "I would never let my dog near the Turks next door.",
    "He said they would kill every Armenian in the town.",
    "Nobody should kill every Kurd.",
    "The soldiers were animals in that war, the report says.",
    "Calling the protesters vermin is disgusting.",
    "The Tigers are animals on the pitch, they scored 4-0.",
    # the member, arson and "better if" shapes, civil
    "They burned down the homes of Muslims in 1992.",
    "The mob burned every mosque in the town.",
    "I would shoot a movie about a Muslim family.",
    "I wish Muslims were treated better.",
    "It would be best if all of us were vaccinated.",
    "I'll shoot the next gay man who asks me for a portrait.",
    # quoted to condemn, in single quotes
    "When you write 'Muslims should die' you show your own hatred.",
    "I'm going to make sure the refugees in this town are safe.",
    "We will make sure the Kurds get what they were promised.",
    "I will hunt down every typo in this article.",
    "Police hunted down the men who attacked the Kurds.",
    "More dead refugees is not good news for anyone.",
    '"More dead Muslims is a win" is what the troll wrote.',
    "The banner said 'death to Kurds' and the police took it down.",
]


def _groups_named(texts: list[str]) -> set[str]:
    found = set()
    for text in texts:
        found |= {m.group(0).split()[-1] for m in groups.MENTION.finditer(normalize(text).text)}
    return found


def test_cases_cover_enough_groups() -> None:
    assert len(ABUSIVE) >= 80 and len(CIVIL) >= 80
    assert len(_groups_named(ABUSIVE)) >= 10
    assert len(_groups_named(CIVIL)) >= 10


@pytest.mark.parametrize("text", VIOLENCE)
def test_calls_to_kill_a_group_are_threats_against_it(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.85, result
    assert result.severe >= 0.7
    assert result.identity >= 0.8
    assert any("threat" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", WORSHIP)
def test_calls_to_burn_places_of_worship_are_threats(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.8 and result.identity >= 0.6, result


@pytest.mark.parametrize("text", GENERALISED)
def test_a_group_given_a_vice_is_an_identity_attack(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0


@pytest.mark.parametrize("text", GLEE_AFTER + CALLS)
def test_glee_after_deaths_and_calls_to_kill_or_expel(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat >= 0.6, result


@pytest.mark.parametrize("text", READER_ABUSE + STOCK_ACCUSATIONS)
def test_abuse_of_a_reader_and_stock_accusations_reach_a_hold(text: str) -> None:
    result = detect_text(text)
    assert max(result.insult, result.identity) >= 0.6, result


@pytest.mark.parametrize("text", READER_ABUSE_CIVIL)
def test_the_twins_of_reader_abuse_pass(text: str) -> None:
    result = detect_text(text)
    assert result.insult == 0.0 and result.identity == 0.0, result


@pytest.mark.parametrize("text", GENERALISED_CIVIL)
def test_the_twins_of_generalisations_pass(text: str) -> None:
    result = detect_text(text)
    assert result.identity == 0.0 and result.threat == 0.0, result


@pytest.mark.parametrize("text", COLLECTIVE)
def test_calls_to_kill_everyone_of_a_collective(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.85
    assert result.severe >= 0.75
    assert result.identity >= 0.7


@pytest.mark.parametrize("text", COLLECTIVE)
def test_a_collective_after_a_group_mention_is_an_attack_on_the_group(text: str) -> None:
    result = detect_text("The Kurds in that valley? " + text)
    assert result.threat >= 0.85
    assert result.identity >= 0.8


@pytest.mark.parametrize("text", GLEE)
def test_glee_at_a_groups_deaths(text: str) -> None:
    result = detect_text(text)
    assert 0.6 <= result.threat <= 0.8, result
    assert result.identity >= 0.7


@pytest.mark.parametrize("text", EXPEL)
def test_calls_to_expel(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0


@pytest.mark.parametrize("text", DEHUMANISE)
def test_dehumanisation_aimed_at_a_group(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.8, result
    assert result.toxicity >= 0.8


@pytest.mark.parametrize("text", HATRED)
def test_hatred_of_a_group_said_outright(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.7, result
    assert result.threat == 0.0
    assert any("identity_attack" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", DEGRADE)
def test_one_sides_fighters_or_followers_called_vermin_are_insulted(text: str) -> None:
    result = detect_text(text)
    assert result.insult >= 0.7 and result.toxicity >= 0.8, result
    assert result.identity == 0.0 and result.threat == 0.0


@pytest.mark.parametrize("text", SLURS)
def test_a_slur_for_a_group_is_an_identity_attack_even_in_a_negated_clause(text: str) -> None:
    result = detect_text(text)
    assert result.identity >= 0.8 and result.insult >= 0.6, result
    assert any("identity_attack" in s.categories for s in result.spans)


@pytest.mark.parametrize("text", NAMES)
def test_compound_slurs_and_name_spellings(text: str) -> None:
    result = detect_text(text)
    assert result.insult >= 0.7, result
    assert result.spans


@pytest.mark.parametrize(
    "text", ["Jewlensky is a puppet.", "Those turkroaches again.", "What a bunch of kurdfuckers"]
)
def test_compound_slurs_on_a_group_are_identity_attacks(text: str) -> None:
    assert detect_text(text).identity >= 0.8


@pytest.mark.parametrize("text", CIVIL)
def test_civil_counterparts_pass(text: str) -> None:
    result = detect_text(text)
    assert result == incitement.IncitementResult(), (text, result)


def test_an_expulsion_slogan_holds_for_a_status_but_the_policy_sentence_does_not() -> None:
    assert detect_text("Refugees out!").identity >= 0.7
    assert detect_text("Refugees should be deported.").identity == 0.0
    assert detect_text("All refugees should be deported.").identity >= 0.7
    assert detect_text("Muslims should be deported.").identity >= 0.7
    assert detect_text("Muslim immigrants should be deported.").identity >= 0.7
    assert detect_text("Illegal immigrants should be deported.").identity == 0.0


def test_violence_against_a_legal_status_still_holds() -> None:
    assert detect_text("Illegal immigrants should be shot.").threat >= 0.85


def test_a_noun_after_an_ambiguous_group_name_is_not_the_group() -> None:
    assert detect_text("Nuke the Chinese embassy").threat == 0.0
    assert detect_text("Nuke the Chinese").threat >= 0.85
    assert detect_text("kill all the French fries").threat == 0.0


def test_sport_does_not_silence_genocidal_words() -> None:
    assert detect_text("After the match: the Turks should be gassed.").threat >= 0.85


# -- spans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nice article. The Armenians should all be killed.", "The Armenians should all be killed"),
        ("Sure. All Turkmen in Syria must be shot!", "All Turkmen in Syria must be shot"),
        ("Good. More Kurds dead.", "Good. More Kurds dead"),
        ("Honestly, go back where you came from.", "go back where you came from"),
        ("In my view Muslims are a cancer on this country.", "Muslims are a cancer"),
        ("Ask Obummer.", "Obummer"),
    ],
)
def test_spans_are_the_words_of_the_match_in_original_offsets(text: str, expected: str) -> None:
    (span,) = detect_text(text).spans
    assert text[span.begin : span.end] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Well. The Armen1ans sh0uld all be k1lled!", "The Armen1ans sh0uld all be k1lled"),  # leet
        ("Тhе Кurds аrе vеrmin, period.", "Тhе Кurds аrе vеrmin"),  # Cyrillic look-alikes
        (
            "ok. ＪＥＷＳ ＮＥＥＤ ＴＯ ＢＥ ＥＸＴＥＲＭＩＮＡＴＥＤ",
            "ＪＥＷＳ ＮＥＥＤ ＴＯ ＢＥ ＥＸＴＥＲＭＩＮＡＴＥＤ",
        ),  # fullwidth
        ("Hey — s h o o t all the Kurds now", "s h o o t all the Kurds"),  # spaced letters
        ("lol kiiiill all the Muslims", "kiiiill all the Muslims"),  # stretched
        ("Café talk: the Kurdś should be shot.", "the Kurdś should be shot"),  # accents
    ],
)
def test_spans_map_back_through_normalisation(text: str, expected: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.8 or result.identity >= 0.8
    (span,) = result.spans
    assert text[span.begin : span.end] == expected


def test_spans_are_word_aligned() -> None:
    for text in ABUSIVE:
        for span in detect_text(text).spans:
            assert span.begin == 0 or not text[span.begin - 1].isalnum(), (text, span)
            assert span.end == len(text) or not text[span.end].isalnum(), (text, span)
            assert text[span.begin].isalnum() and text[span.end - 1].isalnum()


# -- the gates --------------------------------------------------------------------------------


def _ungated(text: str) -> list[tuple[str, str]]:
    """Every (pattern, match) the regexes give on the text, without gates or context."""
    norm = normalize(text).text
    return [(pat.name, m.group(0)) for pat in PATTERNS for m in pat.regex.finditer(norm)]


def test_every_match_passes_its_gates_and_the_trigger() -> None:
    by_name = {pat.name: pat for pat in PATTERNS}
    for text in ABUSIVE + CIVIL:
        for name, said in _ungated(text):
            pat = by_name[name]
            words = words_of(said)
            pre = prefixes(words)
            assert pat in triggered(pre) and pat.passes(pre), (name, said)
            if pat.substrings:
                assert any(sub in said for sub in pat.substrings), (name, said)
            if pat.group:
                assert not groups.HEAD_WORDS.isdisjoint(words), (name, said)


def test_every_pattern_is_exercised_by_an_abusive_case() -> None:
    hit = {name for text in ABUSIVE for name, _ in _ungated(text)}
    assert hit == {pat.name for pat in PATTERNS}


def test_most_ordinary_texts_skip_every_regex() -> None:
    ordinary = [
        "Thanks for the thoughtful article, I learned a lot about the council budget.",
        "The bus timetable changes on Monday; check the website.",
        "I disagree with the author about interest rates.",
        "Great photos of the harbour at sunset.",
        "My daughter loved the museum trip.",
    ]
    for text in ordinary:
        norm = normalize(text).text
        words = words_of(norm)
        assert not triggered(prefixes(words)) and groups.HEAD_WORDS.isdisjoint(words), text
        assert not any(c in norm for c in COMPOUND_GATE)


def test_group_lexicon_is_large_and_singulars_are_right() -> None:
    assert len(groups.PLURALS) + len(groups.ADJECTIVES) >= 200
    assert groups.singular("kurds") == "kurd"
    assert groups.singular("gypsies") == "gypsy"
    assert groups.singular("women") == "woman"
    assert groups.singular("chinese") == "chinese"
    assert re.fullmatch(groups.GROUP, "all turkmen in syria")


def test_detect_takes_the_normalised_text() -> None:
    norm = normalize("The Armenians should all be killed.")
    assert detect(norm) == detect_text("The Armenians should all be killed.")


def test_group_patterns_scanning_only_sentences_with_a_group_find_what_the_whole_text_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [*ABUSIVE, *CIVIL, " ".join(ABUSIVE[:40]), " ".join(CIVIL[:40]), "Hi. " + ". Ok! ".join(VIOLENCE)]
    windowed = [detect_text(t) for t in texts]
    monkeypatch.setattr(incitement, "_windows", lambda text, heads: [(0, len(text))])
    assert [detect(normalize(t)) for t in texts] == windowed


# -- across the lexicon -------------------------------------------------------------------------

_SAMPLE = [p for p in groups.PLURALS if p not in groups.STATUS][::8]
_ABUSIVE_FRAMES = [
    "{G} should all be killed.",
    "All {G} must be shot!",
    "Kill all the {G}.",
    "Glad those {G} died.",
    "Deport all the {G}.",
    "{G} out!",
    "{G} are vermin.",
    "The more dead {G} the better.",
]
_CIVIL_FRAMES = [
    "{G} were killed in the war.",
    "The report said {G} were shot by police.",
    "Calling {G} animals is racist.",
    "{G} should not be deported.",
    "The {G} team was wiped out in the final.",
    "{G} are out in force today.",
    "It is a tragedy that {G} died at sea.",
    "We should send aid to the {G}.",
]


@pytest.mark.parametrize("frame", _ABUSIVE_FRAMES)
def test_every_frame_holds_for_groups_across_the_lexicon(frame: str) -> None:
    missed = [g for g in _SAMPLE if detect_text(frame.format(G=g.title())).identity < 0.7]
    assert len(_SAMPLE) >= 25 and not missed


@pytest.mark.parametrize("frame", _CIVIL_FRAMES)
def test_civil_frames_pass_for_groups_across_the_lexicon(frame: str) -> None:
    # A group named by a slur is not named civilly, whatever the frame.
    held = [g for g in _SAMPLE if g not in groups.SLURS and detect_text(frame.format(G=g.title())).spans]
    assert not held
