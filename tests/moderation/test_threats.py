"""Threat patterns: polite incitement caught, civil uses of violent words left alone."""

from __future__ import annotations

import pytest

from salon.moderation import threats
from salon.moderation.normalize import normalize
from salon.moderation.threats import detect_text

THREATS = [
    # a named person
    "Someone needs to put a bullet in Hargreaves before the vote.",
    "I'll stab Councillor Baines if he turns up at the meeting.",
    "I swear I'll strangle Judge Rowe with my own hands.",
    "Somebody should string up that Dr Anand.",
    "X should be hanged",
    "They are all to be shot.",
    # Phrases no film or photograph uses, whoever the subject.
    "The organisers of that march are to be shot on sight.",
    "Every one of the strikers should be lined up and shot.",
    "Line them up against a wall.",
    "I know where you live.",
    "Someone should put a bullet in him.",
    "I hope your house burns down.",
    "The judges should be lynched",
    "kill yourself",
    "I will find you and make you pay",
    "Hang them all.",
    # Harm promised without a kill verb, wished on someone, or hinted at.
    "Say one more word and I'll smash your teeth in.",
    "I'm going to break his legs when I find him.",
    "That referee is getting his legs broken after the match.",
    "Keep it up and I'm putting you in a wheelchair.",
    "We'll send him to an early grave.",
    "I hope someone stabs that councillor on his way home.",
    "Someone ought to run that reporter over.",
    "Acid in her face would teach her.",
    "If he comes back here he won't be leaving in one piece.",
    "Someone should pay the judge a visit at home.",
    "I will end you.",
    "You'll get what's coming to you.",
    "It would be a shame if something happened to your car.",
    "Keep posting and see what happens.",
    "Do us all a favour and drop dead.",
    "Go jump off a bridge.",
    "Log off and neck yourself.",
    "Don't sleep too soundly tonight.",
    "Line every last one of them up against a wall.",
    # The general frame: who will do it, a harm, aimed at a person, their body or their home.
    "I'm going to find you and I'm going to hurt you.",
    "Post that again and I will strangle you with your own cable.",
    "I'll torch your shop with you inside it.",
    "Someone needs to take that judge out.",
    "I'll run you over next time.",
    "gonna run you over if i see you",
    "This guy needs a good kicking.",
    "Give me five minutes alone with him and a hammer.",
    "I'll put your head through the window.",
    "Hope that mayor gets his house torched.",
    "He'll be going home in an ambulance.",
    "You're dead, mate.",
    "I hope you drown.",
    "He should be kicked to death.",
    # One for each older frame, so that every pattern is exercised below.
    "You are a moron and should be shot.",
    "I will beat him to death.",
    "He needs a bullet in his head.",
    "He deserves a bullet.",
    "Bring out the rope.",
    "They should be shot.",
    "We will put him six feet under.",
    "I would have shot him myself.",
]
# Doxxing hints and stalking hold at a lower score.
HINTS = [
    "We've got your home address.",
    "Your address is on the electoral roll.",
    "I found your LinkedIn.",
    "I am emailing your boss tonight.",
    "I've sent it to your kid's school.",
    "I'll reply to every comment you make until you leave.",
    "Posting her home address next.",
    "I know what car you drive.",
    "I drove past your house again.",
    "I'm keeping a file on you.",
    "Anyone know where this commenter lives?",
]
SELF_HARM = [
    "Please unalive yourself.",
    "Set yourself on fire.",
    "Go play in traffic, kid.",
    "Swallow a bottle of pills.",
    "Why are you still alive?",
    "The world would be a better place without you.",
    "Overdose and die, junkie.",
]

