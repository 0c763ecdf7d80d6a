"""Write the OpenAPI document the app serves to openapi.json (committed; a test fails on drift)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any


def generate() -> dict[str, Any]:
    from salon.app import create_app
    from salon.db.engine import Database
    from salon.services import Services
    from salon.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(database_url=f"{tmp}/spec.db", classifier="null")
        services = Services(settings=settings, db=Database(settings.database_url), secret="spec")
        try:
            return create_app(settings, services).openapi()
        finally:
            services.close()


def render() -> str:
    return json.dumps(generate(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "openapi.json")
    target.write_text(render())
    print(f"wrote {target}")
