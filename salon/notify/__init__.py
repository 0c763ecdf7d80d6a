"""Telling the world: live events, e-mail, webhooks."""
