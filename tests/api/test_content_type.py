"""JSON endpoints refuse a body that is not sent as application/json (415 with the error body)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PAGE, SITE_ORIGIN, post

COMMENT = json.dumps({"url": PAGE, "author": {"name": "Ann"}, "body": "From another page."})


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_comment_without_json_content_type_is_refused(client, services, site, content_type):
    headers = {"Origin": SITE_ORIGIN}
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post("/api/comments", content=COMMENT.encode(), headers=headers)
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]
    assert response.headers["access-control-allow-origin"] == SITE_ORIGIN  # the widget can read why
    assert client.get("/api/comments", params={"url": PAGE}).json()["comments"] == []


def test_votes_reports_counts_and_checks_need_json_too(client, site):
    comment_id = post(client, "Hello.").json()["id"]
    for path, body in (
        (f"/api/comments/{comment_id}/vote", {"value": 1}),
        (f"/api/comments/{comment_id}/report", {"reason": "spam"}),
        ("/api/counts", {"urls": [PAGE]}),
        ("/api/comments:check", {"url": PAGE, "body": "hi"}),
    ):
        response = client.post(path, content=json.dumps(body), headers={"Content-Type": "text/plain"})
        assert response.status_code == 415, path


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_with_parameters_or_case_is_accepted(client, site, content_type):
    response = client.post("/api/comments", content=COMMENT.encode(), headers={"Content-Type": content_type})
    assert response.status_code == 201


def test_the_plain_form_route_still_takes_forms(client, site):
    response = client.post(
        "/embed/comment",
        data={"url": PAGE, "body": "No JavaScript here.", "name": "Ann"},
        follow_redirects=False,
    )
    assert response.status_code == 303
