"""Mail bodies: a plain-text and an HTML part from Jinja2 templates, in the reader's language.

Templates live in ``salon/notify/templates`` (``<name>.txt`` and ``<name>.html``). A site can
replace any of them: with ``mail_templates_dir`` set, ``<dir>/<site name>/<file>`` is looked up
first, then ``<dir>/<file>``, then the built-in one. Strings come from ``salon/notify/locales``;
a locale without a key falls back to English (a test keeps every locale complete).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from salon import i18n

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
LOCALES_DIR = HERE / "locales"
#: The languages mail is written in: every locale of ``salon.i18n`` (a test keeps them complete).
MAIL_LOCALES: tuple[str, ...] = tuple(sorted(p.stem for p in LOCALES_DIR.glob("*.json")))
RTL = i18n.RTL
CATALOGUE = i18n.Catalogue(LOCALES_DIR)
#: The mail locale for a BCP 47 tag (``pt-BR`` → ``pt``), else English.
pick = i18n.pick


def strings(locale: str) -> dict[str, str]:
    """The mail strings of a locale, English where it lacks a key."""
    return CATALOGUE.strings(locale)


def translator(locale: str) -> Callable[..., str]:
    """``t("key", name=…)``; with ``n=`` the locale's plural form (``_one``, ``_few``, ``_other``…)."""
    return CATALOGUE.translator(locale)


@functools.lru_cache(maxsize=32)
def _environment(override_dir: str, site_name: str) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if override_dir:
        base = Path(override_dir)
        if site_name and (base / site_name).is_dir():
            loaders.append(jinja2.FileSystemLoader(str(base / site_name)))
        loaders.append(jinja2.FileSystemLoader(str(base)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(
    name: str, locale: str, context: dict[str, Any], *, override_dir: str = "", site_name: str = ""
) -> tuple[str, str]:
    """The (plain text, HTML) parts of mail ``name`` for this locale."""
    env = _environment(override_dir, site_name)
    code = pick(locale)
    values = {**context, "t": translator(code), "locale": code, "dir": "rtl" if code in RTL else "ltr"}
    text = env.get_template(f"{name}.txt").render(values)
    html = env.get_template(f"{name}.html").render(values)
    return text, html
