"""Bodies of the Perspective-compatible API (``/v1alpha1``), for the OpenAPI document.

The handlers read request bodies themselves, so that every refusal comes back in Google's error
shape rather than salon's; the request schemas are written out here for the document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from salon.moderation.perspective_attributes import SCORED


class PerspectiveScore(BaseModel):
    value: float
    type: Literal["PROBABILITY"]


class PerspectiveSpanScore(BaseModel):
    begin: int = Field(description="First UTF-16 code unit of the span.")
    end: int = Field(description="One past the last UTF-16 code unit.")
    score: PerspectiveScore


class PerspectiveAttributeScore(BaseModel):
    spanScores: list[PerspectiveSpanScore]
    summaryScore: PerspectiveScore


class AnalyzeOut(BaseModel):
    attributeScores: dict[str, PerspectiveAttributeScore]
    languages: list[str]
    detectedLanguages: list[str]
    clientToken: str | None = None


class SuggestOut(BaseModel):
    detectedLanguages: list[str]
    requestedLanguages: list[str]
    clientToken: str | None = None


class PerspectiveErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: int
    message: str
    status: str
    details: list[dict[str, Any]] | None = Field(
        None,
        description="`google.commentanalyzer.v1alpha1.Error` with `errorType`, or "
        "`google.rpc.ErrorInfo` with `reason` (API_KEY_INVALID) for key errors.",
    )


class PerspectiveErrorBody(BaseModel):
    error: PerspectiveErrorDetail


_ATTRIBUTE = {
    "type": "object",
    "properties": {
        "scoreType": {"type": "string", "enum": ["PROBABILITY"]},
        "scoreThreshold": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
_COMMENT = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "type": {"type": "string", "enum": ["PLAIN_TEXT", "HTML"]}},
}
_CONTEXT = {
    "type": "object",
    "properties": {
        "entries": {"type": "array", "items": {"type": "object", "properties": {"text": {"type": "string"}}}},
        "articleAndParentComment": {"type": "object"},
    },
}
_SCORE = {
    "type": "object",
    "properties": {"value": {"type": "number"}, "type": {"type": "string"}},
}

ANALYZE_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["comment", "requestedAttributes"],
    "properties": {
        "comment": _COMMENT,
        "requestedAttributes": {
            "type": "object",
            "properties": {name: _ATTRIBUTE for name in SCORED},
            "additionalProperties": False,
        },
        "languages": {"type": "array", "items": {"type": "string"}},
        "spanAnnotations": {"type": "boolean", "description": "Score each sentence as a span."},
        "doNotStore": {"type": "boolean", "description": "Accepted; salon never stores analyzed text."},
        "dropUnsupportedAttributes": {"type": "boolean"},
        "clientToken": {"type": "string", "description": "Echoed in the response."},
        "sessionId": {"type": "string"},
        "communityId": {"type": "string"},
        "context": _CONTEXT,
    },
}

SUGGEST_REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["comment", "attributeScores"],
    "properties": {
        "comment": _COMMENT,
        "attributeScores": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "summaryScore": _SCORE,
                    "spanScores": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
        "languages": {"type": "array", "items": {"type": "string"}},
        "communityId": {"type": "string"},
        "clientToken": {"type": "string"},
        "sessionId": {"type": "string"},
        "context": _CONTEXT,
        "doNotStore": {"type": "boolean", "description": "Answer, but keep nothing."},
    },
}
