"""Comment bodies from other systems: HTML sanitised with salon's allow-list, and markdown.

A comment keeps two forms: ``body`` (markdown, what moderation reads and an edit starts from) and
``html`` (what readers see). HTML from an export is never stored raw: it is cleaned with the same
allow-list as salon's own rendering (salon.markup), and converted to markdown for ``body``.
"""

from __future__ import annotations

import html as htmllib
import re

import html2text
import nh3

from salon import markup

# Most exported comments are only paragraphs and line breaks: those skip the full converter.
_TAG = re.compile(r"<[^>]*>?")
_SIMPLE_TAGS = frozenset({"<p>", "</p>", "<br>", "<br/>", "<br />"})
_PARAS = re.compile(r"</p>\s*<p>")
_BREAK = re.compile(r"\s*<br\s*/?>\s*")
_MD_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]#<>|"})


def _escape_md(text: str) -> str:
    return text.translate(_MD_ESCAPES)


def _simple(source: str) -> bool:
    return _SIMPLE_TAGS.issuperset(_TAG.findall(source))


def sanitise(source: str) -> str:
    """The HTML with only salon's allowed tags, attributes and URL schemes left."""
    return nh3.clean(
        source,
        tags=markup.ALLOWED_TAGS,
        attributes=markup.ALLOWED_ATTRIBUTES,
        url_schemes=markup.URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    ).strip()


def _converter() -> html2text.HTML2Text:
    conv = html2text.HTML2Text()
    conv.body_width = 0
    conv.ignore_images = True
    conv.unicode_snob = True
    conv.single_line_break = False
    return conv


def html_to_markdown(clean: str) -> str:
    """Markdown for sanitised HTML (paragraphs, breaks, emphasis, links, lists, quotes, code)."""
    if _simple(clean):
        text = clean.strip()
        text = text.removeprefix("<p>").removesuffix("</p>")
        if "</p>" in text:
            text = _PARAS.sub("\n\n", text)
        if "<br" in text:
            text = _BREAK.sub("  \n", text)
        return _escape_md(htmllib.unescape(text)).strip()
    return str(_converter().handle(clean)).strip()


def from_html(source: str) -> tuple[str, str]:
    """``(body, html)`` for a comment exported as HTML. Plain text with newlines gets paragraphs."""
    if "<" not in source:  # WordPress keeps plain text with newlines and lets the theme add <p>
        return from_plain(htmllib.unescape(source))
    if "<p" not in source and "\n" in source.strip():  # WordPress: paragraphs are blank lines
        paras = [p.strip() for p in re.split(r"\n\s*\n", source.strip()) if p.strip()]
        source = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paras)
    elif not source.lstrip().startswith("<"):
        source = f"<p>{source.strip()}</p>"
    # Only <p> and <br> tags and escaped text: already safe as it is, and by far the most common.
    clean = source.strip() if _simple(source) else sanitise(source)
    return html_to_markdown(clean), clean


def from_plain(text: str) -> tuple[str, str]:
    """``(body, html)`` for plain text: escaped, paragraphs at blank lines."""
    text = text.replace("\r\n", "\n").strip()
    body = _escape_md(text)
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    rendered = "".join("<p>" + htmllib.escape(p).replace("\n", "<br>\n") + "</p>\n" for p in paras)
    return body, rendered.strip()


def from_markdown(body: str) -> tuple[str, str]:
    """``(body, html)`` for markdown: rendered by salon itself."""
    body = body.replace("\r\n", "\n").strip()
    return body, markup.render(body)
