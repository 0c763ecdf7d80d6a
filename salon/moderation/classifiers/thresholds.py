"""Default per-category thresholds of the built-in model: (hold, reject).

A score at or above ``hold`` sends a comment to the moderation queue; at or above ``reject`` the
comment is rejected outright.  The model's scores never exceed 0.999, so a ``reject`` of 1.0
means "never reject on this category alone".  Chosen from the evaluation in docs/model-card.md:
``hold`` near the point where precision on the calibration split reaches 0.8, ``reject`` only
for categories where the score is very precise and the harm severe.  Sites override them.
"""

from __future__ import annotations

__all__ = ["DEFAULT_THRESHOLDS"]

DEFAULT_THRESHOLDS: dict[str, tuple[float, float]] = {
    "toxicity": (0.8, 1.0),
    "severe_toxicity": (0.7, 0.95),
    "identity_attack": (0.7, 1.0),
    "insult": (0.75, 1.0),
    "profanity": (0.8, 1.0),
    "threat": (0.6, 0.9),
    "spam": (0.8, 0.98),
}
