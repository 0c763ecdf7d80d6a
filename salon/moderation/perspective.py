"""Perspective API compatibility: ``comments:analyze`` and ``comments:suggestscore`` bodies in,
Perspective's responses and errors out.

Clients written for Google's Perspective API (Coral, Commento++, Comentario, client libraries)
point their endpoint at salon.  Requests are checked the way Perspective checked them and
refused in Google's error shape::

    {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT",
               "details": [{"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
                            "errorType": "COMMENT_EMPTY"}]}}

with the messages Perspective documented.  Languages never cause a refusal: every text is
scored (see ``salon.moderation.languages``).  Analyzed texts are never stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from salon.moderation import languages
from salon.moderation.classifiers.base import Analysis
from salon.moderation.perspective_attributes import category_of, perspective_scores
from salon.moderation.perspective_spans import Utf16

#: Perspective refuses texts over 20 KB (of UTF-8).
MAX_TEXT_BYTES = 20_480
#: The score every requested attribute gets when the site holds text the model cannot judge.
HOLD_SCORE = 1.0

ANALYZER_ERROR = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
SERVICE = "commentanalyzer.googleapis.com"
_STATUS = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    413: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class PerspectiveError(Exception):
    """A refusal in Google's error shape; ``code`` is also the HTTP status.

    ``error_type`` is Perspective's ``ErrorType`` (COMMENT_EMPTY, ...); ``details`` replaces the
    detail list Perspective would send (key errors carry a ``google.rpc.ErrorInfo``).
    """

    def __init__(
        self,
        code: int,
        message: str,
        error_type: str | None = None,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.headers = headers
        if details is None and error_type is not None:
            details = [{"@type": ANALYZER_ERROR, "errorType": error_type}]
        self.details = details

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": _STATUS.get(self.code, "UNKNOWN"),
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}


def _key_error(code: int, message: str, reason: str) -> PerspectiveError:
    info = {
        "@type": ERROR_INFO,
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": SERVICE},
    }
    return PerspectiveError(code, message, details=[info])


def key_missing() -> PerspectiveError:
    """Google's answer to a call without a key: 403."""
    return _key_error(403, "The request is missing a valid API key.", "CREDENTIALS_MISSING")


def key_invalid() -> PerspectiveError:
    """Google's answer to an unknown (or revoked) key: 400 API_KEY_INVALID."""
    return _key_error(400, "API key not valid. Please pass a valid API key.", "API_KEY_INVALID")


def bad(message: str, error_type: str = "INVALID_REQUEST") -> PerspectiveError:
    return PerspectiveError(400, message, error_type)


