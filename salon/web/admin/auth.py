"""Dashboard sessions, CSRF and login.

A session lives on the server (actions/admin_sessions.py, the ``admin_sessions`` table); the
cookie is a signed value (itsdangerous, timed) carrying the session's random token and its CSRF
token. Signing out, ending the session from the account page or changing the password ends it on
the server, so a copied cookie stops working at once. The cookie is HttpOnly, SameSite=Lax,
Path=/admin (never sent to the embed or the API), and Secure when the request came over https.
Every POST must carry the session's CSRF token, in the ``csrf`` form field or the
``X-CSRF-Token`` header (htmx sends the header).
Logins are rate limited per address and per e-mail address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Header, Request, Response
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException

from salon.actions import admin_sessions as session_actions
from salon.actions import users as user_actions
from salon.actions.users import Moderator
from salon.api.public import client_address
from salon.services import Services
from salon.web.templating import templates

SESSION_COOKIE = "salon_admin"
LOGIN_COOKIE = "salon_admin_login"
SESSION_MAX_AGE = 12 * 3600
LOGIN_WINDOW = 600
LOGIN_LIMIT_PER_EMAIL = 5
LOGIN_LIMIT_PER_ADDRESS = 20
SESSION_SALT = "salon.admin.session"

#: Headers on every dashboard page: never framed, never cached, scripts only from here.
PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
}


@dataclass(frozen=True)
class Session:
    moderator: Moderator
    csrf: str
    #: The server-side session (admin_sessions.id) this cookie opens.
    session_id: int


def services_of(request: Request) -> Services:
    return request.app.state.services


def is_https(request: Request) -> bool:
    """Whether the reader came over https (X-Forwarded-Proto counts only from a trusted proxy,
    which the proxy-headers middleware has already applied to the scheme; see app.py)."""
    return request.url.scheme == "https"


def _serializer(services: Services) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(services.secret, salt=SESSION_SALT)


def read_session(request: Request) -> Session | None:
    """The session the request's cookie opens, if genuine, live on the server, and its account good."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    services = services_of(request)
    try:
        data = _serializer(services).loads(raw, max_age=SESSION_MAX_AGE)
        token, csrf = str(data["t"]), str(data["c"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    stored = session_actions.check(services, token)
    if stored is None:
        return None
    moderator = user_actions.load_moderator(services, stored.user_id)
    if moderator is None:
        return None
    return Session(moderator, csrf, stored.id)


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int, path: str) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite="lax", secure=is_https(request)
    )


def start_session(response: Response, request: Request, moderator: Moderator) -> None:
    """A new server-side session for the moderator, and its cookie on the response."""
    services = services_of(request)
    token, _ = session_actions.start(services, moderator.id, request.headers.get("user-agent", ""))
    value = _serializer(services).dumps({"t": token, "c": secrets.token_urlsafe(24)})
    _cookie(response, request, SESSION_COOKIE, value, SESSION_MAX_AGE, "/admin")


def session(request: Request) -> Session:
    """Dependency: the signed-in session, else a redirect to the login page."""
    found = read_session(request)
    if found is not None:
        return found
    if request.headers.get("hx-request"):
        raise HTTPException(401, "sign in again", headers={"HX-Redirect": "/admin/login"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise HTTPException(303, "sign in first", headers={"Location": f"/admin/login?next={quote(target)}"})


def checked(
    current: Annotated[Session, Depends(session)],
    csrf: Annotated[str | None, Form()] = None,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> Session:
    """Dependency for every POST: the session, if the request carries its CSRF token."""
    sent = x_csrf_token or csrf or ""
    if not sent or not secrets.compare_digest(sent, current.csrf):
        raise HTTPException(403, "the form is stale or did not come from this dashboard; reload and retry")
    return current


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """Render a dashboard template with the page headers."""
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.update(PAGE_HEADERS)
    return response


router = APIRouter()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and not target.startswith("//") and "\\" not in target:
        return target
    return "/admin"


def _login_page(request: Request, error: str = "", status_code: int = 200, next_url: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "admin/login.html",
        {"login_csrf": token, "error": error, "next": _safe_next(next_url)},
        status_code=status_code,
    )
    _cookie(response, request, LOGIN_COOKIE, token, 3600, "/admin/login")
    return response


@router.get("/admin/login")
def login_form(request: Request, next: str = "") -> Response:
    if read_session(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next_url=next)


@router.post("/admin/login")
def login(
    request: Request,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    services = services_of(request)
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not csrf or not secrets.compare_digest(cookie, csrf):
        return _login_page(request, "The form expired; please try again.", 403, next)
    address = client_address(request)
    wait = max(
        services.ratelimiter.hit(
            f"login:addr:{services.keyed_hash('addr', address)}", LOGIN_LIMIT_PER_ADDRESS, LOGIN_WINDOW
        ),
        services.ratelimiter.hit(
            f"login:email:{services.keyed_hash('email', email.strip().lower())}",
            LOGIN_LIMIT_PER_EMAIL,
            LOGIN_WINDOW,
        ),
    )
    if wait:
        response = _login_page(request, f"Too many attempts; try again in {int(wait)} seconds.", 429, next)
        response.headers["Retry-After"] = str(int(wait))
        return response
    user = user_actions.authenticate(services, email, password, address)
    if user is None:
        return _login_page(request, "Wrong e-mail address or password.", 401, next)
    response = RedirectResponse(_safe_next(next), status_code=303)
    start_session(response, request, user_actions.moderator_for(services, user))
    response.delete_cookie(LOGIN_COOKIE, path="/admin/login")
    return response


@router.post("/admin/logout")
def logout(request: Request, current: Annotated[Session, Depends(checked)]) -> Response:
    services = services_of(request)
    session_actions.end(services, current.moderator.id, current.session_id, current.moderator.actor)
    user_actions.record_logout(services, current.moderator)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/admin")
    return response
