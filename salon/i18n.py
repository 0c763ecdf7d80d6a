"""Readers' languages: which locales salon speaks, how one is chosen, and the server's catalogue.

Three sets of JSON files share the same locales (a test keeps each locale complete):

- ``salon/web/static/locales/<code>.json``: the widget's strings (and the server-rendered thread);
- ``salon/notify/locales/<code>.json``: mail and the pages mail links to;
- ``salon/locales/<code>.json``: everything else the server tells a reader: why a comment is held
  or refused (the moderation phases), errors shown in the widget (failed input checks among
  them), the statement of reasons beside a removed comment, the DSA pages.

A locale is chosen from an explicit value (the widget's ``locale``, a page's ``?locale=``), else
the request's ``Accept-Language``, else English. A tag is reduced to its language (``pt-BR`` → ``pt``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from salon.errors import SalonError

HERE = Path(__file__).parent
CATALOGUE_DIR = HERE / "locales"

#: Every locale salon speaks; English first (the fallback for a missing key or an unknown tag).
LOCALES: tuple[str, ...] = (
    "en", "ar", "de", "es", "fr", "he", "it", "ja", "nl", "pl", "pt", "ru", "tr", "uk", "zh",
)  # fmt: skip
#: Locales written right to left: pages and the widget set ``dir="rtl"``.
RTL: frozenset[str] = frozenset({"ar", "fa", "he", "ur"})


def pick(value: str | None) -> str:
    """The supported locale for a BCP 47 tag (``de-AT`` → ``de``), else English."""
    primary = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in LOCALES else "en"


def direction(locale: str) -> str:
    """``rtl`` or ``ltr``."""
    return "rtl" if locale in RTL else "ltr"


def from_accept_language(header: str | None) -> str:
    """The best supported locale in an ``Accept-Language`` header (by q, then order), else English."""
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = pick(tag)
        if q > 0 and (code != "en" or tag.strip().lower().startswith("en")):
            ranked.append((-q, order, code))
    return min(ranked)[2] if ranked else "en"


def choose(explicit: str | None, headers: Mapping[str, str] | None = None) -> str:
    """An explicit locale when one was given, else the request's ``Accept-Language``."""
    if explicit:
        return pick(explicit)
    return from_accept_language((headers or {}).get("accept-language"))


class Catalogue:
    """One directory of ``<locale>.json`` tables; a missing key falls back to English.

    Plurals: with ``n=``, ``<key>_one`` / ``<key>_other`` are used where they exist (and
    ``<key>_few`` / ``<key>_many`` for the languages that have them).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @functools.cache  # noqa: B019 - catalogues live as long as the process
    def strings(self, locale: str) -> dict[str, str]:
        english: dict[str, str] = json.loads((self.directory / "en.json").read_text(encoding="utf-8"))
        path = self.directory / f"{locale}.json"
        if locale == "en" or not path.is_file():
            return english
        return {**english, **json.loads(path.read_text(encoding="utf-8"))}

    def translator(self, locale: str) -> Callable[..., str]:
        """``t("key", name=…)`` in ``locale``; a key the catalogue lacks comes back as itself."""
        code = pick(locale)
        table = self.strings(code)

        def t(key: str, **values: Any) -> str:
            if "n" in values and f"{key}_other" in table:
                key = f"{key}_{plural_form(code, int(values['n']))}"
                if key not in table:
                    key = key.rsplit("_", 1)[0] + "_other"
            text = table.get(key, key)
            return text.format(**values) if values else text

        return t


def plural_form(locale: str, n: int) -> str:
    """The CLDR plural category of a whole number in ``locale`` (the forms the catalogues use)."""
    n = abs(n)
    if locale in ("ja", "zh"):
        return "other"
    if locale in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if locale == "pl":
        if n == 1:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if locale in ("fr", "pt"):
        return "one" if n in (0, 1) else "other"
    return "one" if n == 1 else "other"


#: The server's messages to readers (moderation, errors, DSA pages).
MESSAGES = Catalogue(CATALOGUE_DIR)


def say(locale: str, key: str, **values: Any) -> str:
    """A reader-facing message from the server's catalogue, in ``locale``."""
    return MESSAGES.translator(locale)(key, **values)


def error_message(locale: str, exc: SalonError) -> str:
    """A refusal's message for a reader: the catalogue's ``error_<code>`` in ``locale`` when there
    is one, else the message as raised (moderation refusals are raised in the reader's language)."""
    key = f"error_{exc.code}"
    if locale == "en" or key not in MESSAGES.strings("en"):
        return exc.message
    try:
        return say(locale, key, **{"seconds": (exc.headers or {}).get("Retry-After", "?"), **exc.values})
    except (KeyError, IndexError):  # raised without the values its catalogue text names
        return exc.message


def statement_text(locale: str, statement: Mapping[str, Any]) -> str:
    """A statement of reasons as its author reads it beside the removed comment, in ``locale``:
    the fixed labels from the catalogue, the moderator's facts and ground as they wrote them.

    ``statement`` holds ``action`` (``reject`` | ``spam``), ``facts``, ``ground_type`` (``legal``
    | ``terms``), ``ground``, ``automated_detection`` and ``appeal_url``.
    """
    code = pick(locale)
    t = MESSAGES.translator(code)
    appeal = str(statement.get("appeal_url", ""))  # the appeal page opens in the same language
    spam = statement.get("action") == "spam"
    legal = statement.get("ground_type") == "legal"
    parts = [
        t("statement_removed_spam" if spam else "statement_removed"),
        t("statement_facts", facts=statement.get("facts", "")),
        t(
            "statement_ground_legal" if legal else "statement_ground_terms",
            ground=statement.get("ground", ""),
        ),
        t("statement_automated" if statement.get("automated_detection") else "statement_person"),
        t("statement_appeal", url=appeal if code == "en" else f"{appeal}?locale={code}"),
    ]
    return " ".join(parts)