# -- request bodies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    #: Attribute name as sent -> its scoreThreshold (None: always reported).
    attributes: dict[str, float | None]
    #: The languages as the client sent them (valid codes only) and as ISO 639-1 codes.
    languages: list[str]
    language_codes: list[str]
    span_annotations: bool = False
    do_not_store: bool = False
    client_token: str | None = None
    community_id: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A ``comments:suggestscore`` body: the scores the client says the text deserves."""

    text: str
    #: Attribute -> suggested summary score (0-1).
    scores: dict[str, float]
    languages: list[str]
    language_codes: list[str]
    span_scores: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)
    community_id: str | None = None
    client_token: str | None = None
    session_id: str | None = None
    do_not_store: bool = False


def _text(body: dict[str, Any]) -> str:
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, dict):
        raise bad("Invalid value at 'comment': expected an object.")
    comment = comment or {}
    kind = comment.get("type")
    if kind not in (None, "", "PLAIN_TEXT", "HTML", "TEXT_TYPE_UNSPECIFIED"):
        raise bad("Unknown text type")
    text = comment.get("text")
    if text is not None and not isinstance(text, str):
        raise bad("Invalid value at 'comment.text': expected a string.")
    if not text or not text.strip():
        raise bad("Comment must be non-empty.", "COMMENT_EMPTY")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_TEXT_BYTES:
        raise bad("Comment text too long.", "COMMENT_TOO_LONG")
    return text


def _threshold(name: str, options: dict[str, Any]) -> float | None:
    score_type = options.get("scoreType")
    if score_type not in (None, "", "PROBABILITY", "SCORE_TYPE_UNSPECIFIED"):
        raise bad(f"Requested score type {score_type} is not supported by attribute {name}")
    threshold = options.get("scoreThreshold")
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise bad(
            f"Invalid value at 'requested_attributes[{name}].score_threshold': must be between 0 and 1."
        )
    return float(threshold)


def _attributes(requested: Any, drop_unsupported: bool) -> dict[str, float | None]:
    if not requested:
        raise bad("Missing requested_attributes", "NO_REQUESTED_ATTRIBUTES")
    if not isinstance(requested, dict):
        raise bad("Invalid value at 'requested_attributes': expected an object.")
    out: dict[str, float | None] = {}
    for name, options in requested.items():
        if options is not None and not isinstance(options, dict):
            raise bad(f"Invalid value at 'requested_attributes[{name}]': expected an object.")
        if category_of(name.upper()) is None:
            if drop_unsupported:
                continue
            raise bad(f"Unknown requested attribute: {name}")
        out[name] = _threshold(name, options or {})
    return out


def _languages(value: Any) -> tuple[list[str], list[str]]:
    """The client's valid language codes as sent, and as ISO 639-1; never refuses."""
    if not isinstance(value, list):
        value = [value] if isinstance(value, str) else []
    sent = [v.strip() for v in value if isinstance(v, str) and languages.normalize([v])]
    return sent, languages.normalize(sent)


