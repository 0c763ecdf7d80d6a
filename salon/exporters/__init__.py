"""Exporters: a site's data written out, streamed, one module per format in a literal registry.

Each module has ``name`` and ``write(conn, site, out)`` (``out`` a text stream). ``salon`` is
complete and re-importable without loss; ``disqus`` and ``wxr`` carry what those formats can hold,
for moving elsewhere.
"""

from __future__ import annotations

from types import ModuleType

from salon.exporters import disqus_xml, salon_jsonl, wxr

EXPORTERS: list[ModuleType] = [salon_jsonl, disqus_xml, wxr]


def by_name(name: str) -> ModuleType:
    for module in EXPORTERS:
        if module.name == name:
            return module
    raise ValueError(f"unknown export format {name!r}: use one of {', '.join(m.name for m in EXPORTERS)}")
