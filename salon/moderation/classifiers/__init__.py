"""Classifiers behind one protocol (see base.py)."""

from salon.moderation.classifiers.base import (
    CATEGORIES,
    Analysis,
    Classifier,
    ClassifierError,
    NullClassifier,
    Span,
)

__all__ = ["CATEGORIES", "Analysis", "Classifier", "ClassifierError", "NullClassifier", "Span"]
