"""salon: a self-hosted comment platform with local, explainable moderation."""

__version__ = "0.1.0"
