"""create_app(settings, services) → the ASGI app. Wiring only: it discovers nothing."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from salon import __version__
from salon.api import (
    accounts,
    challenge,
    discovery,
    errors,
    events,
    health,
    moderation,
    notices,
    perspective,
    privacy,
    public,
    reports,
)
from salon.api.content_type import JSONOnlyMiddleware, NulGuardMiddleware
from salon.api.cors import SiteCORSMiddleware
from salon.api.fastpath import CachedThreadMiddleware
from salon.moderation import languages
from salon.services import Services, build_services
from salon.settings import Settings, load_settings
from salon.web import demo_page, dsa_pages, embed, subscriptions
from salon.web.admin import routes as admin
from salon.web.headers import SecurityHeadersMiddleware

#: Every router the app serves, in one readable list.
ROUTERS: list[APIRouter] = [
    health.router,
    public.router,
    accounts.router,
    challenge.router,
    moderation.router,
    perspective.router,
    discovery.router,
    events.router,
    embed.router,
    demo_page.router,
    reports.router,
    privacy.router,
    notices.router,
    subscriptions.router,
    dsa_pages.router,
    admin.router,
]


def create_app(settings: Settings, services: Services) -> FastAPI:
    app = FastAPI(
        title="salon",
        version=__version__,
        summary="Self-hosted comments with local, explainable moderation.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.services = services
    errors.install(app)
    # The language detector takes seconds to load: start now, not on the first Perspective call.
    languages.preload()
    for router in ROUTERS:
        app.include_router(router)
    # Starlette runs the last-added middleware first: CORS wraps the cached-page fast path and
    # the JSON-only check (so a 415 carries CORS headers), the security headers wrap everything.
    app.add_middleware(JSONOnlyMiddleware)
    app.add_middleware(CachedThreadMiddleware, services=services)
    app.add_middleware(SiteCORSMiddleware, sites=services.sites)
    app.add_middleware(NulGuardMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    if settings.trust_forwarded:
        # The one place forwarded headers are read (outermost, so every route sees the real
        # client and scheme); uvicorn's own handling is off (cli.py), so with the setting off
        # X-Forwarded-For/Proto mean nothing, from any peer.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow)
    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --factory salon.app:app_from_env` and multi-worker `salon serve`."""
    settings = load_settings()
    services = build_services(settings)
    services.start_outbox()
    return create_app(settings, services)
