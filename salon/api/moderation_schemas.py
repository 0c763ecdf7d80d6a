"""Request and response bodies of the moderation endpoints: the pre-submit check and the
Perspective-compatible analyze."""

from __future__ import annotations

from typing import Any, Literal

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


class PerspectiveScore(BaseModel):
    value: float
    type: Literal["PROBABILITY"]


class PerspectiveSpanScore(BaseModel):
    begin: int
    end: int
    score: PerspectiveScore


class PerspectiveAttributeScore(BaseModel):
    spanScores: list[PerspectiveSpanScore]
    summaryScore: PerspectiveScore


class AnalyzeOut(BaseModel):
    attributeScores: dict[str, PerspectiveAttributeScore]
    languages: list[str]
    detectedLanguages: list[str]
    clientToken: str | None = None


class PerspectiveErrorDetail(BaseModel):
    code: int
    message: str
    status: str


class PerspectiveErrorBody(BaseModel):
    error: PerspectiveErrorDetail


_ATTRIBUTE = {
    "type": "object",
    "properties": {
        "scoreType": {"type": "string", "enum": ["PROBABILITY"]},
        "scoreThreshold": {"type": "number", "minimum": 0, "maximum": 1},
    },
}

#: The request schema, written out: the handler reads the body itself so that every refusal
#: comes back in Perspective's error shape rather than salon's.
ANALYZE_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["comment", "requestedAttributes"],
    "properties": {
        "comment": {
            "type": "object",
            "required": ["text"],
            "properties": {"text": {"type": "string"}, "type": {"type": "string", "enum": ["PLAIN_TEXT"]}},
        },
        "requestedAttributes": {
            "type": "object",
            "properties": {
                name: _ATTRIBUTE
                for name in (
                    "TOXICITY",
                    "SEVERE_TOXICITY",
                    "IDENTITY_ATTACK",
                    "INSULT",
                    "PROFANITY",
                    "THREAT",
                    "SPAM",
                )
            },
            "additionalProperties": False,
        },
        "languages": {"type": "array", "items": {"type": "string"}},
        "spanAnnotations": {"type": "boolean"},
        "doNotStore": {"type": "boolean", "description": "Accepted; salon never stores analyzed text."},
        "clientToken": {"type": "string"},
        "sessionId": {"type": "string"},
        "context": {"type": "object"},
    },
}
