"""Display names: no invisible-only names, no bidi tricks, no passing for the site's moderators."""

from __future__ import annotations

import pytest

from salon.actions.users import create_user
from salon.models import Role
from tests.conftest import post


@pytest.mark.parametrize(
    "name",
    [
        "\u200b",
        "\u200b\u200c\u200d",
        "\u3164\u3164",
        "\u202e\u202d",
        "\u2800",
        "\ufeff \u2060",
        "\u0301\u0301",
    ],
)
def test_names_of_only_invisible_characters_are_refused(client, site, name):
    response = post(client, name=name)
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "empty_name",
        "message": response.json()["error"]["message"],
        "field": "author.name",
    }


def test_bidi_overrides_and_invisible_characters_are_removed(client, site):
    response = post(client, name="\u202eNIMDA\u202c Sm\u200bith\u2066")
    assert response.status_code == 201
    assert response.json()["author"]["name"] == "NIMDA Smith"
    page = client.get("/embed/thread", params={"url": response.json()["url"]})
    assert "\u202e" not in page.text and "\u200b" not in page.text


def test_joiners_that_shape_a_name_are_kept(client, site):
    response = post(client, name="👩\u200d💻 Shirin")
    assert response.status_code == 201
    assert response.json()["author"]["name"] == "👩\u200d💻 Shirin"


@pytest.mark.parametrize(
    "name", ["Admin", "ADMIN", "\u13aadmin", "Moderator", "m\u043ederator", "\u202eNIMDA\u202c"]
)
def test_role_names_are_refused(client, site, name):
    response = post(client, name=name)
    expected = 201 if name.startswith("\u202e") else 422  # "NIMDA" reads as what it is once the override goes
    assert response.status_code == expected
    if expected == 422:
        assert response.json()["error"]["code"] == "name_taken"


def test_a_moderators_name_and_its_lookalikes_are_refused(client, services, site):
    create_user(
        services,
        "maria@example.org",
        "long enough password",
        Role.MODERATOR,
        ["blog"],
        display_name="Maria Rossi",
    )
    for name in ("Maria Rossi", "maria rossi", "Mar\u0456a R\u043essi", "Maria  Rossi"):
        response = post(client, name=name)
        assert response.status_code == 422, name
        assert response.json()["error"]["code"] == "name_taken"
    assert post(client, name="Mario Rossi").status_code == 201
    assert post(client, name="Maria").status_code == 201


def test_a_moderator_of_another_site_does_not_reserve_a_name_here(client, services, site):
    from salon.actions.sites import add_site

    add_site(services, "elsewhere", ["https://elsewhere.example"])
    create_user(
        services,
        "eve@example.org",
        "long enough password",
        Role.MODERATOR,
        ["elsewhere"],
        display_name="Eve Lind",
    )
    assert post(client, name="Eve Lind").status_code == 201
