"""The moderation dashboard: server-rendered pages under /admin, enhanced with htmx.

Modules by job: auth.py (sessions, CSRF, login), queues.py (queue pages), views.py (decisions
and sanctions), settings_views.py (sites and their settings), audit_views.py (the audit log),
routes.py (the router that gathers them), cli.py (`salon admin …`).
"""
