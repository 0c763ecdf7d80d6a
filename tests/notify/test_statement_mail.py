"""A statement of reasons (DSA art. 17) reaches the author by mail through the outbox and a real
SMTP server: the decision, facts, ground, automated means and the appeal link that works, in the
language of the author's address; only to an address known to be theirs, only when mail is set up."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from salon.actions import dsa
from salon.actions.accounts import upsert_account
from salon.actions.users import create_user, moderator_for
from salon.db import tables as t
from salon.db.engine import now
from salon.models import Role
from tests.admin.conftest import PASSWORD, dashboard_for
from tests.conftest import post
from tests.notify.conftest import html_of, text_of
from tests.notify.test_replies import ANN, _confirm, _subscribe

FACTS = "The comment calls a named neighbour a thief and gives her address."
GROUND = "Terms of use, section 4: no personal attacks"


@pytest.fixture
def moderator(mail_services, blog):
    return moderator_for(
        mail_services,
        create_user(mail_services, "mod@example.org", "pw-0123456789", Role.MODERATOR, ["blog"]),
    )


def _statement(action="reject", ground_type="terms", ground=GROUND, automated=True):
    return dsa.StatementIn(action, FACTS, ground_type, ground, automated)


def _appeal_path(text: str) -> str:
    found = re.search(r"https://comments\.example\.org(/embed/appeal/[\w-]+)\?locale=(\w+)", text)
    assert found, f"no appeal link in {text!r}"
    return found.group(1)


def _audited(services, statement_id):
    with services.db.read() as conn:
        rows = conn.execute(select(t.audit_log.c.details).where(t.audit_log.c.action == "statement.issued"))
        return next(d for d in rows.scalars() if d["statement_id"] == statement_id)


def test_a_confirmed_author_gets_the_statement_and_can_appeal_from_it(
    mail_client, mail_services, worker, inbox, moderator
):
    comment = _subscribe(
        mail_client, worker, inbox, locale="de", body="Frau M. in der Lindenstr. 4 ist eine Diebin"
    )
    _confirm(mail_client, inbox)
    statement_id, _ = dsa.decide_with_statement(mail_services, moderator, comment["id"], _statement())
    assert worker.drain() == 1
    [mail] = inbox.to(ANN)
    assert mail["Subject"] == "Eine Entscheidung über Ihren Kommentar auf blog"
    text, html = text_of(mail), html_of(mail)
    for part in (text, unescape(html)):
        assert "wurde entfernt." in part and FACTS in part and GROUND in part
        assert "Grundlage in den Nutzungsbedingungen der Website" in part
        assert "Automatisierte Mittel haben geholfen, Ihren Kommentar zu erkennen" in part
        assert "Lindenstr. 4" in part, "the author is shown which comment"
        assert "/embed/appeal/" in part and "?locale=de" in part
    assert 'lang="de"' in html, "in the language the author's address was recorded in"
    assert _audited(mail_services, statement_id)["mailed"] is True
    # The link in the mail opens the appeal, in the same language, and the appeal is taken.
    path = _appeal_path(text)
    page = mail_client.get(path, params={"locale": "de"})
    assert page.status_code == 200 and GROUND in page.text and 'lang="de"' in page.text
    done = mail_client.post(path, data={"text": "It was a quotation from the court record."})
    assert done.status_code == 201
    with mail_services.db.read() as conn:
        assert (
            conn.execute(select(t.appeals.c.text)).scalar_one() == "It was a quotation from the court record."
        )


def test_spam_on_a_legal_ground_without_automation_says_so(
    mail_client, mail_services, worker, inbox, moderator
):
    comment = _subscribe(mail_client, worker, inbox, body="Buy cheap watches at example.net")
    _confirm(mail_client, inbox)
    st = _statement("spam", "legal", "Unfair Commercial Practices Directive, art. 5", automated=False)
    dsa.decide_with_statement(mail_services, moderator, comment["id"], st)
    worker.drain()
    text = text_of(inbox.to(ANN)[0])
    assert "was removed as spam." in text and "Legal ground:" in text
    assert "Unfair Commercial Practices Directive, art. 5" in text
    assert "No automated means were used; a person made the decision." in text


def test_an_unconfirmed_or_unknown_address_gets_nothing(mail_client, mail_services, worker, inbox, moderator):
    unconfirmed = _subscribe(mail_client, worker, inbox, body="Typed someone else's address")
    inbox.messages.clear()  # the confirmation mail, never answered
    first, _ = dsa.decide_with_statement(mail_services, moderator, unconfirmed["id"], _statement())
    unknown = post(mail_client, "No reply mail asked for", "Cy", author={"email": "cy@example.org"}).json()
    second, _ = dsa.decide_with_statement(mail_services, moderator, unknown["id"], _statement())
    assert worker.drain() == 0 and inbox.messages == []
    assert _audited(mail_services, first)["mailed"] is False
    assert _audited(mail_services, second)["mailed"] is False


def test_a_signed_in_author_gets_it_at_the_accounts_address(
    mail_client, mail_services, blog, worker, inbox, moderator
):
    with mail_services.db.write() as conn:
        signed = upsert_account(mail_services, conn, blog, "sso", "u-17", "Dora", "dora@example.org", None)
    text = "Ein Kommentar, angemeldet geschrieben, über die Nachbarin und ihren Hund"
    r = post(mail_client, text, "Dora", headers={"X-Salon-Author": signed.author_token})
    assert r.status_code == 201, r.text
    dsa.decide_with_statement(mail_services, moderator, r.json()["id"], _statement())
    assert worker.drain() == 1
    [mail] = inbox.to("dora@example.org")
    assert FACTS in text_of(mail)
    assert 'lang="de"' in html_of(mail), "the language the comment is written in"


def test_without_mail_set_up_nothing_is_queued(client, services, site):
    assert not services.settings.smtp_host
    mod = moderator_for(services, create_user(services, "m@example.org", "pw-0123456789", Role.ADMIN))
    r = post(client, "A comment", "Ann", author={"email": ANN}, notify="replies")
    with services.db.write() as conn:  # confirmed: it would be mailed if mail were set up
        conn.execute(t.mail_addresses.update().values(confirmed_at=now()))
    statement_id, _ = dsa.decide_with_statement(services, mod, r.json()["id"], _statement())
    assert _audited(services, statement_id)["mailed"] is False
    with services.db.read() as conn:
        topics = conn.execute(select(t.outbox.c.topic)).scalars().all()
    assert "statement" not in topics


def test_from_a_readers_notice_to_the_dashboards_decision_to_the_authors_inbox(
    mail_client, mail_services, worker, inbox
):
    create_user(mail_services, "desk@example.org", PASSWORD, Role.MODERATOR, ["blog"])
    comment = _subscribe(mail_client, worker, inbox, locale="fr", body="Mon voisin M. Dupont vole des vélos")
    _confirm(mail_client, inbox)
    notice = {
        "comment": comment["id"],
        "explanation": "It accuses a named private person of a crime, without any basis.",
        "name": "Eve Notifier",
        "email": "eve@example.org",
        "good_faith": "true",
    }
    assert mail_client.post("/embed/notice", data=notice).status_code == 201
    desk = dashboard_for(mail_client.app, "desk@example.org")
    assert "Dupont" in desk.get("/admin/notices").text
    form = {"action": "reject", "facts": FACTS, "ground_type": "legal", "ground": "Penal code, defamation"}
    assert desk.post(f"/admin/comments/{comment['id']}/statement", form).status_code == 303
    assert worker.drain() == 1
    [mail] = inbox.to(ANN)
    text = text_of(mail)
    assert "Penal code, defamation" in text and "Aucun moyen automatisé n’a été utilisé" in text
    assert 'lang="fr"' in html_of(mail) and "?locale=fr" in text
    assert inbox.to("eve@example.org") == [], "the notifier is not sent the author's statement"
    assert mail_client.get(_appeal_path(text)).status_code == 200
