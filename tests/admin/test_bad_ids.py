"""Dashboard routes and forms with ids past 2^63-1 or NUL characters: a 4xx, never a 500."""

from __future__ import annotations

import pytest

HUGE = str(2**63)
HUGER = "1" * 30


@pytest.mark.parametrize("bad", [HUGE, HUGER])
def test_dashboard_pages_and_forms_with_huge_ids(as_admin, site, bad):
    for path in (f"/admin/comments/{bad}", f"/admin/authors/{bad}", f"/admin/comments/{bad}/edit"):
        response = as_admin.get(path, follow_redirects=False)
        assert 400 <= response.status_code < 500, (path, response.status_code)
    for path, data in (
        (f"/admin/comments/{bad}/decide", {"action": "approve"}),
        (f"/admin/comments/{bad}/pin", {}),
        (f"/admin/threads/{bad}/lock", {}),
        (f"/admin/authors/{bad}/bulk", {"action": "approve"}),
        (f"/admin/authors/{bad}/export", {}),
        (f"/admin/authors/{bad}/erase", {"confirm": "ERASE"}),
        (f"/admin/sites/{bad}/settings/preview", {"banned_words": "x"}),
        (f"/admin/sanctions/{bad}/lift", {}),
        (f"/admin/account/sessions/{bad}/end", {}),
        ("/admin/bulk", {"action": "approve", "ids": [bad]}),
    ):
        response = as_admin.post(path, data)
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text[:200])
    for query in (f"?site={bad}", f"?thread={bad}", f"?author={bad}", f"?before={bad}", "?q=a%00b"):
        response = as_admin.get(f"/admin{query}", follow_redirects=False)
        assert response.status_code < 500, (query, response.status_code)
    assert as_admin.get(f"/admin/audit?before={bad}").status_code < 500
