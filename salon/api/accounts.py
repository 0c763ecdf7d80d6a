"""Sign-in for readers (optional, per site): the site's own SSO token, e-mail magic links, OpenID
Connect and GitHub, and "your comments". Thin views over salon.actions.accounts and .oidc."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from salon import i18n
from salon.actions import accounts, oidc
from salon.api.errors import ERROR_RESPONSES
from salon.api.public import client_address
from salon.api.schemas import ErrorBody, Strict
from salon.errors import SalonError
from salon.notify import compose
from salon.services import Services
from salon.web.subscriptions import notice_page

router = APIRouter(
    tags=["sign-in"],
    responses={
        **ERROR_RESPONSES,
        401: {"model": ErrorBody, "description": "The sign-in token or author token is not valid"},
    },
)


class SsoIn(Strict):
    url: str = Field(max_length=2000, description="The page the reader is on (it names the site).")
    token: str = Field(max_length=8000, description="An HS256 JWT signed with the site's `sso_secret`.")


class MagicLinkIn(Strict):
    url: str = Field(max_length=2000, description="The page to come back to after signing in.")
    email: str = Field(max_length=320)
    locale: str | None = Field(None, max_length=35)


class SignedInOut(BaseModel):
    author_token: str = Field(description="Send back as `X-Salon-Author`, as a guest's token.")
    name: str
    avatar: str | None = None
    provider: str = Field(description="`sso` or `email`.")


class MagicLinkOut(BaseModel):
    status: str = Field(description="`sent`: a link goes to the address, whether or not it is known.")


class ProviderOut(BaseModel):
    id: str = Field(description="Start at `/auth/oidc/start?provider=<id>&url=<the page>`.")
    name: str = Field(description="What the button says, e.g. `GitHub`.")


class SignInWaysOut(BaseModel):
    providers: list[ProviderOut] = Field(
        description="The site's switched-on OpenID Connect and OAuth providers."
    )
    email: bool = Field(description="Whether readers may ask for a one-time sign-in link by e-mail.")
    sso: bool = Field(description="Whether the site signs its own readers in (SSO tokens).")


class OwnCommentOut(BaseModel):
    id: int
    status: str
    html: str
    created_at: str
    url: str
    title: str


class OwnCommentsOut(BaseModel):
    comments: list[OwnCommentOut]


def _services(request: Request) -> Services:
    return request.app.state.services


def _out(signed: accounts.SignedIn) -> dict[str, Any]:
    return {
        "author_token": signed.author_token,
        "name": signed.name,
        "avatar": signed.avatar,
        "provider": signed.provider,
    }


@router.post("/api/auth/sso", response_model=SignedInOut, summary="Sign in with the site's own token (SSO)")
def sso(request: Request, body: SsoIn) -> dict[str, Any]:
    return _out(accounts.sign_in_sso(_services(request), body.url, body.token))


@router.post(
    "/api/auth/email", status_code=202, response_model=MagicLinkOut, summary="Mail a one-time sign-in link"
)
def magic_link(request: Request, body: MagicLinkIn) -> dict[str, Any]:
    accounts.request_magic_link(_services(request), body.url, body.email, body.locale or "en")
    return {"status": "sent"}


@router.get("/api/auth/providers", response_model=SignInWaysOut, summary="The ways readers may sign in")
def sign_in_ways(
    request: Request, url: Annotated[str, Query(max_length=2000, description="Any page of the site.")]
) -> dict[str, Any]:
    return oidc.sign_in_ways(_services(request), url)


@router.get("/api/me/comments", response_model=OwnCommentsOut, summary="The signed-in reader's comments")
def own_comments(
    request: Request,
    url: Annotated[str, Query(max_length=2000, description="Any page of the site.")],
    x_salon_author: Annotated[str | None, Header(alias="X-Salon-Author")] = None,
) -> dict[str, Any]:
    rows = accounts.own_comments(_services(request), url, x_salon_author)
    return {
        "comments": [
            {
                "id": r.id,
                "status": r.status,
                "html": r.html,
                "created_at": r.created_at.isoformat(),
                "url": f"{r.url}#salon-c-{r.id}",
                "title": r.title or r.url,
            }
            for r in rows
        ]
    }


@router.get("/auth/email", include_in_schema=False)
def magic_link_page(request: Request, t: Annotated[str, Query(max_length=2000)] = "") -> Response:
    """The link in the mail: a button (a GET signs nobody in, mail scanners follow links)."""
    locale = accounts.magic_link_locale(_services(request), t)
    tr = compose.translator(locale)
    return notice_page(
        locale,
        title=tr("page_signin_title"),
        ask=tr("signin_action") + "?",
        token=t,
        action="/auth/email",
        button=tr("signin_action"),
    )


@router.post("/auth/email", include_in_schema=False)
async def magic_link_use(request: Request) -> Response:
    form = await request.form()
    raw = form.get("t")
    token = raw if isinstance(raw, str) else ""
    services = _services(request)
    locale = accounts.magic_link_locale(services, token)
    try:
        signed, back = await run_in_threadpool(accounts.redeem_magic_link, services, token)
    except SalonError as exc:
        return notice_page(
            locale,
            400,
            title=compose.translator(locale)("page_signin_title"),
            error=i18n.error_message(locale, exc),
        )
    # Back to the page, with the author token in the fragment (never sent to any server); the widget
    # keeps it and removes it from the address bar.
    return RedirectResponse(f"{back}#salon-auth={quote(signed.author_token)}", status_code=303)


def _signin_error(locale: str, exc: SalonError) -> Response:
    return notice_page(
        locale,
        exc.status,
        title=compose.translator(locale)("page_signin_title"),
        error=i18n.error_message(locale, exc),  # the reader's language where the catalogue has it
    )


@router.get("/auth/oidc/start", include_in_schema=False)
def oidc_start(
    request: Request,
    provider: Annotated[str, Query(max_length=30)] = "",
    url: Annotated[str, Query(max_length=2000)] = "",
    locale: Annotated[str, Query(max_length=35)] = "en",
) -> Response:
    """The widget's sign-in button: off to the provider, with the flow's secrets in a cookie."""
    code = compose.pick(locale)
    try:
        started = oidc.start(_services(request), url, provider, code, client_address(request))
    except SalonError as exc:
        return _signin_error(code, exc)
    response = RedirectResponse(started.location, status_code=303)
    response.set_cookie(
        oidc.COOKIE,
        started.cookie,
        max_age=oidc.FLOW_SECONDS,
        path="/auth/oidc",
        httponly=True,
        # Lax: the cookie comes back on the provider's top-level redirect, never on a cross-site POST.
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/auth/oidc/callback", include_in_schema=False)
def oidc_callback(
    request: Request,
    state: Annotated[str, Query(max_length=500)] = "",
    code: Annotated[str, Query(max_length=2000)] = "",
    error: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """The provider sends the reader back here; back to the page, signed in (as after a magic link)."""
    services = _services(request)
    locale = "en"
    try:
        flow = oidc.read_flow(services, request.cookies.get(oidc.COOKIE))
        locale = compose.pick(str(flow.get("l", "en")))
        signed, back = oidc.finish(services, flow, state, code, error)
    except SalonError as exc:
        response = _signin_error(locale, exc)
    else:
        fragment = f"salon-auth={quote(signed.author_token)}&salon-name={quote(signed.name)}"
        response = RedirectResponse(f"{back}#{fragment}", status_code=303)
    # The flow is used once, whatever its outcome.
    response.delete_cookie(oidc.COOKIE, path="/auth/oidc")
    return response
