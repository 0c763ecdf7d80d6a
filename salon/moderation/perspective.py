"""Perspective API compatibility: ``comments:analyze`` requests in, Perspective responses out.

Clients written for Google's Perspective API (Coral, Commento++, scripts) can point their
endpoint at salon.  Requests are checked the way Perspective checks them and refused with its
error shape (``{"error": {"code", "message", "status"}}``); scores come from salon's classifier.
Nothing is stored, whatever ``doNotStore`` says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from salon.moderation.classifiers.base import Analysis, Span

#: Perspective attribute → salon category.
ATTRIBUTES: dict[str, str] = {
    "TOXICITY": "toxicity",
    "SEVERE_TOXICITY": "severe_toxicity",
    "IDENTITY_ATTACK": "identity_attack",
    "INSULT": "insult",
    "PROFANITY": "profanity",
    "THREAT": "threat",
    "SPAM": "spam",
}
#: The built-in model reads English only.
LANGUAGES = ("en",)
#: Perspective refuses texts over 20 KB.
MAX_TEXT_BYTES = 20_480
_STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL"}


class PerspectiveError(Exception):
    """A refusal in Perspective's shape; ``code`` is also the HTTP status."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "status": _STATUS[self.code]}}


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    attributes: dict[str, float | None]  # attribute → scoreThreshold
    languages: list[str]
    span_annotations: bool
    client_token: str | None


def _bad(message: str) -> PerspectiveError:
    return PerspectiveError(400, message)


def _attributes(requested: Any) -> dict[str, float | None]:
    if not isinstance(requested, dict) or not requested:
        raise _bad("Must request at least one attribute.")
    out: dict[str, float | None] = {}
    for name, options in requested.items():
        if name not in ATTRIBUTES:
            raise _bad(f"Attribute {name} does not exist.")
        options = options or {}
        if not isinstance(options, dict):
            raise _bad(f"Invalid value at 'requested_attributes[{name}]': expected an object.")
        score_type = options.get("scoreType", "PROBABILITY")
        if score_type not in ("PROBABILITY", "", None):
            raise _bad(f"Attribute {name} does not support score type {score_type}.")
        threshold = options.get("scoreThreshold")
        if threshold is not None and (
            isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1
        ):
            raise _bad(f"Invalid scoreThreshold for {name}: must be between 0 and 1.")
        out[name] = None if threshold is None else float(threshold)
    return out


def _languages(value: Any, attributes: Sequence[str]) -> list[str]:
    if value is None or value == []:
        return list(LANGUAGES)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad("Invalid value at 'languages': expected a list of language codes.")
    wanted = [v.lower().split("-")[0] for v in value]
    if not any(v in LANGUAGES for v in wanted):
        raise _bad(f"Attribute {attributes[0]} does not support request languages: {', '.join(value)}")
    return [v for v in wanted if v in LANGUAGES]


def parse_request(body: Any) -> AnalyzeRequest:
    """Check an analyze request; raise PerspectiveError(400) the way Perspective would."""
    if not isinstance(body, dict):
        raise _bad("Invalid JSON payload received. Expected an object.")
    comment = body.get("comment")
    text = comment.get("text") if isinstance(comment, dict) else None
    if not isinstance(text, str) or not text.strip():
        raise _bad("Comment must be non-empty.")
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise _bad(f"Comment text too long: at most {MAX_TEXT_BYTES} bytes.")
    attributes = _attributes(body.get("requestedAttributes"))
    token = body.get("clientToken")
    return AnalyzeRequest(
        text=text,
        attributes=attributes,
        languages=_languages(body.get("languages"), list(attributes)),
        span_annotations=bool(body.get("spanAnnotations", False)),
        client_token=token if isinstance(token, str) else None,
    )


_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:)")


def _quote_bare_keys(raw: str) -> str:
    """Quote ``{key: ...}`` style keys outside string literals (protobuf's relaxed JSON)."""
    out, i, n = [], 0, len(raw)
    while i < n:
        if raw[i] == '"':  # copy a string literal verbatim
            j = i + 1
            while j < n and raw[j] != '"':
                j += 2 if raw[j] == "\\" else 1
            out.append(raw[i : j + 1])
            i = j + 1
            continue
        m = _BARE_KEY.match(raw, i)
        if m:
            out.append(f'{m.group(1)}"{m.group(2)}"{m.group(3)}')
            i = m.end()
            continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def loads(raw: bytes) -> Any:
    """Parse a request body as Perspective does: JSON, also with bare keys and raw newlines in
    strings (Commento++ sends ``{comment: {text: "..."}}``).  Raises PerspectiveError(400)."""
    try:
        text = raw.decode("utf-8")
        try:
            return json.loads(text, strict=False)
        except ValueError:
            return json.loads(_quote_bare_keys(text), strict=False)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad("Invalid JSON payload received.") from exc


def _score(value: float) -> dict[str, Any]:
    return {"value": round(float(value), 6), "type": "PROBABILITY"}


def _span_scores(text: str, category: str, value: float, spans: list[Span], detailed: bool) -> list[Any]:
    whole = [{"begin": 0, "end": len(text), "score": _score(value)}]
    if not detailed:
        return whole
    seen = {(0, len(text))}
    out = list(whole)
    for s in spans:
        if category in s.categories and (s.begin, s.end) not in seen:
            seen.add((s.begin, s.end))
            out.append({"begin": s.begin, "end": s.end, "score": _score(s.score or value)})
    return out


def response(req: AnalyzeRequest, analysis: Analysis) -> dict[str, Any]:
    """The Perspective response for a request and salon's analysis of its text."""
    scores: dict[str, Any] = {}
    for name, threshold in req.attributes.items():
        category = ATTRIBUTES[name]
        value = analysis.scores.get(category, 0.0)
        if threshold is not None and value < threshold:
            continue  # Perspective leaves out attributes under their scoreThreshold
        scores[name] = {
            "spanScores": _span_scores(req.text, category, value, analysis.spans, req.span_annotations),
            "summaryScore": _score(value),
        }
    out: dict[str, Any] = {
        "attributeScores": scores,
        "languages": req.languages,
        "detectedLanguages": list(LANGUAGES),
    }
    if req.client_token is not None:
        out["clientToken"] = req.client_token
    return out
