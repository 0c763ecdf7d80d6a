"""Reading JSON exports: one document (whole, these formats are small) or JSON lines (streamed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from salon.importers.files import open_export
from salon.importers.records import ImportFailed


def load(path: Path) -> Any:
    """The whole document; a broken one is refused with its line."""
    with open_export(path) as stream:
        data = stream.read()
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"the file is not UTF-8: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"the JSON is broken: {exc.msg} (column {exc.colno})", exc.lineno) from exc


def lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, object) for each non-empty line; a broken line stops with its number."""
    with open_export(path) as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8-sig") if number == 1 else raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ImportFailed(
                    f"the JSON line is broken ({exc}); is the file truncated?", number
                ) from exc


def first_line(head: bytes) -> Any:
    """The first line of a head of bytes as JSON, or None."""
    line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    try:
        return json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
