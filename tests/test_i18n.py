"""Readers' languages: every locale has every string (widget, mail, the server's catalogue) with
the same placeholders and in its own words, and what the server sends a reader — held and refusal
messages, the nudge, errors and failed input checks, the statement of reasons beside a removed
comment, the DSA pages, a site's own held message — comes in their language."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from salon import i18n
from salon.actions.sites import update_settings
from salon.errors import SalonError
from salon.moderation.policy import Policy, validate_changes
from salon.notify import compose
from salon.web.templating import STATIC_DIR
from tests.conftest import PAGE, post

ROOT = Path(__file__).resolve().parents[1]
WIDGET_DIR = STATIC_DIR / "locales"
PHASES_DIR = ROOT / "salon" / "moderation" / "phases"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
#: Words that are the same in English and in that language (checked by a person, not a copy).
SAME_AS_ENGLISH = {
    ("de", "name"),
    ("de", "link"),
    ("de", "code"),
    ("fr", "score"),
    ("fr", "code"),
    ("fr", "cats.toxicity"),
    ("nl", "score"),
    ("nl", "code"),
    ("it", "link"),
    ("pl", "link"),
}
#: "Spam" is the word in most languages.
SPAM = {"cats.spam", "reasons.spam", "reads_as_spam"}
#: The widget's strings with plural forms: each locale has the forms its language needs.
PLURALS = ("newComments", "moreReplies", "charsLeft")
OTHER = [code for code in i18n.LOCALES if code != "en"]


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _flat(table: dict) -> dict[str, str]:
    """Nested groups as ``group.key`` (plural forms compared by their ``other`` form)."""
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            if key in PLURALS:
                out[key] = value["other"]
            else:
                out.update({f"{key}.{k}": v for k, v in value.items()})
        else:
            out[key] = value
    return out


def test_the_three_sets_of_files_and_the_widget_name_the_same_locales():
    assert len(i18n.LOCALES) >= 15 and i18n.LOCALES[0] == "en"
    for directory in (WIDGET_DIR, compose.LOCALES_DIR, i18n.CATALOGUE_DIR):
        assert {p.stem for p in directory.glob("*.json")} == set(i18n.LOCALES), directory
    assert set(compose.MAIL_LOCALES) == set(i18n.LOCALES)
    source = (ROOT / "widget" / "src" / "i18n.js").read_text()
    found = re.search(r"export const LOCALES = /\^\(([a-z|]+)\)\(\?!\[a-z\]\)/i;", source)
    assert found and {"en", *found.group(1).split("|")} == set(i18n.LOCALES)
    rtl = re.search(r"dirOf = \(locale\) => \(/([a-z|]+)/\.test", source)
    assert rtl and set(rtl.group(1).split("|")) == set(i18n.LOCALES) & i18n.RTL == {"ar", "he"}


@pytest.mark.parametrize("locale", OTHER)
def test_the_server_catalogue_is_complete_in_every_locale(locale):
    english, local = _json(i18n.CATALOGUE_DIR / "en.json"), _json(i18n.CATALOGUE_DIR / f"{locale}.json")
    assert set(local) == set(english), (
        f"missing {set(english) - set(local)}, extra {set(local) - set(english)}"
    )
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(local[key])) == set(PLACEHOLDER.findall(text)), f"{locale}.{key}"
        list(string.Formatter().parse(local[key]))  # well-formed


@pytest.mark.parametrize("locale", OTHER)
def test_no_string_is_left_in_english(locale):
    """Widget, mail and the server's catalogue: a value equal to English is an untranslated copy."""
    for directory, flatten in ((WIDGET_DIR, _flat), (compose.LOCALES_DIR, dict), (i18n.CATALOGUE_DIR, dict)):
        english, local = flatten(_json(directory / "en.json")), flatten(_json(directory / f"{locale}.json"))
        copies = {
            k
            for k, v in local.items()
            if v == english.get(k) and (locale, k) not in SAME_AS_ENGLISH and k not in SPAM
        }
        assert not copies, f"{directory.name}/{locale}.json still in English: {sorted(copies)}"


