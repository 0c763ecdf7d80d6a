"""An XSS corpus (tests/browser/xss_payloads.txt, public payload families) through every field salon
takes and rendered in Chromium on every surface that shows it.

Fields: the comment's markdown, the display name and website, the page title and URL a new thread is
stored with, a report's note (kept, shown nowhere), and a DSA notice's explanation and notifier name.
Surfaces: the widget,
the server-rendered no-JS thread page, the dashboard (the queues, a comment's page, an author's page,
the notices), the Atom feeds (as Chromium shows the XML, and as a feed reader would render each
entry's HTML), and the HTML part of the reply and confirmation mail.

A payload "executes" when it reaches the sentinel: ``alert``, ``confirm``, ``prompt`` and ``print``
are replaced in every frame before any page script runs, and report to the test through an exposed
binding (a real dialog is counted too). CSP is bypassed in these pages, so the sanitiser and the
escaping are tested on their own, not the CSP behind them. Beside zero executions, each page must
carry no event-handler attribute, no ``javascript:``/``vbscript:``/``data:text/html`` URL and no
injected ``<script>``/``<iframe srcdoc>``/``<object>``/``<embed>``/``<base>``, and each payload must
still be there as text (escaped, not dropped): the comment's rendered text, the name, the title, the
notice's fields, and the website and URL intact in their ``href``. Pages are batched (one page per
thread of 40 payloads, or many documents side by side in frames) to keep the run short.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import lxml.html
import pytest
from sqlalchemy import select, update

from salon import markup
from salon.actions import decisions, dsa
from salon.actions.users import create_user, moderator_for
from salon.db import tables as t
from salon.db import users as user_queries
from salon.db.engine import now
from salon.models import Role
from salon.notify.mail import Mail
from salon.notify.outbox import OutboxWorker
from tests.browser.conftest import LiveServer, open_embed, running_server, skip_reason

pytestmark = pytest.mark.browser

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
#: Comments per body thread: under the widget's and the no-JS page's page size (50).
CHUNK = 40
ADMIN = "xss-admin@example.com"
PASSWORD = "a long test password"
READER = "reader@example.org"

SENTINEL = """
(() => {
  const report = (how, args) => {
    const what = how + "(" + Array.from(args, String).join(",") + ")";
    try { window.__xssHit(what); } catch (e) {}
    try { (window.top.__xss = window.top.__xss || []).push(what); } catch (e) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    try {
      Object.defineProperty(window, name, {value: function () { report(name, arguments); }, writable: false});
    } catch (e) {}
  }
})();
"""

#: Elements and attributes a payload must never leave in the page (salon's own markup has none).
OFFENCES = """
() => {
  const out = [];
  const bad = /^\\s*(javascript|vbscript|data\\s*:\\s*text\\/html)/i;
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) out.push(`${el.tagName} ${name}=${a.value.slice(0, 60)}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)
          && bad.test(a.value.replace(/[\\u0000-\\u0020]/g, "")))
        out.push(`${el.tagName} ${name}=${a.value.slice(0, 60)}`);
    }
  }
  for (const el of document.querySelectorAll("iframe[srcdoc], object, embed, base, meta[http-equiv]"))
    out.push(el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll("script")) if (/alert|prompt|confirm/.test(el.textContent))
    out.push(el.outerHTML.slice(0, 80));
  return out;
}
"""


def load_payloads() -> list[str]:
    """The corpus: every line that is not a note (``#`` + space) or a family heading (``#:``)."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith(("# ", "#:"))]


PAYLOADS = load_payloads()


def squash(text: str) -> str:
    """Text without whitespace: how a page lays it out (lines, spaces) is not what is compared."""
    return re.sub(r"\s+", "", text)


def rendered_text(body: str) -> str:
    """The text a reader should see for a comment body: salon's own rendering, as text."""
    html = markup.render(body)
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content() if html else ""


@dataclass
class Item:
    """One payload's comment in a body thread."""

    index: int
    comment_id: int
    author_id: int
    body: str
    name: str | None  # the stored display name when the payload was short enough to be one
    website: str


@dataclass
class TitleThread:
    index: int
    comment_id: int
    url: str  # as stored (salon keeps a canonical form)
    title: str


@dataclass
class Corpus:
    body_threads: list[tuple[str, list[Item]]] = field(default_factory=list)
    title_threads: list[TitleThread] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    notices: dict[int, tuple[str, str]] = field(default_factory=dict)
    mails: list[Mail] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for _, items in self.body_threads for item in items]


def marker(index: int) -> str:
    return f"XSS{index:03d}"


_clients: dict[str, httpx.Client] = {}


def _http(server: LiveServer) -> httpx.Client:
    """One keep-alive client per server: hundreds of requests."""
    if server.base not in _clients:
        _clients[server.base] = httpx.Client(base_url=server.base, timeout=30)
    return _clients[server.base]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The shared live server, without the model: hundreds of posts, and the model is not the subject."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with running_server(tmp_path_factory.mktemp("xss") / "salon.db", classifier="null") as live:
        yield live


def _post(server: LiveServer, payload: dict[str, Any]) -> dict[str, Any]:
    """Post through the API; a comment a phase held is approved by a moderator, so it is public."""
    response = _http(server).post("/api/comments", json=payload)
    assert response.status_code == 201, response.text
    posted = dict(response.json())
    if posted["status"] == "pending":
        services = server.services
        with services.db.read() as conn:
            user = user_queries.by_email(conn, ADMIN)
        assert user is not None
        decisions.approve(services, moderator_for(services, user), posted["id"])
    return posted


def _stored(server: LiveServer, comment_id: int) -> Any:
    c, th = t.comments, t.threads
    with server.services.db.read() as conn:
        return conn.execute(
            select(c.c.author_id, c.c.author_name, c.c.author_website, c.c.status, th.c.url, th.c.title)
            .select_from(c.join(th, th.c.id == c.c.thread_id))
            .where(c.c.id == comment_id)
        ).one()


def _body_threads(server: LiveServer, corpus: Corpus) -> None:
    """Comments carrying payload i in the body, the name (when short enough) and the website."""
    limit = server.settings.max_name_chars
    for k in range(0, len(PAYLOADS), CHUNK):
        url = server.page(f"/xss/body-{k // CHUNK}")
        # A reader who wants every comment of the thread by mail (confirmed below).
        opener = {"name": "Opener", "email": READER}
        _post(server, {"url": url, "body": "Opening the thread.", "author": opener, "notify": "thread"})
        with server.services.db.write() as conn:
            conn.execute(update(t.mail_addresses).values(confirmed_at=now()))
        items = []
        for i in range(k, min(k + CHUNK, len(PAYLOADS))):
            payload = PAYLOADS[i]
            name = payload if len(payload.strip()) <= limit else f"Name {marker(i)}"
            website = "https://example.com/?" + payload.replace(" ", "%20")
            body = f"{marker(i)} {payload}"
            posted = _post(server, {"url": url, "body": body, "author": {"name": name, "website": website}})
            row = _stored(server, posted["id"])
            assert row.author_website == website, "the website is kept as given (escaped when shown)"
            if name == payload:
                assert row.author_name == payload.strip().strip("\u200b"), "the name is kept, not stripped"
            items.append(
                Item(
                    i,
                    posted["id"],
                    row.author_id,
                    body,
                    row.author_name if name == payload else None,
                    website,
                )
            )
        corpus.body_threads.append((url, items))


def _title_threads(server: LiveServer, corpus: Corpus) -> None:
    """A thread per payload, stored with the payload as its title and in its URL; its one comment
    asks for mail, so the confirmation (which names the page) goes out with the title in it."""
    for i, payload in enumerate(PAYLOADS):
        url = server.page(f"/xss/title-{i:03d}?q=") + payload.replace(" ", "%20")
        author = {"name": "Titles", "email": f"title-{i}@example.org"}
        posted = _post(server, {"url": url, "title": payload, "body": f"T{marker(i)}", "author": author,
                                "notify": "thread"})  # fmt: skip
        row = _stored(server, posted["id"])
        assert row.title == payload, "the title is kept as given"
        corpus.title_threads.append(TitleThread(i, posted["id"], str(row.url), str(row.title)))


def _reports_and_notices(server: LiveServer, corpus: Corpus) -> None:
    for item in corpus.items():
        payload = PAYLOADS[item.index]
        note = f"{marker(item.index)} {payload}"[:1000]
        response = _http(server).post(
            f"/api/comments/{item.comment_id}/report", json={"reason": "other", "note": note}
        )
        assert response.status_code == 201, response.text
        corpus.notes[item.index] = note
    for thread in corpus.title_threads:
        payload = PAYLOADS[thread.index]
        explanation = f"{marker(thread.index)} is illegal: {payload}"[:5000]
        name = payload[:200].strip() or "n"
        dsa.file_notice(
            server.services,
            dsa.NoticeIn(
                comment_id=thread.comment_id,
                explanation=explanation,
                name=name,
                email=f"notifier-{thread.index}@example.org",
                good_faith=True,
                client_address=f"198.51.100.{thread.index % 250 + 1}",
            ),
        )
        corpus.notices[thread.index] = (explanation, name)


def _mail(server: LiveServer, corpus: Corpus) -> None:
    """Deliver the outbox now (reply digests wait for a quiet period) into the Null mailer."""
    services = server.services
    with services.db.write() as conn:
        conn.execute(update(t.outbox).where(t.outbox.c.status == "pending").values(available_at=now()))
    OutboxWorker(services).drain()
    corpus.mails = [m for m in getattr(services.mailer, "sent", []) if m.html]


@pytest.fixture(scope="module")
def corpus(server: LiveServer) -> Corpus:
    assert len(PAYLOADS) >= 150
    create_user(server.services, ADMIN, PASSWORD, Role.ADMIN)
    made = Corpus()
    _body_threads(server, made)
    _title_threads(server, made)
    _reports_and_notices(server, made)
    _mail(server, made)
    return made


# -- the sentinel and the checks ----------------------------------------------------------------


class Guard:
    """Counts payload executions in every page and frame of a browser context."""

    def __init__(self, context: Any) -> None:
        self.hits: list[str] = []
        context.add_init_script(SENTINEL)
        context.expose_binding(
            "__xssHit", lambda source, what: self.hits.append(f"{source['frame'].url}: {what}")
        )
        context.on("page", self._watch)
        for page in context.pages:
            self._watch(page)

    def _watch(self, page: Any) -> None:
        def dialog(d: Any) -> None:
            self.hits.append(f"{page.url}: dialog {d.type} {d.message}")
            d.dismiss()

        page.on("dialog", dialog)


@pytest.fixture
def guard(context: Any) -> Guard:
    return Guard(context)


#: How long injected load/error handlers, autofocus and zero-delay timers get after "load".
SETTLE_MS = 100
#: Documents rendered side by side in one page (each in its own frame).
BATCH = 24
#: How long one batch of documents may take to load (the context default, 8 s, is for one page).
BATCH_TIMEOUT_MS = 60_000


@dataclass
class Shown:
    """What one document showed: its visible text and the links in it."""

    text: str
    links: set[str]


SHOWN = """() => ({text: document.body ? document.body.innerText : "",
                  links: Array.from(document.querySelectorAll("[href]"), a => a.getAttribute("href"))})"""


def _assert_clean(frames: list[Any], guard: Guard, where: str) -> None:
    offences = [o for frame in frames for o in frame.evaluate(OFFENCES)]
    assert not offences, f"{where}: {offences[:5]}"
    assert not guard.hits, f"{where}: {guard.hits[:5]}"
    assert not [f for f in frames if f.evaluate("() => window.__xss || []")], where


def check_page(page: Any, guard: Guard, where: str) -> Shown:
    """Nothing executed and nothing dangerous is in the DOM of this page; what it shows."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(SETTLE_MS)
    _assert_clean(page.frames, guard, where)
    parts = [frame.evaluate(SHOWN) for frame in page.frames]
    return Shown("\n".join(p["text"] for p in parts), {link for p in parts for link in p["links"]})


def check_documents(
    page: Any, server: LiveServer, guard: Guard, sources: list[str], srcdoc: bool
) -> list[Shown]:
    """Render each source (a URL on the server, or a whole document) in its own frame, BATCH at a
    time in one page, and check them all as :func:`check_page` does; what each one showed."""
    shown: list[Shown] = []
    page.goto(server.page("/healthz"))  # the frames' parent on salon's origin, as a tab would be
    for start in range(0, len(sources), BATCH):
        batch = sources[start : start + BATCH]
        attr = "srcdoc" if srcdoc else "src"
        cells = "".join(
            f'<iframe data-i="{i}" {attr}="{html.escape(s, quote=True)}"></iframe>'
            for i, s in enumerate(batch)
        )
        # A batch loads BATCH documents (dashboard pages through the route that unframes them):
        # the context's 8 s is for one page, so the batch gets BATCH_TIMEOUT_MS.
        page.set_content(
            f"<!doctype html><meta charset=utf-8><title>batch</title><body>{cells}</body>",
            timeout=BATCH_TIMEOUT_MS,
        )
        page.wait_for_timeout(SETTLE_MS)
        frames = [f for f in page.frames if f is not page.main_frame]
        _assert_clean(frames, guard, f"documents {start}..{start + len(batch) - 1}: {batch[0][:80]}")
        by_index: dict[int, Shown] = {}
        for frame in page.main_frame.child_frames:
            got = frame.evaluate(SHOWN)
            by_index[int(frame.frame_element().get_attribute("data-i"))] = Shown(
                got["text"], set(got["links"])
            )
        assert len(by_index) == len(batch)
        shown.extend(by_index[i] for i in range(len(batch)))
    return shown


def frameable(context: Any, pattern: str) -> None:
    """Let dashboard pages load in the batch page's frames: drop only their anti-framing headers
    (X-Frame-Options, and the CSP that these contexts bypass anyway); the documents are as served."""

    def strip(route: Any) -> None:
        try:
            response = route.fetch()
        except Exception as exc:  # a kept-alive connection the server closed as it was reused
            if "ECONNRESET" not in str(exc):
                raise
            response = route.fetch()  # a GET of a page: asked again on a fresh connection
        dropped = ("x-frame-options", "content-security-policy")
        headers = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
        route.fulfill(response=response, headers=headers)

    context.route(pattern, strip)


def assert_texts(text: str, expected: dict[str, list[str]], where: str) -> None:
    """Each payload's text shows (any of its accepted forms), escaped rather than dropped."""
    flat = squash(text)
    missing = [key for key, forms in expected.items() if not any(squash(f) in flat for f in forms)]
    assert not missing, f"{where}: not shown as text: {missing[:5]}"


def body_forms(item: Item) -> list[str]:
    """The comment as rendered (widget, pages, mail), or as the markdown source (the dashboard)."""
    return [rendered_text(item.body), item.body]


def sign_in(context: Any, server: LiveServer) -> Any:
    page = context.new_page()
    page.goto(server.page("/admin"))
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin")
    return page


# -- the surfaces -----------------------------------------------------------------------------


def test_the_corpus_is_large_and_every_payload_keeps_its_text(server, corpus):
    assert len(PAYLOADS) >= 150 and len(set(PAYLOADS)) == len(PAYLOADS)
    items = corpus.items()
    assert len(items) == len(PAYLOADS) == len(corpus.title_threads) == len(corpus.notices)
    assert sum(1 for i in items if i.name) >= 150, "most payloads also go in as a display name"
    # A report's note is shown on no page (the dashboard counts reasons); it is kept as sent.
    with server.services.db.read() as conn:
        notes = dict(conn.execute(select(t.reports.c.comment_id, t.reports.c.note)).all())
    assert {i.index: notes[i.comment_id] for i in items} == corpus.notes
    for item in items:
        assert marker(item.index) in rendered_text(item.body), item.body
        # Markup shows as text, never dropped (in a link's destination it becomes the href).
        payload = PAYLOADS[item.index]
        if "<" in payload and "](" not in payload and not re.search(r"<[a-z]+:[^ >]*>", payload):
            assert "<" in rendered_text(item.body), f"markup shows as text, not dropped: {item.body!r}"


def names(items: list[Item]) -> dict[str, list[str]]:
    return {f"name {marker(i.index)}": [i.name] for i in items if i.name}


def rendered(items: list[Item]) -> dict[str, list[str]]:
    return {marker(i.index): [rendered_text(i.body)] for i in items}


def test_the_checks_catch_a_payload_that_is_not_escaped(server, context, guard):
    """The sentinel, the DOM check and the frames: each notices markup that was let through."""
    page = context.new_page()
    page.goto(server.page("/healthz"))
    page.set_content("<p>x</p><img src=x onerror=alert(1)><details open ontoggle=print()></details>")
    page.wait_for_timeout(SETTLE_MS)
    assert any("alert(1)" in hit for hit in guard.hits) and any("print()" in hit for hit in guard.hits)
    with pytest.raises(AssertionError, match="onerror"):
        check_page(page, guard, "unescaped")
    guard.hits.clear()
    with pytest.raises(AssertionError, match="alert"):
        check_documents(page, server, guard, ["<svg><script>alert(2)</script></svg>"], True)
    guard.hits.clear()


def test_widget(server, corpus, context, guard):
    for url, items in corpus.body_threads:
        path = url.removeprefix(server.base)
        page = open_embed(context, server, path)
        page.wait_for_function(f"document.querySelectorAll('.salon-text').length >= {len(items) + 1}")
        shown = check_page(page, guard, f"widget {path}")
        assert_texts(shown.text, rendered(items), f"widget {path}")
        assert_texts(shown.text, names(items), f"widget {path}")
        assert not [i.website for i in items if i.website not in shown.links], "websites kept whole in href"
        page.close()


def test_no_js_thread_page(server, corpus, context, guard):
    page = context.new_page()
    for url, items in corpus.body_threads:
        page.goto(server.page(f"/embed/thread?page=1&url={quote(url, safe='')}"))
        where = f"no-JS page {url}"
        shown = check_page(page, guard, where)
        assert_texts(shown.text, rendered(items), where)
        assert_texts(shown.text, names(items), where)
        assert not [i.website for i in items if i.website not in shown.links], where
    pages = [server.page(f"/embed/thread?page=1&url={quote(th.url, safe='')}") for th in corpus.title_threads]
    for thread, shown in zip(
        corpus.title_threads, check_documents(page, server, guard, pages, False), strict=True
    ):
        where = f"no-JS page, title {marker(thread.index)}"
        assert_texts(shown.text, {"title": [thread.title]}, where)
        assert thread.url in shown.links, where


def _walk_queue(page: Any, server: LiveServer, guard: Guard, start: str) -> Shown:
    """Every page of a dashboard queue (following its "Older" link): their text and links."""
    texts, links, url, seen = [], set(), server.page(start), 0
    while url and seen < 40:
        page.goto(url)
        shown = check_page(page, guard, url)
        texts.append(shown.text)
        links |= shown.links
        older = page.locator("p.more a[href*='before=']")
        url = server.page(older.first.get_attribute("href")) if older.count() else ""
        seen += 1
    return Shown("\n".join(texts), links)


def test_dashboard_queues_and_notices(server, corpus, context, guard):
    page = sign_in(context, server)
    items = corpus.items()
    for queue in ("published", "reported"):
        shown = _walk_queue(page, server, guard, f"/admin?queue={queue}")
        assert_texts(shown.text, {marker(i.index): body_forms(i) for i in items}, f"{queue} queue")
        assert_texts(shown.text, names(items), f"{queue} queue")
        if queue == "published":
            titles = {f"title {marker(th.index)}": [th.title] for th in corpus.title_threads}
            assert_texts(shown.text, titles, "published queue")
            assert not [th.url for th in corpus.title_threads if th.url not in shown.links], "URLs in href"
    page.goto(server.page("/admin/notices"))
    shown = check_page(page, guard, "notices")
    assert_texts(shown.text, {f"notice {marker(i)}": [e] for i, (e, _) in corpus.notices.items()}, "notices")
    assert_texts(
        shown.text, {f"notifier {marker(i)}": [n] for i, (_, n) in corpus.notices.items()}, "notices"
    )


def test_dashboard_comment_and_author_pages(server, corpus, context, guard):
    page = sign_in(context, server)
    frameable(context, "**/admin/comments/*")
    frameable(context, "**/admin/authors/*")
    items = corpus.items()
    comments = check_documents(
        page, server, guard, [server.page(f"/admin/comments/{i.comment_id}") for i in items], False
    )
    authors = check_documents(
        page, server, guard, [server.page(f"/admin/authors/{i.author_id}") for i in items], False
    )
    for item, comment, author in zip(items, comments, authors, strict=True):
        assert_texts(comment.text, {marker(item.index): body_forms(item)}, f"comment page {item.comment_id}")
        assert_texts(comment.text, names([item]), f"comment page {item.comment_id}")
        assert_texts(author.text, names([item]), f"author page {item.author_id}")


FEED_READER = """
async (urls) => {
  // What a feed reader shows: each entry's title as text, its HTML content as HTML, its link.
  const out = document.createElement("main");
  document.body.append(out);
  for (const url of urls) {
    const xml = new DOMParser().parseFromString(await (await fetch(url)).text(), "application/xml");
    if (xml.querySelector("parsererror")) throw new Error("ill-formed feed " + url);
    const h = document.createElement("h1");
    h.textContent = xml.querySelector("feed > title").textContent;
    out.append(h);
    for (const entry of xml.querySelectorAll("entry")) {
      const article = document.createElement("article");
      const a = document.createElement("a");
      a.href = entry.querySelector("link").getAttribute("href");
      a.textContent = entry.querySelector("title").textContent;
      const content = document.createElement("div");
      content.innerHTML = entry.querySelector("content").textContent;
      article.append(a, content);
      out.append(article);
    }
  }
}
"""


def test_feeds_as_chromium_shows_them_and_as_a_reader_renders_them(server, corpus, context, guard):
    page = context.new_page()
    feeds = [f"/api/feed.atom?url={quote(url, safe='')}" for url, _ in corpus.body_threads]
    feeds.append("/api/feed.atom?site=demo")
    for feed in feeds:
        response = page.goto(server.page(feed))
        assert response.status == 200 and "atom" in response.headers["content-type"]
        shown = check_page(page, guard, feed)
        assert "contains the following errors" not in shown.text, f"{feed}: Chromium finds it ill-formed"
    title_feeds = [f"/api/feed.atom?url={quote(th.url, safe='')}" for th in corpus.title_threads]
    page.goto(server.page("/healthz"))
    page.set_content("<!doctype html><title>reader</title><body></body>")
    page.evaluate(FEED_READER, [server.page(f) for f in feeds + title_feeds])
    shown = check_page(page, guard, "feed reader")
    items = corpus.items()
    assert_texts(shown.text, rendered(items), "feed reader")
    assert_texts(shown.text, names(items), "feed reader")
    titles = {f"title {marker(th.index)}": [th.title] for th in corpus.title_threads}
    assert_texts(shown.text, titles, "feed reader")


def test_mail_html(server, corpus, context, guard):
    replies = [m for m in corpus.mails if m.to == READER and "List-Unsubscribe" in m.headers]
    confirmations = [m for m in corpus.mails if m.to.startswith("title-")]
    assert len(replies) == len(corpus.body_threads), [m.subject for m in corpus.mails if m.to == READER]
    assert len(confirmations) == len(corpus.title_threads)
    page = context.new_page()
    shown = check_documents(page, server, guard, [str(m.html) for m in replies + confirmations], True)
    text = "\n".join(s.text for s in shown)
    items = corpus.items()
    assert_texts(text, rendered(items), "reply mail")
    assert_texts(text, names(items), "reply mail")
    titles = {f"title {marker(th.index)}": [th.title] for th in corpus.title_threads}
    assert_texts(text, titles, "confirmation mail")
