"""The one error type actions raise; the API turns it into ``{"error": {code, message, field}}``."""

from __future__ import annotations

from typing import Any


class SalonError(Exception):
    """A refusal the client can act on. ``status`` is the HTTP status the API answers with.

    ``values`` fill the placeholders of the refusal's message in the catalogue (``error_<code>``,
    see ``salon.i18n.error_message``), e.g. ``{"max": 60}``; they are not part of the body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}
        self.values = values or {}

    def body(self) -> dict[str, dict[str, str]]:
        err = {"code": self.code, "message": self.message}
        if self.field:
            err["field"] = self.field
        return {"error": err}


def not_found(what: str, field: str | None = None) -> SalonError:
    return SalonError(404, "not_found", f"{what} not found", field)
