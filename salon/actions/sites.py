"""Creating and changing sites."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from salon import site_secrets
from salon.actions import moderator_mail
from salon.actions.audit import audit
from salon.db import sites as site_queries
from salon.db import tables as t
from salon.db.engine import now
from salon.db.sites import Site
from salon.errors import SalonError
from salon.services import Services
from salon.urls import BadURL, normalize_origin


def _origins(origins: list[str]) -> list[str]:
    try:
        return sorted({normalize_origin(o) for o in origins})
    except BadURL as exc:
        raise SalonError(
            400, "bad_origin", f"{exc}: origins look like https://example.com", "origins"
        ) from exc


def add_site(services: Services, name: str, origins: list[str], actor: str = "cli") -> tuple[Site, bool]:
    """Create the site, or add origins to it if it exists. Returns (site, created)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise SalonError(400, "bad_name", "a site name is 1 to 100 characters", "name")
    wanted = _origins(origins)
    with services.db.write() as conn:
        for other in site_queries.all_sites(conn):
            clash = set(wanted) & set(other.origins)
            if other.name != name and clash:
                raise SalonError(
                    409, "origin_taken", f"{', '.join(sorted(clash))} already belongs to site {other.name}"
                )
        existing = site_queries.get_by_name(conn, name)
        if existing is None:
            site_id = conn.execute(
                t.sites.insert()
                .values(name=name, origins=wanted, settings={}, created_at=now())
                .returning(t.sites.c.id)
            ).scalar_one()
            audit(
                conn,
                actor,
                "site.create",
                site_id=site_id,
                target_type="site",
                target_id=site_id,
                details={"name": name, "origins": wanted},
            )
            created = True
        else:
            site_id = existing.id
            merged = sorted(set(existing.origins) | set(wanted))
            created = False
            if merged != existing.origins:
                conn.execute(update(t.sites).where(t.sites.c.id == site_id).values(origins=merged))
                audit(
                    conn,
                    actor,
                    "site.origins",
                    site_id=site_id,
                    target_type="site",
                    target_id=site_id,
                    details={"origins": merged},
                )
        site = site_queries.get(conn, site_id)
    assert site is not None
    services.events.publish({"type": "site.changed", "site_id": site.id})
    return site, created


def _redacted(changes: dict[str, Any]) -> dict[str, Any]:
    """Settings changes as the audit log keeps them: secrets named, never written out."""
    return site_secrets.redact(changes, "(set)")[0]


def update_settings(services: Services, site_id: int, changes: dict[str, Any], actor: str) -> Site:
    """Merge setting changes into a site's settings; takes effect at once, audited.

    Moderation policy keys are checked by ``salon.moderation.policy.validate_changes`` (422 with
    the field on a bad value); other keys pass through.
    """
    from salon.moderation.policy import validate_changes

    changes = validate_changes(changes)
    if "oidc" in changes:
        from salon.actions.oidc import validate_config

        changes["oidc"] = validate_config(changes["oidc"])
    changes = moderator_mail.validate(changes)
    with services.db.write() as conn:
        site = site_queries.get(conn, site_id)
        if site is None:
            raise SalonError(404, "not_found", "site not found")
        settings = {**site.settings, **changes}
        values: dict[str, Any] = {"settings": settings}
        if "origins" in changes:
            values["origins"] = _origins(list(changes["origins"]))
            settings.pop("origins")
        conn.execute(update(t.sites).where(t.sites.c.id == site_id).values(**values))
        audit(
            conn,
            actor,
            "site.settings",
            site_id=site_id,
            target_type="site",
            target_id=site_id,
            details={"changes": _redacted(changes)},
        )
        updated = site_queries.get(conn, site_id)
    assert updated is not None
    services.events.publish({"type": "site.changed", "site_id": site_id})
    return updated
