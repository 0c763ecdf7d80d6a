"""Liveness and readiness: the database answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from salon import __version__
from salon.api.schemas import ErrorBody, Health

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health, responses={503: {"model": ErrorBody}})
async def healthz(request: Request) -> Any:
    services = request.app.state.services

    def ping() -> None:
        with services.db.read() as conn:
            conn.execute(text("SELECT 1"))

    await run_in_threadpool(ping)
    return {"status": "ok", "database": services.db.dialect, "version": __version__}
