"""Limits every input is held to before it reaches a database: ids that fit a BIGINT, text without
NUL or other control characters (PostgreSQL refuses NUL; XML refuses most C0 controls)."""

from __future__ import annotations

import re

#: The largest id SQLite's INTEGER and PostgreSQL's BIGINT hold.
MAX_ID = 2**63 - 1

#: C0 controls and DEL, except tab and newline (kept in comment bodies).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Characters XML 1.0 cannot carry at all (feeds).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """The text without NUL and other control characters; tab and newline kept."""
    return _CONTROLS.sub("", text)


def has_controls(text: str) -> bool:
    """Whether the text holds a control character (tab and newline included)."""
    return bool(re.search(r"[\x00-\x1f\x7f]", text))


def xml_text(text: str) -> str:
    """The text with every character XML 1.0 forbids removed."""
    return _NOT_XML.sub("", text)


def parse_id(raw: str) -> int | None:
    """A positive id written in ASCII digits that fits the database, else None (``²`` is no id)."""
    raw = raw.strip()
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None
