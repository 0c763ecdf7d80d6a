"""DELETE /api/comments/{id}/vote takes a reader's vote back."""

from __future__ import annotations

from tests.conftest import post


def test_a_vote_can_be_taken_back(client, site):
    cid = post(client, "Vote on me").json()["id"]
    up = client.post(f"/api/comments/{cid}/vote", json={"value": 1})
    assert up.json()["score"] == 1
    back = client.delete(f"/api/comments/{cid}/vote")
    assert back.status_code == 200
    assert back.json() == {"id": cid, "score": 0, "upvotes": 0, "downvotes": 0, "value": 0}
    again = client.delete(f"/api/comments/{cid}/vote")
    assert again.status_code == 200 and again.json()["score"] == 0, "nothing to take back is fine"
    other = client.post(f"/api/comments/{cid}/vote", json={"value": -1}, headers={"X-Forwarded-For": "x"})
    assert other.json()["score"] == -1


def test_taking_back_a_vote_on_a_missing_comment_is_404(client, site):
    r = client.delete("/api/comments/999999/vote")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
