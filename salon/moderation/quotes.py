"""Where a normalised text quotes someone: inside double quotes, or inside single quotes used
as quotation marks ('they should die'), not apostrophes (don't, the Kurds' homes).

Normalisation folds curly quotes to straight ones, so these two marks are all there is.
"""

from __future__ import annotations

import re

__all__ = ["quoted"]

# An opening single quote stands after a space, a bracket or a colon and before a word; the
# closing one after a word or a stop and before a space, a stop or the end. An apostrophe
# inside the stretch ends the candidate ("'they don't belong'" is not taken as a quotation:
# missing one is cheaper than taking "kill 'em" for a quotation).
_SINGLE = re.compile(r"(?:^|(?<=[\s(\[:,]))'(?=[a-z0-9])[^'\n]{1,200}?(?<=[a-z0-9.!?])'(?=$|[\s.,!?;:)\]])")


def quoted(text: str, begin: int) -> bool:
    """Whether the character at ``begin`` stands inside a quotation."""
    if text.count('"', 0, begin) % 2 == 1:
        return True
    if "'" not in text:
        return False
    return any(m.start() < begin < m.end() for m in _SINGLE.finditer(text))
