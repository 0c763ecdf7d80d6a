"""Moderation: normalisation, classifiers and the ordered pipeline of phases."""