@pytest.mark.parametrize("locale", OTHER)
def test_widget_plurals_have_the_forms_of_the_language(locale):
    local = _json(WIDGET_DIR / f"{locale}.json")
    needs = {"ar": {"zero", "one", "two", "few", "many"}, "pl": {"one", "few", "many"},
             "ru": {"one", "few", "many"}, "uk": {"one", "few", "many"}, "he": {"one", "two"},
             "ja": set(), "zh": set()}.get(locale, {"one"})  # fmt: skip
    for key in PLURALS:
        assert needs | {"other"} <= set(local[key]), (locale, key)


def test_phases_take_every_reader_message_from_the_catalogue():
    """No phase writes a sentence for readers itself: ``message=`` is never a literal or f-string."""
    written = []
    for path in sorted(PHASES_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "message":
                literal = isinstance(node.value, ast.JoinedStr) or (
                    isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                )
                if literal or (
                    isinstance(node.value, ast.BinOp) and isinstance(node.value.left, ast.Constant)
                ):
                    written.append(f"{path.name}:{node.lineno}")
    assert not written, f"reader messages written in place of the catalogue: {written}"


def test_accept_language_and_plural_rules():
    assert i18n.from_accept_language("fr-CH, fr;q=0.9, en;q=0.8") == "fr"
    assert i18n.from_accept_language("sv-SE,sv;q=0.9,de;q=0.5") == "de"
    assert i18n.from_accept_language("en-US,de;q=0.9") == "en"
    assert i18n.from_accept_language("de;q=0.2, ja;q=0.8") == "ja"
    assert i18n.from_accept_language("") == i18n.from_accept_language("xx;q=bad") == "en"
    assert i18n.choose("he-IL", {"accept-language": "de"}) == "he"
    assert [i18n.plural_form("ru", n) for n in (1, 3, 5, 11, 21, 22)] == [
        "one",
        "few",
        "many",
        "many",
        "one",
        "few",
    ]
    assert [i18n.plural_form("pl", n) for n in (1, 2, 5, 21, 22)] == ["one", "few", "many", "many", "few"]
    assert i18n.plural_form("ja", 1) == "other" and i18n.plural_form("fr", 0) == "one"
    t = compose.translator("uk")
    assert t("replies_subject", n=5, title="Нічні потяги") == "Нових відповідей: 5 — Нічні потяги"


def test_a_held_message_per_locale_falls_back_to_the_sites_then_the_built_in():
    built_in = Policy()
    assert built_in.held_for("ja") == "コメントは承認待ちです。" and built_in.held_for("en") == (
        "Your comment is awaiting moderation."
    )
    changes = validate_changes(
        {
            "held_message": "Thanks! A person reads it.",
            "held_messages": {"de": "Danke! Ein Mensch liest ihn."},
        }
    )
    assert changes["held_messages"] == ["de: Danke! Ein Mensch liest ihn."]
    site = Policy.from_settings(changes)
    assert site.held_for("de") == "Danke! Ein Mensch liest ihn."
    assert site.held_for("fr") == "Thanks! A person reads it."  # the site's own words beat the default
    lines = validate_changes({"held_messages": "fr: Merci !\n\nhe: תודה!"})["held_messages"]
    assert lines == ["fr: Merci !", "he: תודה!"]
    for bad in ("xx: text", "de text", "de:   ", ["de: " + "x" * 501]):
        with pytest.raises(SalonError) as err:
            validate_changes({"held_messages": bad})
        assert err.value.status == 422 and err.value.field == "held_messages"


def test_held_and_refused_posts_are_told_in_the_readers_language(client, services, site):
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    held = post(client, "Ein Kommentar über Nachtzüge.", locale="uk").json()
    assert held["status"] == "pending" and held["message"] == "Ваш коментар очікує на модерацію."
    hebrew = post(client, "Another thought on sleepers.", headers={"Accept-Language": "he-IL"}).json()
    assert hebrew["message"] == "התגובה שלך ממתינה לאישור."
    own = client.get("/api/comments", params={"url": PAGE}, headers={"X-Salon-Author": held["author_token"]})
    assert [c["message"] for c in own.json()["comments"]] == ["Ваш коментар очікує на модерацію."]

    update_settings(
        services,
        site.id,
        {
            "held_message": "A person reads every comment.",
            "held_messages": "de: Ein Mensch liest jeden Kommentar.",
        },
        "test",
    )
    assert (
        post(client, "Zweiter Gedanke.", locale="de-AT").json()["message"]
        == "Ein Mensch liest jeden Kommentar."
    )
    assert post(client, "Troisième idée.", locale="fr").json()["message"] == "A person reads every comment."

    update_settings(services, site.id, {"premoderation": "off", "banned_words": ["sleeperbot"]}, "test")
    refused = post(client, "Buy sleeperbot tickets now", locale="pl").json()
    assert refused["status"] == "rejected"
    assert refused["message"] == "Twój komentarz zawiera słowa niedozwolone na tej stronie: sleeperbot."
    bot = post(client, "Buy now", homepage_url="https://spam.example", locale="it")
    assert (
        bot.status_code == 403 and bot.json()["error"]["message"] == "Questo messaggio non è stato accettato."
    )


def test_errors_the_widget_shows_follow_accept_language(client, site):
    cid = post(client, "A comment to report twice.").json()["id"]
    report = {"reason": "spam"}
    assert client.post(f"/api/comments/{cid}/report", json=report).status_code in (200, 201, 202)
    again = client.post(f"/api/comments/{cid}/report", json=report, headers={"Accept-Language": "nl-BE,nl"})
    assert again.status_code == 409 and again.json()["error"] == {
        "code": "already_reported",
        "message": "Je hebt deze reactie al gemeld.",
    }
    english = client.post(f"/api/comments/{cid}/report", json=report)
    assert english.json()["error"]["message"] == "you have already reported this comment"


def test_the_no_js_form_and_the_thread_page_speak_the_readers_language(client, services, site):
    update_settings(services, site.id, {"premoderation": "all"}, "test")
    r = client.post("/embed/comment", data={"url": PAGE, "name": "Noa", "body": "  ", "locale": "he"})
    assert r.status_code == 422 and 'lang="he" dir="rtl"' in r.text and "יש לכתוב משהו" in r.text
    page = client.get("/embed/thread", params={"url": PAGE}, headers={"Accept-Language": "ja,en;q=0.5"})
    assert 'lang="ja" dir="ltr"' in page.text and ">コメント<" in page.text
    assert "コメントは承認待ちです。" in page.text  # the held notice of the plain form
    assert page.headers["vary"] == "Accept-Language"


def test_dsa_pages_in_the_readers_language(client, site):
    cid = post(client, "A comment someone finds illegal.").json()["id"]
    hebrew = client.get("/embed/notice", params={"comment": cid, "locale": "he"})
    assert hebrew.status_code == 200 and '<html lang="he" dir="rtl">' in hebrew.text
    assert "<title>דיווח על תוכן בלתי חוקי</title>" in hebrew.text
    assert 'action="/embed/notice?locale=he"' in hebrew.text
    sent = client.post(
        "/embed/notice?locale=pt",
        data={"comment": cid, "explanation": "too short", "name": "Ana", "email": "ana@example.org"},
    )
    assert sent.status_code == 422 and '<html lang="pt" dir="ltr">' in sent.text and "Denunciar" in sent.text
    missing = client.get("/embed/notice", params={"comment": 4242}, headers={"Accept-Language": "zh-CN"})
    assert missing.status_code == 404 and "这条评论未公开或不存在。" in missing.text
    bad = client.get("/embed/appeal/not-a-token", headers={"Accept-Language": "pl"})
    assert bad.status_code == 404 and "Ten link do odwołania jest nieprawidłowy." in bad.text


def test_sign_in_pages_say_what_went_wrong_in_the_readers_language(client, site):
    page = client.get("/auth/oidc/start", params={"provider": "nope", "url": PAGE, "locale": "uk"})
    assert page.status_code == 404 and 'lang="uk"' in page.text
    assert "Цей сайт не пропонує такого способу входу." in page.text
    english = client.get("/auth/oidc/start", params={"provider": "nope", "url": PAGE})
    assert "this site does not offer sign-in with &#39;nope&#39;" in english.text


def _keys_in_use() -> set[str]:
    """The keys the API's input checks, the statement beside a removed comment and the plain form use."""
    from salon.api.errors import READER_FIELDS

    source = (ROOT / "salon" / "i18n.py").read_text()
    statement = set(re.findall(r'"(statement_\w+)"', source))
    assert len(statement) >= 8, statement
    return {key for pair in READER_FIELDS.values() for key in pair} | statement | {"honeypot"}


@pytest.mark.parametrize("locale", OTHER)
def test_every_key_the_checks_and_the_statement_use_is_in_every_catalogue(locale):
    english, local = _json(i18n.CATALOGUE_DIR / "en.json"), _json(i18n.CATALOGUE_DIR / f"{locale}.json")
    for key in _keys_in_use():
        assert key in english and key in local, f"{locale}: {key} missing"
        assert local[key] != english[key], f"{locale}.{key} is the English text"


def test_a_failed_field_check_is_told_in_the_readers_language(client, site):
    """The error body's code and field stay as they are; only the sentence for people changes."""

    def error(headers=None, **change):
        payload = {"url": PAGE, "author": {"name": "Ann"}, "body": "A thought on sleeper trains.", **change}
        r = client.post("/api/comments", json=payload, headers=headers)
        assert r.status_code == 422, r.text
        return r.json()["error"]

    de, he = {"Accept-Language": "de-DE,de;q=0.9"}, {"Accept-Language": "he"}
    assert error(de, author={}) == {
        "code": "invalid",
        "field": "author.name",
        "message": "Geben Sie einen Namen an, unter dem Sie schreiben.",
    }
    assert error(he, author={"name": "N" * 1001}) == {
        "code": "invalid",
        "field": "author.name",
        "message": "שם מוגבל ל־60 תווים.",  # the server's limit, not the schema's bound
    }
    too_long = error(de, author={"name": "N" * 61})  # past the server's limit: the action refuses it
    assert too_long == {
        "code": "name_too_long",
        "field": "author.name",
        "message": "Namen haben höchstens 60 Zeichen.",
    }
    assert error(he, author={"name": "Noa", "email": "a" * 321})["message"] == (
        "זו לא נראית כמו כתובת דוא״ל."
    )
    website = error(de, author={"name": "Ann", "website": "http://"})
    assert website["code"] == "bad_website" and website["field"] == "author.website"
    assert website["message"] == "Die Website muss eine Webadresse sein (http oder https)."
    assert error(he, author={"name": "Noa", "website": 42})["message"] == (
        "האתר צריך להיות כתובת אינטרנט (http או https)."
    )
    missing_body = {"url": PAGE, "author": {"name": "Ann"}}
    r = client.post("/api/comments", json=missing_body, headers=he)
    assert r.status_code == 422 and r.json()["error"]["field"] == "body"
    assert r.json()["error"]["message"] == "יש לכתוב משהו לפני הפרסום."
    # A field no reader types: the client is at fault; said in the reader's language, field named.
    parent = error(de, parent_id=0)
    assert parent["field"] == "parent_id" and parent["message"] == (
        "Das konnte nicht gesendet werden (parent_id ist ungültig). "
        "Laden Sie die Seite neu und versuchen Sie es noch einmal."
    )
    cid = post(client, "A comment to report.").json()["id"]
    note = client.post(f"/api/comments/{cid}/report", json={"reason": "spam", "note": "x" * 1001}, headers=he)
    assert note.status_code == 422 and note.json()["error"]["message"] == "ההערה מוגבלת ל־1000 תווים."
    typed = client.post(f"/api/comments/{cid}/report", json={"reason": "spam", "note": 7}, headers=de)
    assert typed.status_code == 422 and typed.json()["error"]["field"] == "note"
    assert "(note ist ungültig)" in typed.json()["error"]["message"]
    assert error(author={})["message"] == "Give a name to post under."
    assert error(parent_id=0)["message"].startswith("parent_id: Input should be")


def test_the_no_js_form_tells_a_bad_name_or_website_in_the_readers_language(client, site):
    form = {"url": PAGE, "name": "   ", "body": "Ein Gedanke.", "locale": "de"}
    r = client.post("/embed/comment", data=form)
    assert r.status_code == 422 and 'lang="de"' in r.text
    assert "Geben Sie einen Namen an, unter dem Sie schreiben." in r.text
    r = client.post("/embed/comment", data={**form, "name": "Noa", "website": "http://", "locale": "he"})
    assert r.status_code == 422 and 'dir="rtl"' in r.text
    assert "האתר צריך להיות כתובת אינטרנט (http או https)." in r.text
    page = client.get("/embed/thread", params={"url": PAGE, "locale": "ja"})
    assert "この欄は空のままにしてください" in page.text and "Leave this empty" not in page.text


def test_the_statement_beside_a_removed_comment_is_told_in_the_readers_language(client, services, site):
    from salon.actions import decisions, dsa
    from salon.actions.users import create_user, moderator_for
    from salon.models import Role

    moderator = moderator_for(
        services, create_user(services, "mod@example.org", "pw-0123456789", Role.MODERATOR, [site.name])
    )
    posted = post(client, "Sie wohnt in der Lindenstraße 4, besucht sie mal.", locale="de").json()
    facts = "The comment gives a named person's home address and urges readers to go there."
    ground = "Doxxing: GDPR art. 6 and national criminal law"
    statement = dsa.StatementIn("reject", facts, "legal", ground, True)
    _, token = dsa.decide_with_statement(services, moderator, posted["id"], statement)

    def shown(locale):
        headers = {"X-Salon-Author": posted["author_token"], "Accept-Language": locale}
        data = client.get("/api/comments", params={"url": PAGE}, headers=headers).json()
        return next(c["message"] for c in data["comments"] if c["id"] == posted["id"])

    appeal = dsa.appeal_url(services, token)
    assert shown("de") == (
        f"Ihr Kommentar wurde entfernt. Tatsachen: {facts} Grund (Gesetz): {ground} "
        "Automatisierte Mittel haben geholfen, ihn zu erkennen; ein Mensch hat entschieden. "
        f"Sie können Widerspruch einlegen: {appeal}?locale=de"
    )  # the moderator's facts and ground as written, the labels in German
    hebrew = shown("he-IL")
    assert hebrew.startswith("התגובה שלך הוסרה. עובדות: ") and f"עילה (החוק): {ground}" in hebrew
    assert "אמצעים אוטומטיים עזרו לאתר אותה; אדם החליט." in hebrew
    assert hebrew.endswith(f"אפשר לערער: {appeal}?locale=he")
    assert shown("en").startswith(f"Your comment was removed. Facts: {facts} Grounds (the law): ")
    link = client.get(f"{appeal}?locale=he".replace(services.settings.public_url.rstrip("/"), ""))
    assert link.status_code == 200 and '<html lang="he" dir="rtl">' in link.text

    # A later decision without a statement shows its own message, not the earlier statement.
    decisions.reject(services, moderator, posted["id"], message="Bitte keine Adressen.")
    assert shown("he") == "Bitte keine Adressen."


def test_the_notice_page_tells_what_is_missing_in_the_readers_language(client, site):
    cid = post(client, "A comment someone finds illegal.").json()["id"]
    form = {"comment": cid, "explanation": "too short", "name": "Ana", "email": "ana@example.org"}
    short = client.post("/embed/notice?locale=pt", data={**form, "good_faith": "on"})
    assert short.status_code == 422 and "A explicação precisa de 20 a 5000 caracteres." in short.text
    unconfirmed = client.post(
        "/embed/notice?locale=tr", data={**form, "explanation": "This comment names my address in full."}
    )
    assert unconfirmed.status_code == 422
    assert "Bildirimin doğru olduğunu ve iyi niyetle yapıldığını onaylayın." in unconfirmed.text
