"""Training and evaluation of the built-in model (may import scikit-learn; runtime code may not)."""
