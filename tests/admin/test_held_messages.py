"""The held message per language on the dashboard's settings page: one ``code: text`` line each,
saved, shown again, refused with the line named when the code is unknown, and told to readers."""

from __future__ import annotations

from salon.db import sites as site_queries
from tests.conftest import post


def test_held_messages_are_set_on_the_settings_page_and_reach_readers(services, client, site, as_admin):
    page = as_admin.get(f"/admin/sites/{site.id}/settings")
    assert 'name="held_messages"' in page.text
    form = {
        "premoderation": "all",
        "held_messages": "de: Danke! Ein Mensch liest jeden Kommentar.\n"
        "ja: ありがとうございます。確認してから公開します。",
    }
    assert as_admin.post(f"/admin/sites/{site.id}/settings", form).status_code == 303
    with services.db.read() as conn:
        saved = site_queries.get(conn, site.id).settings["held_messages"]
    assert saved == [
        "de: Danke! Ein Mensch liest jeden Kommentar.",
        "ja: ありがとうございます。確認してから公開します。",
    ]
    assert (
        "de: Danke! Ein Mensch liest jeden Kommentar."
        in as_admin.get(f"/admin/sites/{site.id}/settings").text
    )

    assert (
        post(client, "Ein Gedanke.", locale="de").json()["message"]
        == "Danke! Ein Mensch liest jeden Kommentar."
    )
    assert (
        post(client, "考え。", locale="ja").json()["message"]
        == "ありがとうございます。確認してから公開します。"
    )
    assert (
        post(client, "Une idée.", locale="fr").json()["message"]
        == "Votre commentaire est en attente de modération."
    )

    bad = as_admin.post(f"/admin/sites/{site.id}/settings", {"held_messages": "xx: Hallo"})
    assert bad.status_code == 422 and "xx: Hallo" in bad.text
