"""Validate every API response the suite sees against the committed openapi.json."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.json"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC_PATH.read_text())  # type: ignore[no-any-return]


@cache
def _registry() -> Registry:
    return Registry().with_resource("spec", Resource.from_contents(spec(), default_specification=DRAFT202012))


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for template in spec()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        out.append((re.compile(pattern), template))
    return out


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: ("spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rewrite_refs(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node


def check_response(method: str, path: str, status: int, content_type: str, body: bytes) -> None:
    """Raise AssertionError if the response is not what the spec says for this operation."""
    if method.upper() in ("OPTIONS", "HEAD"):
        return  # CORS preflights and HEAD are answered by the server, not described as operations
    template = next((tpl for pattern, tpl in _templates() if pattern.match(path)), None)
    if template is None:
        return  # not an API path (HTML pages, static files)
    operation = spec()["paths"][template].get(method.lower())
    assert operation is not None, f"{method} {template} is not in openapi.json"
    responses = operation["responses"]
    declared = responses.get(str(status)) or responses.get("default")
    assert declared is not None, f"{method} {template} answered {status}, which openapi.json does not declare"
    if status == 204 or not body:
        return
    media = content_type.split(";")[0].strip()
    content = declared.get("content", {})
    assert media in content, f"{method} {template} {status} answered {media}, spec says {list(content)}"
    schema = content[media].get("schema")
    if schema is None or media != "application/json":
        return
    validator = jsonschema.Draft202012Validator(_rewrite_refs(schema), registry=_registry())
    errors = sorted(validator.iter_errors(json.loads(body)), key=lambda e: list(e.path))
    assert not errors, (
        f"{method} {path} {status} does not match openapi.json: {errors[0].message} at {list(errors[0].path)}"
    )
