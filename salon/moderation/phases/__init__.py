"""The ordered moderation policy: each phase is a small module; PHASES is the order they run in."""

from __future__ import annotations

from salon.moderation.pipeline import Phase

PHASES: list[Phase] = []
