"""The JSON API: public comment endpoints, the Perspective-compatible analyzer, admin JSON."""
