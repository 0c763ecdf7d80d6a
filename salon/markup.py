"""Comment markdown to safe HTML: markdown-it-py renders, nh3 keeps only an allow-list."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False, "breaks": True})
    .enable(["linkify", "strikethrough"])
    .disable(["html_block", "html_inline"])
)


def _image_as_link(self, tokens, idx, options, env):
    """Images are not shown in comments; the author's image becomes a plain link to it."""
    token = tokens[idx]
    src = html.escape(str(token.attrGet("src") or ""), quote=True)
    alt = html.escape(self.renderInlineAsText(token.children or [], options, env)) or src
    return f'<a href="{src}">{alt}</a>'


_md.add_render_rule("image", _image_as_link)


def render(body: str) -> str:
    """Render a comment body; raw HTML shows as text, images are dropped, links get rel=nofollow."""
    raw = _md.render(body)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    ).strip()


def escape(text: str) -> str:
    """Escape plain text (names, websites) for HTML."""
    return html.escape(text, quote=True)
