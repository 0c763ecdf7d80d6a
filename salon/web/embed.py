"""The embed: the widget's files, the thread as server-rendered HTML, and the no-JavaScript form.

``GET /embed/thread?url=…`` renders the same markup embed.js builds (widget/src/render.js), for a
server-side include or readers without JavaScript; embed.js finds it and enhances it in place.
``POST /embed/comment`` takes the plain HTML form and answers 303 back to the page: to the new
comment (``#salon-c-ID``) or to the held notice (``#salon-held``, shown by CSS ``:target``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from salon import i18n, threadpage
from salon.actions import comments as comment_actions
from salon.actions.comments import resolve_site
from salon.api.public import client_address, services_of
from salon.errors import SalonError
from salon.limits import MAX_ID, parse_id
from salon.markup import escape
from salon.models import Sort
from salon.moderation.phases.honeypot import FIELD as HONEYPOT_FIELD
from salon.moderation.pipeline import Submission
from salon.moderation.policy import held_text
from salon.moderation.proof_of_work import form_token
from salon.web.templating import STATIC_DIR, templates

router = APIRouter(include_in_schema=False)

LOCALES = i18n.LOCALES
RTL_LOCALES = i18n.RTL
THEMES = ("auto", "light", "dark")
#: Public files: cached for an hour, revalidated by ETag (their URLs are not versioned).
CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=86400"


# ---------------------------------------------------------------- locales


@cache
def strings(locale: str) -> dict[str, Any]:
    """The widget's strings for a locale, English where a translation lacks a key."""
    english: dict[str, Any] = json.loads((STATIC_DIR / "locales" / "en.json").read_text(encoding="utf-8"))
    if locale == "en":
        return english
    local = json.loads((STATIC_DIR / "locales" / f"{locale}.json").read_text(encoding="utf-8"))
    return {**english, **local}


pick_locale = i18n.pick


# ---------------------------------------------------------------- static files


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    etag: str
    mtime: float


_assets: dict[str, Asset] = {}


def _asset(path: Path) -> Asset:
    """The file, its gzip and its ETag; made once and again only when the file changes."""
    mtime = path.stat().st_mtime
    found = _assets.get(str(path))
    if found is None or found.mtime != mtime:
        body = path.read_bytes()
        etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
        found = Asset(body, gzip.compress(body, 9, mtime=0), etag, mtime)
        _assets[str(path)] = found
    return found


def serve_static(request: Request, name: str, media_type: str) -> Response:
    path = STATIC_DIR / name
    if not path.is_file():
        return Response(status_code=404)
    asset = _asset(path)
    headers = {
        "Cache-Control": CACHE_CONTROL,
        "ETag": asset.etag,
        "Vary": "Accept-Encoding",
        "Access-Control-Allow-Origin": "*",
    }
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=media_type, headers=headers)
    return Response(asset.body, media_type=media_type, headers=headers)


@router.get("/embed.js")
def embed_js(request: Request) -> Response:
    return serve_static(request, "embed.js", "text/javascript; charset=utf-8")


@router.get("/count.js")
def count_js(request: Request) -> Response:
    return serve_static(request, "count.js", "text/javascript; charset=utf-8")


@router.get("/embed.css")
def embed_css(request: Request) -> Response:
    return serve_static(request, "embed.css", "text/css; charset=utf-8")


@router.get("/embed/locales/{name}.json")
def locale_file(request: Request, name: str) -> Response:
    if name not in LOCALES:
        return Response(status_code=404)
    return serve_static(request, f"locales/{name}.json", "application/json")


# ---------------------------------------------------------------- features

REPORT_PATH = re.compile(r"^/api/comments/\{[^}/]+\}/report$")
CHECK_PATH = "/api/comments:check"


def features(request: Request) -> dict[str, bool]:
    """Which optional endpoints this server has, so the widget shows only controls that work.

    Read from the app's OpenAPI document (built once, then cached by FastAPI).
    """
    paths = request.app.openapi().get("paths", {})
    posts = {path for path, ops in paths.items() if "post" in ops}
    return {
        "report": any(REPORT_PATH.match(p) for p in posts),
        "check": CHECK_PATH in posts,
    }


