"""The dashboard's Perspective feedback page: suggestscore rows, only for a moderator's sites."""

from __future__ import annotations

from salon.actions.apikeys import create_key


def suggest(client, key, text, token):
    body = {
        "comment": {"text": text},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "communityId": "Coral:https://talk.example.com",
        "clientToken": token,
    }
    assert client.post("/v1alpha1/comments:suggestscore", params={"key": key}, json=body).status_code == 200


def test_feedback_page_lists_suggestions_of_the_moderators_sites(
    services, client, site, other_site, as_admin, as_mod
):
    blog_key, _ = create_key(services, "blog-coral", site_name=site.name)
    news_key, _ = create_key(services, "news-coral", site_name=other_site.name)
    suggest(client, blog_key, "Blog comment the moderator rejected", "comment:b1")
    suggest(client, news_key, "News comment the moderator rejected", "comment:n1")
    everything = as_admin.get("/admin/suggestions")
    assert everything.status_code == 200
    assert "comment:b1" in everything.text and "comment:n1" in everything.text
    assert "TOXICITY 1.00" in everything.text
    mine = as_mod.get("/admin/suggestions")
    assert "comment:b1" in mine.text and "comment:n1" not in mine.text
    assert as_mod.get(f"/admin/suggestions?site={other_site.id}").status_code == 404  # not theirs
    filtered = as_admin.get("/admin/suggestions", params={"token": "comment:n1"})
    assert "comment:n1" in filtered.text and "comment:b1" not in filtered.text
    assert 'href="/admin/suggestions"' in everything.text  # in the navigation


def test_feedback_page_needs_sign_in(client):
    r = client.get("/admin/suggestions", follow_redirects=False)
    assert r.status_code in (303, 401, 403)
