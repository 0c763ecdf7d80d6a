"""``/demo``: an article with the widget embedded over the server-rendered thread (see `salon demo`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from salon.demo import DEMO_TITLE, demo_url
from salon.errors import SalonError
from salon.web.embed import RTL_LOCALES, THEMES, pick_locale, render_thread, thread_context
from salon.web.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/demo", response_class=HTMLResponse)
async def demo(
    request: Request,
    locale: Annotated[str | None, Query(max_length=35)] = None,
    theme: Annotated[str, Query(max_length=10)] = "auto",
) -> HTMLResponse:
    """The demo article; ``?locale=ar`` and ``?theme=dark`` show the widget's options."""
    settings = request.app.state.settings
    url = demo_url(settings)
    lang = pick_locale(locale)
    theme = theme if theme in THEMES else "auto"
    try:
        ctx = await run_in_threadpool(thread_context, request, url, locale=lang, theme=theme)
        thread = render_thread(ctx)
    except SalonError:
        thread = ""  # not seeded (plain `salon serve`): the widget says what is wrong
    html = templates.env.get_template("demo.html").render(
        title=DEMO_TITLE,
        url=url,
        locale=lang,
        explicit_locale=locale is not None,
        dir="rtl" if lang in RTL_LOCALES else "ltr",
        theme=theme,
        thread=thread,
    )
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})
