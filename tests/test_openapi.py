"""The committed openapi.json is valid OpenAPI 3.1 and is what the code serves."""

from __future__ import annotations

import json

from openapi_spec_validator import validate

from salon.openapi_doc import render
from tests.openapi_check import SPEC_PATH


def test_spec_is_valid_openapi_31():
    spec = json.loads(SPEC_PATH.read_text())
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_committed_spec_matches_code():
    assert SPEC_PATH.read_text() == render(), "openapi.json is stale: run `make openapi` and commit it"


def test_served_spec_is_the_committed_one(client):
    assert client.get("/openapi.json").json() == json.loads(SPEC_PATH.read_text())
