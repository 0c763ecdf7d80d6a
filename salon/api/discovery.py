"""Google's discovery document for the Perspective API (``commentanalyzer``, ``v1alpha1``).

Google's discovery-based clients (google-api-python-client's ``discovery.build``, the Node and
Go ``googleapis`` generators) fetch a description of the API before they call it.  salon serves
one at both of Google's paths::

    /$discovery/rest?version=v1alpha1
    /discovery/v1/apis/commentanalyzer/v1alpha1/rest

describing ``comments.analyze`` and ``comments.suggestscore``.  Its ``rootUrl`` is the install's
``public_url`` when set, else the address the request came to, so the client calls back here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from salon import __version__
from salon.api.public import services_of
from salon.moderation.perspective_attributes import SCORED

router = APIRouter(include_in_schema=False)

NAME, VERSION = "commentanalyzer", "v1alpha1"


def _obj(description: str, **properties: Any) -> dict[str, Any]:
    return {"type": "object", "description": description, "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": name}


def _str(description: str) -> dict[str, str]:
    return {"type": "string", "description": description}


def _list(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"type": "array", "items": items, "description": description}


def _map(values: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": values, "description": description}


_SCHEMAS: dict[str, dict[str, Any]] = {
    "TextEntry": _obj(
        "Represents a body of text.",
        text=_str("UTF-8 encoded text."),
        type={"type": "string", "enum": ["TEXT_TYPE_UNSPECIFIED", "PLAIN_TEXT", "HTML"]},
    ),
    "Context": _obj(
        "Context is typically something that a Comment is referencing or replying to.",
        entries=_list(_ref("TextEntry")),
        articleAndParentComment=_ref("ArticleAndParentComment"),
    ),
    "ArticleAndParentComment": _obj(
        "A type of context specific to a comment left on a single-threaded comment message board.",
        article=_ref("TextEntry"),
        parentComment=_ref("TextEntry"),
    ),
    "AttributeParameters": _obj(
        "Configurable parameters for attribute scoring.",
        scoreType={"type": "string", "enum": ["SCORE_TYPE_UNSPECIFIED", "PROBABILITY"]},
        scoreThreshold={"type": "number", "format": "float"},
    ),
    "Score": _obj(
        "Analysis scores are described by a value and a ScoreType.",
        value={"type": "number", "format": "float"},
        type={"type": "string", "enum": ["SCORE_TYPE_UNSPECIFIED", "PROBABILITY"]},
    ),
    "SpanScore": _obj(
        "This is a single score for a given span of text (UTF-16 code units).",
        begin={"type": "integer", "format": "int32"},
        end={"type": "integer", "format": "int32"},
        score=_ref("Score"),
    ),
    "AttributeScores": _obj(
        "This holds score values for a single attribute.",
        summaryScore=_ref("Score"),
        spanScores=_list(_ref("SpanScore")),
    ),
    "AnalyzeCommentRequest": _obj(
        "The comment analysis request message.",
        comment=_ref("TextEntry"),
        context=_ref("Context"),
        requestedAttributes=_map(
            _ref("AttributeParameters"), "Attributes to score: " + ", ".join(sorted(SCORED)) + "."
        ),
        spanAnnotations={"type": "boolean", "description": "Score each sentence as a span."},
        languages=_list({"type": "string"}, "ISO 639-1 or BCP-47 codes; detected when absent."),
        doNotStore={"type": "boolean"},
        dropUnsupportedAttributes={"type": "boolean"},
        clientToken=_str("Opaque token that is echoed from the request to the response."),
        sessionId=_str("Session ID."),
        communityId=_str("Community the comment belongs to."),
    ),
    "AnalyzeCommentResponse": _obj(
        "The comment analysis response message.",
        attributeScores=_map(_ref("AttributeScores"), "Scores by attribute name."),
        languages=_list({"type": "string"}),
        detectedLanguages=_list({"type": "string"}),
        clientToken=_str("The same token from the request."),
    ),
    "SuggestCommentScoreRequest": _obj(
        "Suggested scores for a comment, kept as the site's moderation feedback.",
        comment=_ref("TextEntry"),
        context=_ref("Context"),
        attributeScores=_map(_ref("AttributeScores"), "Suggested scores by attribute name."),
        languages=_list({"type": "string"}),
        communityId=_str("Community the comment belongs to."),
        clientToken=_str("Opaque token that is echoed from the request to the response."),
        sessionId=_str("Session ID."),
    ),
    "SuggestCommentScoreResponse": _obj(
        "The comment score suggestion response message.",
        detectedLanguages=_list({"type": "string"}),
        requestedLanguages=_list({"type": "string"}),
        clientToken=_str("The same token from the request."),
    ),
}
for _name, _schema in _SCHEMAS.items():
    _schema["id"] = _name


def _method(name: str, request: str, response: str, description: str) -> dict[str, Any]:
    return {
        "id": f"{NAME}.comments.{name}",
        "path": f"{VERSION}/comments:{name}",
        "flatPath": f"{VERSION}/comments:{name}",
        "httpMethod": "POST",
        "parameters": {},
        "parameterOrder": [],
        "request": _ref(request),
        "response": _ref(response),
        "description": description,
    }


_PARAMETERS: dict[str, dict[str, Any]] = {
    "key": {"type": "string", "location": "query", "description": "API key from `salon apikey create`."},
    "alt": {"type": "string", "location": "query", "default": "json", "enum": ["json"]},
    "fields": {"type": "string", "location": "query", "description": "Ignored: the whole response is sent."},
    "prettyPrint": {"type": "boolean", "location": "query", "default": "true"},
    "quotaUser": {"type": "string", "location": "query"},
    "$.xgafv": {"type": "string", "location": "query", "enum": ["1", "2"]},
}


def document(root_url: str) -> dict[str, Any]:
    """The discovery document, with ``root_url`` (ending in ``/``) as the API's address."""
    return {
        "kind": "discovery#restDescription",
        "discoveryVersion": "v1",
        "id": f"{NAME}:{VERSION}",
        "name": NAME,
        "version": VERSION,
        "revision": __version__,
        "title": "Perspective Comment Analyzer API (salon)",
        "description": "Perspective's comment analysis, answered by salon's own model.",
        "ownerName": "salon",
        "protocol": "rest",
        "rootUrl": root_url,
        "servicePath": "",
        "baseUrl": root_url,
        "batchPath": "batch",
        "parameters": _PARAMETERS,
        "schemas": _SCHEMAS,
        "resources": {
            "comments": {
                "methods": {
                    "analyze": _method(
                        "analyze",
                        "AnalyzeCommentRequest",
                        "AnalyzeCommentResponse",
                        "Analyzes the provided text and returns scores for requested attributes.",
                    ),
                    "suggestscore": _method(
                        "suggestscore",
                        "SuggestCommentScoreRequest",
                        "SuggestCommentScoreResponse",
                        "Suggest comment scores as training data.",
                    ),
                }
            }
        },
    }


def _root(request: Request) -> str:
    public = services_of(request).settings.public_url
    return (public.rstrip("/") if public else str(request.base_url).rstrip("/")) + "/"


def _not_found(what: str) -> JSONResponse:
    body = {
        "error": {"code": 404, "message": f"Discovery document not found for {what}.", "status": "NOT_FOUND"}
    }
    return JSONResponse(body, status_code=404)


@router.get("/$discovery/rest")
def discovery_rest(request: Request, version: str = VERSION) -> JSONResponse:
    if version != VERSION:
        return _not_found(f"API service: {NAME} version: {version}")
    return JSONResponse(document(_root(request)))


@router.get("/discovery/v1/apis/{api}/{version}/rest")
def discovery_v1(request: Request, api: str, version: str) -> JSONResponse:
    if (api, version) != (NAME, VERSION):
        return _not_found(f"API: {api} version: {version}")
    return JSONResponse(document(_root(request)))
