"""Server-rendered HTML: the embeddable thread, the demo page, the moderation dashboard."""
