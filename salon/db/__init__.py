"""Storage: one schema (tables.py), an engine wrapper (engine.py), query modules by job."""