CIVIL = [
    # a name after a harm word, and no threat
    "I'm going to shoot Paris at dawn, the light is perfect.",
    "I'll kill Arsenal on Saturday, mark my words.",
    "Nobody should stab Baines, whatever he voted for.",
    "I'll torture Tolstoy's prose with my bad translation.",
    "someone should hang the Picasso in the main hall",
    "The army shot down a drone.",
    "He was hanged in 1946.",
    "That was a killer analysis.",
    "This joke kills me.",
    "The shooting of the film took months.",
    "They executed the plan.",
    "The scene should be shot at night.",
    "The film was shot on location.",
    "Deserters were lined up and shot in 1917, the museum explains.",
    "The painting should be hung in the hall.",
    "I will shoot you a message tomorrow.",
    "We need to kill the process.",
    "Nobody should be hanged for stealing bread.",
    '"I know where you live" is a line from a thriller.',
    # The same words in accidents, idiom, plans and reports.
    "The crash put him in hospital for a month.",
    "He broke his leg skiing last winter.",
    "I'll break the news to her tomorrow.",
    "The fall broke her jaw in two places.",
    "Someone should pay the plumber a visit, the sink is leaking.",
    "We'll pay you a visit next summer!",
    "I'd have killed for seats like that.",
    "The series should end it all in season two.",
    "It would be a shame if the library closed.",
    "Keep the receipt and see what happens with the refund.",
    "Our address is on the website.",
    "Acid rain damaged the statue.",
    "I'm going to break my personal record this year.",
    "She was knifed in a robbery in 2009, the court heard.",
    "He's getting his knee operated on next week.",
    "The ref broke his arm in a fall on the pitch.",
    "They won't leave the stadium in one piece, the stands are falling apart.",
    "I hope someone attacks this problem seriously.",
    "Don't sleep too late, the bus leaves at seven.",
    "I'll end the meeting at five.",
    "The tree will break your fall.",
    "We'll beat them on Saturday.",
    "I'll kill them in the final.",
    "We'll break them down into groups.",
    "I'll cut you some slack.",
    "I'll cut you off there.",
    "It's going to hurt you in the polls.",
    "I'll hang you out to dry.",
    "I will shoot you an email.",
    "I'm going to hurt my back lifting that sofa.",
    "The paramedics took him home in an ambulance last year.",
    "You're dead right about the budget.",
    "I found your wallet in the car park!",
    "I will send it to your work address, thanks.",
    "I'll email your manager to say thanks for the help.",
    "We drove past your old school on holiday!",
    "I waited outside your office but you had left.",
    "Anyone know where the bus stop is?",
    "Why are you still awake?",
    "The team would be better off without the new manager.",
    "He died of an overdose in 2014, the inquest heard.",
]


@pytest.mark.parametrize("text", THREATS)
def test_threats_are_caught(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.7
    assert result.spans


@pytest.mark.parametrize("text", SELF_HARM)
def test_urging_self_harm_is_held(text: str) -> None:
    result = detect_text(text)
    assert result.threat >= 0.6 and result.severe >= 0.6, result


@pytest.mark.parametrize("text", HINTS)
def test_doxxing_hints_reach_the_hold(text: str) -> None:
    assert detect_text(text).threat >= 0.6


@pytest.mark.parametrize("text", CIVIL)
def test_civil_violent_words_stay_quiet(text: str) -> None:
    assert detect_text(text).threat == 0.0


def test_spans_point_at_the_threat_in_original_text() -> None:
    text = "Nice article. Someone should put a bullet in him."
    (span,) = detect_text(text).spans
    assert text[span.begin : span.end] == "Someone should put a bullet in him"
    assert span.categories == ("threat",)


def test_obfuscated_threat_is_caught() -> None:
    assert detect_text("they should all be h@ng3d").threat >= 0.7


@pytest.mark.parametrize(
    "text",
    [
        "You are a moron and should be shot",
        "they are all scum and need to be wiped out",
        "She is a liar and deserves to be shot",
    ],
)
def test_threat_after_and_with_the_subject_stated_once(text: str) -> None:
    assert detect_text(text).threat >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        "You are right and the scene should be shot at night",
        "She was a director and should be hired again",
        "he was sentenced and was hanged in 1946",
        "They were outnumbered and had to be rescued",
        "You are a moron and nobody should be shot for that",
    ],
)
def test_and_clauses_without_a_threat_stay_quiet(text: str) -> None:
    assert detect_text(text).threat == 0.0


def test_every_pattern_is_reached_through_the_trigger_and_its_gate() -> None:
    """A pattern whose words the trigger or its gate lacks never runs: each must match some
    threat above by way of ``detect``'s own filters, not only by its regex."""
    reached = set()
    for text in THREATS + HINTS + SELF_HARM:
        norm = normalize(text).text
        if threats._TRIGGER.search(norm):
            reached |= {pat.name for pat in threats._candidates(norm) if pat.regex.search(norm)}
    assert reached == {pat.name for pat in threats.PATTERNS}
