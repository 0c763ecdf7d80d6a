"""Keeping what Perspective clients suggest (``comments:suggestscore``): a site's moderator
decisions, as training signal for learning from that site and for the dashboard to show.

Coral sends one suggestion per moderator decision (score 0 for approved, 1 for rejected) with
``clientToken: "comment:<id>"`` and ``communityId: "Coral:<tenant URL>"``.  A request with
``doNotStore`` is answered but never reaches this module. Each stored suggestion also trains the
site's adjustment (``salon.actions.learning.learn_from_suggestion``), as a moderator's decision
does.
"""

from __future__ import annotations

from salon.actions import learning as learning_actions
from salon.actions.apikeys import ApiKey
from salon.actions.audit import audit
from salon.db import tables as t
from salon.db.engine import now
from salon.moderation.languages import Detection
from salon.moderation.perspective import Suggestion
from salon.services import Services

#: Longest community id, client token or session id kept (longer ones are cut).
MAX_TOKEN = 200


def _cut(value: str | None) -> str | None:
    return None if value is None else value[:MAX_TOKEN]


def record(services: Services, key: ApiKey, s: Suggestion, detection: Detection) -> int:
    """Store one suggestion with the key that sent it, then learn from it; returns its id."""
    with services.db.write() as conn:
        row_id = conn.execute(
            t.perspective_suggestions.insert()
            .values(
                api_key_id=key.id,
                site_id=key.site_id,
                community_id=_cut(s.community_id),
                client_token=_cut(s.client_token),
                session_id=_cut(s.session_id),
                text=s.text,
                languages=s.languages,
                detected_language=detection.language[:16],
                scores=s.scores,
                span_scores=s.span_scores,
                context=s.context,
                created_at=now(),
            )
            .returning(t.perspective_suggestions.c.id)
        ).scalar_one()
        audit(
            conn,
            f"apikey:{key.id}",
            "perspective.suggest",
            site_id=key.site_id,
            target_type="perspective_suggestion",
            target_id=row_id,
            details={"scores": s.scores, "client_token": _cut(s.client_token)},
        )
    learning_actions.learn_from_suggestion(services, key.site_id, int(row_id))
    return int(row_id)
