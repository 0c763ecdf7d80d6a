"""Request and response bodies of the pre-submit check (the Perspective-compatible API's are in
``salon.api.perspective_schemas``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from salon.api.schemas import AuthorIn, Strict


class CheckIn(Strict):
    url: str = Field(max_length=2000, description="The page the comment is for.")
    body: str = Field(max_length=100_000, description="The draft, as it would be posted.")
    author: AuthorIn | None = Field(None, description="The author; the display name is checked too.")


class SpanOut(BaseModel):
    begin: int = Field(description="First character (code point offset into the text).")
    end: int = Field(description="One past the last character.")
    categories: list[str] = Field(
        description="What this part reads as, e.g. `insult`, `banned_word`, `link`."
    )


class CheckOut(BaseModel):
    decision: Literal["publish", "hold", "reject"] = Field(description="What posting this now would do.")
    nudge: bool = Field(description="Show the author `message` and the spans, and let them edit first.")
    message: str = Field(description="For the author: the nudge, or why it would be held or refused.")
    scores: dict[str, float] = Field(description="Per-category probability, 0 to 1.")
    spans: list[SpanOut]


class PreviewIn(Strict):
    url: str = Field(max_length=2000, description="The page the comment is for.")
    body: str = Field(max_length=100_000, description="The draft, in markdown.")


class PreviewOut(BaseModel):
    html: str = Field(description="The draft as a posted comment would show it (the same rendering).")
