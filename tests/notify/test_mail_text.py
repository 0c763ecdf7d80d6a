"""Mail text: every locale has every string with the same placeholders, templates render in each,
and a site's own templates replace the built-in ones."""

from __future__ import annotations

import json
import re
import string

import pytest

from salon.notify import compose

PLACEHOLDERS = re.compile(r"\{(\w+)\}")
CONTEXT = {
    "confirm": {"site": "blog", "title": "Night trains", "confirm_url": "https://x/c"},
    "replies": {
        "site": "blog",
        "title": "Night trains",
        "page_url": "https://blog/p",
        "items": [
            {"name": "Bob", "text": "hi", "html": "<p>hi</p>", "url": "https://blog/p#c", "to_you": True}
        ],
        "unsubscribe_url": "https://x/u",
        "manage_url": "https://x/m",
    },
    "held": {
        "items": [
            {"kind": "held", "comment_id": 3, "url": "https://blog/p", "review_url": "https://x/r"},
            {
                "kind": "report",
                "comment_id": 4,
                "url": "https://blog/p",
                "reason": "spam",
                "held": True,
                "review_url": "https://x/r4",
            },
        ],
        "more": 2,
        "daily": True,
        "site": "blog",
        "held": 1,
        "reported": 1,
        "review_url": "https://x/q",
        "reported_url": "https://x/rq",
    },
    "signin": {"site": "blog", "minutes": 15, "signin_url": "https://x/s"},
    "statement": {
        "site": "blog",
        "title": "Night trains",
        "page_url": "https://blog/p#salon-c-3",
        "excerpt": "what was said",
        "decision": "reject",
        "facts": "It names a private person.",
        "ground_type": "terms",
        "ground": "Terms, section 4",
        "automated": False,
        "appeal_url": "https://x/a",
    },
    "test": {},
}


def _table(locale: str) -> dict[str, str]:
    return json.loads((compose.LOCALES_DIR / f"{locale}.json").read_text(encoding="utf-8"))


def test_there_are_the_widgets_locales():
    assert set(compose.MAIL_LOCALES) >= {"en", "ar", "de", "es", "fr", "ru", "tr"}


@pytest.mark.parametrize("locale", compose.MAIL_LOCALES)
def test_every_key_with_the_same_placeholders(locale):
    english, local = _table("en"), _table(locale)
    assert set(local) == set(english), (
        f"{locale}: missing {set(english) - set(local)}, extra {set(local) - set(english)}"
    )
    for key, text in english.items():
        assert set(PLACEHOLDERS.findall(local[key])) == set(PLACEHOLDERS.findall(text)), f"{locale}.{key}"
        list(string.Formatter().parse(local[key]))  # well-formed


@pytest.mark.parametrize("locale", compose.MAIL_LOCALES)
@pytest.mark.parametrize("name", sorted(CONTEXT))
def test_every_template_renders_in_every_locale(locale, name):
    text, html = compose.render(name, locale, CONTEXT[name])
    assert text.strip() and html.startswith("<!doctype html>")
    assert f'lang="{locale}"' in html
    for value in ("https://x/c", "https://x/u", "https://x/s", "https://x/a"):
        for ctx_value in CONTEXT[name].values():
            if ctx_value == value:
                assert value in text and value in html


def test_a_sites_own_templates_win(tmp_path):
    (tmp_path / "replies.txt").write_text("EVERY SITE {{ items|length }}\n")
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "replies.txt").write_text("ONLY BLOG {{ t('view') }} {{ unsubscribe_url }}\n")
    blog, _ = compose.render(
        "replies", "de", CONTEXT["replies"], override_dir=str(tmp_path), site_name="blog"
    )
    news, news_html = compose.render(
        "replies", "en", CONTEXT["replies"], override_dir=str(tmp_path), site_name="news"
    )
    assert blog == "ONLY BLOG Auf der Seite lesen https://x/u\n"
    assert news == "EVERY SITE 1\n"
    assert "https://x/u" in news_html, "the HTML part is still the built-in one"


def test_html_parts_escape_what_readers_wrote():
    ctx = {**CONTEXT["confirm"], "title": "<script>alert(1)</script>"}
    _, html = compose.render("confirm", "en", ctx)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
