"""The one error type actions raise; the API turns it into ``{"error": {code, message, field}}``."""

from __future__ import annotations


class SalonError(Exception):
    """A refusal the client can act on. ``status`` is the HTTP status the API answers with."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}

    def body(self) -> dict[str, dict[str, str]]:
        err = {"code": self.code, "message": self.message}
        if self.field:
            err["field"] = self.field
        return {"error": err}


def not_found(what: str, field: str | None = None) -> SalonError:
    return SalonError(404, "not_found", f"{what} not found", field)
