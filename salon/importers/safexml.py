"""Streaming, strict XML: lxml's iterparse with entities, DTDs and the network refused.

Exports can be larger than memory, so elements are handed out one at a time and cleared after
use. A document type declaration is refused before the parser sees it (XXE, entity expansion
bombs), and so is any entity the parser would have to resolve. Two flaws that real exporters
produce are repaired with a warning: stray bytes before the XML declaration, and a namespace
prefix the format always uses but the file forgot to declare.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from lxml import etree

from salon.importers.records import ImportFailed

HEAD_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"
_XMLNS = re.compile(rb"""xmlns:([A-Za-z_][\w.-]*)\s*=""")
_PREFIX_USE = re.compile(rb"""[<\s]([A-Za-z_][\w.-]*):[A-Za-z_]""")


class _Rejoined:
    """The file again, after its first bytes were inspected (and perhaps repaired)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest
        #: The whole file was handed out: a syntax error now means it ends early.
        self.at_end = False

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                out, self._head = self._head, b""
                return out if size < 0 else out + self._more(size - len(out))
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._more(size)

    def _more(self, size: int) -> bytes:
        data = self._rest.read(size)
        if not data or size < 0:
            self.at_end = True
        return data


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _root_start(head: bytes) -> int:
    """Where the root element's start tag begins; refuses DTDs and anything else in the prolog."""
    pos = 0
    while True:
        while pos < len(head) and head[pos : pos + 1].isspace():
            pos += 1
        if pos >= len(head):
            raise ImportFailed("the file holds no XML element (is it empty or truncated?)")
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            if end < 0:
                raise ImportFailed("the XML declaration is not closed", _line_of(head, pos))
            pos = end + 2
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos)
            if end < 0:
                raise ImportFailed("a comment before the root element is not closed", _line_of(head, pos))
            pos = end + 3
        elif head[pos : pos + 9].upper() == b"<!DOCTYPE" or head.startswith(b"<!", pos):
            raise ImportFailed(
                "the file declares a document type (DTD); salon refuses DTDs and entities because they "
                "can read local files or expand without bound. Exports never need one: delete the "
                "<!DOCTYPE …> declaration and import again",
                _line_of(head, pos),
            )
        elif head.startswith(b"<", pos):
            return pos
        else:
            raise ImportFailed("text before the root element: this is not an XML export", _line_of(head, pos))


def _strip_stray(head: bytes, warnings: list[str]) -> bytes:
    body = head[len(BOM) :] if head.startswith(BOM) else head
    first = body.find(b"<")
    if first < 0:
        raise ImportFailed("the file holds no XML element (is it empty or not an XML export?)")
    if first and body[:first].strip():
        warnings.append(f"{first} stray byte(s) before the XML declaration were skipped")
        return body[first:]
    return body.lstrip()


def _declare_missing(head: bytes, root: int, known: dict[str, str], warnings: list[str]) -> bytes:
    """Add the format's namespace declarations that the root element forgot (an exporter bug)."""
    end = head.find(b">", root)
    if end < 0:
        raise ImportFailed("the root element's start tag is not closed", _line_of(head, root))
    declared = {m.group(1).decode() for m in _XMLNS.finditer(head, root, end)}
    used = {m.group(1).decode() for m in _PREFIX_USE.finditer(head, root)}
    missing = sorted(p for p in used - declared if p in known)
    if not missing:
        return head
    closing = end - 1 if head[end - 1 : end] == b"/" else end
    extra = b"".join(f' xmlns:{p}="{known[p]}"'.encode() for p in missing)
    warnings.append(
        "namespace prefix(es) "
        + ", ".join(missing)
        + " were used but not declared; declared as "
        + ", ".join(known[p] for p in missing)
    )
    return head[:closing] + extra + head[closing:]


def _syntax_error(exc: etree.XMLSyntaxError, at_end: bool) -> ImportFailed:
    msg = str(exc.msg or exc).split(", line ")[0]
    if "Namespace prefix" in msg:
        msg += ': declare it on the root element (xmlns:PREFIX="…") and import again'
    elif "Entity" in msg or "entity" in msg:
        msg += " (entities other than &amp; &lt; &gt; &quot; &apos; and character references are refused)"
    elif at_end:
        msg += " (the file ends before its last element is closed: it looks truncated; export it again)"
    return ImportFailed(f"the XML is broken: {msg}", exc.lineno or None)


def iter_top(
    stream: BinaryIO,
    tags: Iterable[str],
    warnings: list[str],
    *,
    namespaces: dict[str, str] | None = None,
    container: str | None = None,
) -> Iterator[etree._Element]:
    """Elements with these tags ("{ns}local") that are children of the root (or of the element
    tagged ``container``), one at a time; each is cleared after use, so memory stays flat.

    The root element is handed out first (with its attributes, children still to come) so that
    the caller can check the format and version before anything else.
    """
    head = _strip_stray(stream.read(HEAD_BYTES), warnings)
    root_at = _root_start(head)
    if namespaces:
        head = _declare_missing(head, root_at, namespaces, warnings)
    source = _Rejoined(head, stream)
    parser = etree.iterparse(
        source,
        events=("start", "end"),
        tag=[*tags],
        # No DTD gets this far (refused above), so no entity can be declared: "internal" then only
        # changes the error for an undefined one (a clear "Entity 'x' not defined" with its line
        # instead of False's "no element found"); external entities are never resolved.
        resolve_entities="internal",
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    root: etree._Element | None = None
    try:
        for event, elem in parser:
            if root is None:
                root = elem.getroottree().getroot()
                yield root
            if event != "end":
                continue
            parent = elem.getparent()
            if parent is None or (parent is not root if container is None else parent.tag != container):
                continue
            yield elem
            elem.clear()
            while elem.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, source.at_end) from None
    if root is None:
        found = re.match(rb"<([\w:.-]+)", head[root_at:])
        name = found.group(1).decode(errors="replace") if found else "?"
        raise ImportFailed(
            f"the root element is <{name}> and none of this format's elements are in the file: "
            "is --format right?"
        )


def text(elem: etree._Element | None) -> str:
    """An element's text, or "" when the element or its text is missing."""
    if elem is None or elem.text is None:
        return ""
    return str(elem.text)
