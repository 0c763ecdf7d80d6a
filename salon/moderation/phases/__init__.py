"""The ordered moderation policy: each phase is a small module; PHASES is the order they run in.

The first phase that decides ends the run (see ``salon.moderation.pipeline``); when none does,
the comment is published.  Certain refusals come first (limits, a locked thread, sanctions,
banned words, an abusive name), then the model, then every check that only holds (flood, links,
duplicates, the nudge, trust, pre-moderation): so a comment held for any of those reasons still
carries the model's scores and spans for the moderator, and for learning from their decision.
Every name here is described in docs/moderation.md.

``GATE_PHASES`` run first, before anything about a new comment is stored: the bot defences.
A refusal from them stores nothing (the poster gets a 403); a hold carries over to the comment.
"""

from __future__ import annotations

from salon.moderation.phases.classifier import ClassifierPhase
from salon.moderation.phases.display_name import DisplayName
from salon.moderation.phases.duplicates import Duplicates
from salon.moderation.phases.flood import Flood
from salon.moderation.phases.honeypot import Honeypot
from salon.moderation.phases.input_limits import InputLimits
from salon.moderation.phases.links import Links
from salon.moderation.phases.nudge import Nudge
from salon.moderation.phases.premoderation import Premoderation
from salon.moderation.phases.proof_of_work import ProofOfWork
from salon.moderation.phases.sanction_signals import SanctionSignals
from salon.moderation.phases.sanctions import Sanctions
from salon.moderation.phases.site_learning import SiteLearning
from salon.moderation.phases.thread_controls import ThreadControls
from salon.moderation.phases.thread_locked import ThreadLocked
from salon.moderation.phases.time_to_submit import TimeToSubmit
from salon.moderation.phases.trust import Trust
from salon.moderation.phases.words import Words
from salon.moderation.pipeline import Phase

PHASES: list[Phase] = [
    InputLimits(),
    ThreadLocked(),
    ThreadControls(),
    Sanctions(),
    SanctionSignals(),
    Words(),
    DisplayName(),
    SiteLearning(),
    ClassifierPhase(),
    Flood(),
    Links(),
    Duplicates(),
    Nudge(),
    Trust(),
    Premoderation(),
]

GATE_PHASES: list[Phase] = [
    Honeypot(),
    ProofOfWork(),
    TimeToSubmit(),
]