def _context(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise bad("Invalid value at 'context': expected an object.")
    entries, article = value.get("entries"), value.get("articleAndParentComment")
    if entries and article:
        raise bad(
            "Context can have either entries or article_and_parent_comment, but both fields were populated."
        )
    out: list[str] = []
    for entry in entries or []:
        if isinstance(entry, dict) and isinstance(entry.get("text"), str):
            out.append(entry["text"])
    if isinstance(article, dict):
        for part in ("article", "parentComment"):
            text = (article.get(part) or {}).get("text") if isinstance(article.get(part), dict) else None
            if isinstance(text, str):
                out.append(text)
    return out


def _token(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad(f"Invalid value at '{name}': expected a string.")
    return value


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("Invalid JSON payload received. Expected an object.")
    return body


def parse_request(body: Any) -> AnalyzeRequest:
    """Check an analyze request; raise PerspectiveError(400) the way Perspective would."""
    body = _object(body)
    text = _text(body)
    _context(body.get("context"))
    attributes = _attributes(body.get("requestedAttributes"), bool(body.get("dropUnsupportedAttributes")))
    sent, codes = _languages(body.get("languages"))
    return AnalyzeRequest(
        text=text,
        attributes=attributes,
        languages=sent,
        language_codes=codes,
        span_annotations=bool(body.get("spanAnnotations", False)),
        do_not_store=bool(body.get("doNotStore", False)),
        client_token=_token(body.get("clientToken"), "client_token"),
        community_id=_token(body.get("communityId"), "community_id"),
    )


def _suggested_scores(value: Any) -> tuple[dict[str, float], dict[str, list[dict[str, Any]]]]:
    if not value or not isinstance(value, dict):
        raise bad("attribute_scores must not be empty.")
    scores: dict[str, float] = {}
    spans: dict[str, list[dict[str, Any]]] = {}
    for name, entry in value.items():
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,63}", name):
            raise bad(f"Invalid attribute name in attribute_scores: {str(name)[:64]}")
        if not isinstance(entry, dict) or not entry:
            raise bad(f"attribute_scores[{name}] must not be empty.")
        summary = entry.get("summaryScore")
        value = summary.get("value") if isinstance(summary, dict) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise bad(f"attribute_scores[{name}].summary_score.value must be a number from 0 to 1.")
        scores[name] = float(value)
        if isinstance(entry.get("spanScores"), list):
            spans[name] = [s for s in entry["spanScores"][:100] if isinstance(s, dict)]
    return scores, spans


def parse_suggestion(body: Any) -> Suggestion:
    """Check a suggestscore request; raise PerspectiveError(400) the way Perspective would."""
    body = _object(body)
    text = _text(body)
    scores, spans = _suggested_scores(body.get("attributeScores"))
    sent, codes = _languages(body.get("languages"))
    return Suggestion(
        text=text,
        scores=scores,
        languages=sent,
        language_codes=codes,
        span_scores=spans,
        context=_context(body.get("context")),
        community_id=_token(body.get("communityId"), "community_id"),
        client_token=_token(body.get("clientToken"), "client_token"),
        session_id=_token(body.get("sessionId"), "session_id"),
        do_not_store=bool(body.get("doNotStore", False)),
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
    strings (Commento++ sends ``{comment: {text: "..."}}``); an empty body is ``{}``.
    Raises PerspectiveError(400)."""
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
        try:
            return json.loads(text, strict=False)
        except ValueError:
            return json.loads(_quote_bare_keys(text), strict=False)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise bad("Invalid JSON payload received.") from exc


# -- responses ----------------------------------------------------------------------------------


def _score(value: float) -> dict[str, Any]:
    return {"value": round(float(value), 6), "type": "PROBABILITY"}


@dataclass(frozen=True)
class Scored:
    """What salon found for one analyze request: the whole text's analysis, and with
    ``spanAnnotations`` one analysis per sentence; the language detected; whether the site
    wants text the model cannot judge held."""

    whole: Analysis
    detection: languages.Detection
    sentences: Sequence[tuple[int, int]] = ()
    sentence_analyses: Sequence[Analysis] = ()
    hold_unjudged: bool = False

    def unjudged(self, requested: Sequence[str]) -> bool:
        return not languages.can_judge(languages.judged_language(self.detection, requested))


def detected_languages(detection: languages.Detection) -> list[str]:
    return [] if detection.language == "und" else [detection.language]


def response(req: AnalyzeRequest, scored: Scored) -> dict[str, Any]:
    """The Perspective response for a request and salon's analysis of its text."""
    utf16 = Utf16(req.text)
    whole = perspective_scores(scored.whole.scores)
    parts = [perspective_scores(a.scores) for a in scored.sentence_analyses]
    hold = scored.hold_unjudged and scored.unjudged(req.language_codes)
    scores: dict[str, Any] = {}
    for name, threshold in req.attributes.items():
        category = category_of(name.upper())
        assert category is not None  # parse_request refused the others
        value = HOLD_SCORE if hold else whole[category]
        if threshold is not None and value < threshold:
            continue  # Perspective leaves out attributes under their scoreThreshold
        if req.span_annotations and parts:
            spans = [
                {
                    "begin": utf16.at(b),
                    "end": utf16.at(e),
                    "score": _score(HOLD_SCORE if hold else p[category]),
                }
                for (b, e), p in zip(scored.sentences, parts, strict=True)
            ]
        else:
            spans = [{"begin": 0, "end": utf16.length, "score": _score(value)}]
        scores[name] = {"spanScores": spans, "summaryScore": _score(value)}
    detected = detected_languages(scored.detection)
    out: dict[str, Any] = {
        "attributeScores": scores,
        "languages": req.languages or detected,
        "detectedLanguages": detected,
    }
    if req.client_token is not None:
        out["clientToken"] = req.client_token
    return out


def suggestion_response(s: Suggestion, detection: languages.Detection) -> dict[str, Any]:
    """Perspective's SuggestCommentScoreResponse."""
    out: dict[str, Any] = {
        "detectedLanguages": detected_languages(detection),
        "requestedLanguages": s.languages,
    }
    if s.client_token is not None:
        out["clientToken"] = s.client_token
    return out
