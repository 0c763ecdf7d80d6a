"""Default per-category thresholds of the built-in model: (hold, reject).

A score at or above ``hold`` sends a comment to the moderation queue; at or above ``reject`` the
comment is rejected outright.  The model's scores never exceed 0.999, so a ``reject`` of 1.0
means "never reject on this category alone".  Chosen from the evaluation in docs/model-card.md:
``hold`` near the point where precision reaches about 0.8 on the held-out OLID tweets (the
closest to a comment section; identity_attack on Stormfront/ToxiGen), ``reject`` only for
severe categories at a score the model rarely reaches by mistake.  Spam holds only at 0.9: the
spam head learned from video comments, where "thanks for sharing" and "comment" are spam signals,
and short thank-you comments on an article scored 0.6 to 0.85; at 0.9 held-out precision is 0.99
and recall 0.68 (links blanked, see linear.py); the links phase still holds link spam.
Profanity alone never holds: swearing aimed at nobody ("this weather is f***ing awful") is
published, and swearing aimed at someone is held by the insult and toxicity heads. A site that
wants every swear word held sets profanity's hold to 0.7 (held-out precision 0.97, recall 0.89).
Sites override them.
"""

from __future__ import annotations

__all__ = ["DEFAULT_THRESHOLDS"]

DEFAULT_THRESHOLDS: dict[str, tuple[float, float]] = {
    "toxicity": (0.6, 1.0),
    "severe_toxicity": (0.6, 0.95),
    "identity_attack": (0.4, 1.0),
    "insult": (0.5, 1.0),
    "profanity": (1.0, 1.0),
    "threat": (0.6, 0.95),
    "spam": (0.9, 0.95),
}
