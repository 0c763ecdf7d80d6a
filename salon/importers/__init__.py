"""Importers: one module per source format, in one literal registry, with autodetection.

Each module has ``name``, ``sniff(head: bytes) -> bool`` (does the start of the file look like
this format?) and ``read(path, warnings) -> Iterator[Item]`` (threads, comments and problems, in
file order, streamed). They only read; salon.actions.imports writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

from salon.importers import comentario, commento, disqus, isso, isso_json, remark42, salon_jsonl, wordpress
from salon.importers.files import open_export
from salon.importers.records import ImportFailed, Item

#: The formats, in the order autodetection tries them.
IMPORTERS: list[ModuleType] = [
    salon_jsonl,
    disqus,
    wordpress,
    isso,
    isso_json,
    remark42,
    comentario,
    commento,
]

#: Formats named on the command line that another module reads.
ALIASES: dict[str, str] = {}

SNIFF_BYTES = 64 * 1024


def names() -> list[str]:
    return [m.name for m in IMPORTERS] + list(ALIASES)


def by_name(name: str) -> ModuleType:
    name = ALIASES.get(name, name)
    for module in IMPORTERS:
        if module.name == name:
            return module
    raise ImportFailed(f"unknown format {name!r}: use one of {', '.join(names())}")


def detect(path: str | Path) -> ModuleType:
    """The format of an export, from its first bytes (inside gzip or zip)."""
    with open_export(path) as stream:
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise ImportFailed(f"{path} is empty")
    for module in IMPORTERS:
        if module.sniff(head):
            return module
    raise ImportFailed(f"cannot tell the format of {path}: give --format ({', '.join(names())})")


def reader(
    path: str | Path, fmt: str = "auto", **options: object
) -> tuple[str, Callable[[list[str]], Iterator[Item]]]:
    """The format's name and a function that streams the file's items (given a warnings list)."""
    module = detect(path) if fmt == "auto" else by_name(fmt)
    chosen = ALIASES.get(fmt, module.name) if fmt != "auto" else module.name

    def items(warnings: list[str]) -> Iterator[Item]:
        kwargs = {k: v for k, v in options.items() if v is not None}
        if chosen != module.name:
            kwargs["variant"] = chosen
        items: Iterator[Item] = module.read(Path(path), warnings, **kwargs)
        return items

    return chosen, items