@router.get("/embed/features")
def features_json(request: Request) -> JSONResponse:
    return JSONResponse(
        features(request),
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


# ---------------------------------------------------------------- server-rendered thread


def server_base(request: Request) -> str:
    public = services_of(request).settings.public_url.rstrip("/")
    return public or str(request.base_url).rstrip("/")


def thread_context(
    request: Request,
    url: str,
    *,
    sort: Sort = Sort.OLDEST,
    locale: str = "en",
    theme: str = "auto",
    title: str = "",
    cursor: str | None = None,
    limit: int | None = None,
    comment: int | None = None,
) -> dict[str, Any]:
    """Everything thread.html needs: the page of the thread and the reader's language.

    ``comment`` (a permalink) picks the page that shows that comment, when no cursor is given.
    """
    services = services_of(request)
    site, canonical = resolve_site(services, url)
    size = min(limit or services.settings.page_size, services.settings.max_page_size)
    if comment is not None and cursor is None:
        try:
            located: threadpage.Located | None = threadpage.locate(services, comment, sort, size)
        except SalonError:  # gone or never public: the thread from its start
            located = None
        cursor = located.cursor if located and located.url == canonical else None
    page = threadpage.build_page(services, site, canonical, sort, size, cursor)
    data = page.data
    found = features(request)
    server = server_base(request)
    next_cursor = data["next_cursor"]
    more = {"url": canonical, "sort": sort.value, "locale": locale, "cursor": next_cursor or "", "page": 1}
    if limit:
        more["limit"] = size
    first = {k: v for k, v in more.items() if k != "cursor"}
    return {
        "t": strings(locale),
        "locale": locale,
        "dir": "rtl" if locale in RTL_LOCALES else "ltr",
        "theme": theme if theme in THEMES else "auto",
        "url": canonical,
        "title": data["thread"]["title"] or title,
        "count": data["thread"]["count"],
        "locked": data["thread"]["locked"],
        "sort": sort.value,
        "comments": data["comments"],
        "next": next_cursor,
        "more_href": f"{server}/embed/thread?{urlencode(more)}",
        "first_href": f"{server}/embed/thread?{urlencode(first)}" if cursor else None,
        "server": server,
        "report": found["report"],
        "features": " ".join(name for name, on in found.items() if on),
        "held": held_text(site.settings, locale),
        "honeypot": i18n.say(locale, "honeypot"),  # hidden, but read out where styles do not load
        "form_token": form_token(services.secret, site.id),
    }


def render_thread(ctx: dict[str, Any]) -> str:
    return templates.env.get_template("embed/thread.html").render(ctx=ctx)


@router.get("/embed/thread", response_class=HTMLResponse)
async def thread_html(
    request: Request,
    url: Annotated[str, Query(max_length=2000)],
    sort: Sort = Sort.OLDEST,
    locale: Annotated[str | None, Query(max_length=35)] = None,
    theme: Annotated[str, Query(max_length=10)] = "auto",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
    page: bool = False,
    comment: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> HTMLResponse:
    """The thread as HTML: a fragment for an include, or with ``page=1`` a whole document;
    ``comment=ID`` shows the page that holds that comment (a permalink)."""
    lang = i18n.choose(locale, request.headers)
    headers = {"Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*", "Vary": "Accept-Language"}
    try:
        ctx = await run_in_threadpool(
            thread_context,
            request,
            url,
            sort=sort,
            locale=lang,
            theme=theme,
            cursor=cursor,
            limit=limit,
            comment=comment,
        )
    except SalonError as exc:
        return HTMLResponse(
            f'<p class="salon-err">{escape(i18n.error_message(lang, exc))}</p>',
            status_code=exc.status,
            headers=headers,
        )
    name = "embed/page.html" if page else "embed/thread.html"
    return HTMLResponse(templates.env.get_template(name).render(ctx=ctx), headers=headers)


# ---------------------------------------------------------------- the no-JavaScript form


def _form_comment(form: Any, address: str, locale: str) -> comment_actions.NewComment:
    def field(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    parent = field("parent_id").strip()
    parent_id = parse_id(parent) if parent else None
    if parent and parent_id is None:  # "²" is a digit to Python, but no id
        raise SalonError(422, "unknown_parent", "the comment you reply to does not exist", "parent_id")
    return comment_actions.NewComment(
        url=field("url"),
        body=field("body"),
        author_name=field("name"),
        author_email=field("email").strip() or None,
        author_website=field("website").strip() or None,
        parent_id=parent_id,
        title=field("title")[:300],
        client_address=address,
        notify=("thread" if field("notify_thread") else "replies") if field("notify") else "none",
        locale=locale,
        submission=Submission(
            altcha=field("altcha") or None,
            honeypot=field(HONEYPOT_FIELD),
            form_token=field("form_token") or None,
            via_form=not field("altcha"),
        ),
    )


def _message_page(request: Request, locale: str, message: str, back: str | None, status: int) -> HTMLResponse:
    t = strings(locale)
    ctx = {
        "t": t,
        "locale": locale,
        "dir": i18n.direction(locale),
        "server": server_base(request),
        "message": message,
        "back": back,
        "back_label": t["back"],
    }
    html = templates.env.get_template("embed/error.html").render(ctx=ctx)
    return HTMLResponse(html, status_code=status)


@router.post("/embed/comment")
async def post_form(request: Request) -> Response:
    """Post from the plain HTML form; 303 back to the page, or a page saying what went wrong."""
    form = await request.form()
    locale = i18n.choose(str(form.get("locale") or ""), request.headers)
    services = services_of(request)
    back: str | None = None
    try:
        new = _form_comment(form, client_address(request), locale)
        _, back = resolve_site(services, new.url)
        posted = await run_in_threadpool(comment_actions.create_comment, services, new)
    except SalonError as exc:
        return _message_page(request, locale, i18n.error_message(locale, exc), back, exc.status)
    status = posted.comment.status
    if status == "published":
        return RedirectResponse(f"{posted.url}#salon-c-{posted.comment.id}", status_code=303)
    if status == "pending":
        return RedirectResponse(f"{posted.url}#salon-held", status_code=303)
    message = posted.verdict.message or strings(locale)["error"]
    return _message_page(request, locale, message, posted.url, 422)
