"""The docs keep up with the code: every setting is documented, the README opens with its commands."""

from __future__ import annotations

from pathlib import Path

from salon.db.sites import SITE_DEFAULTS
from salon.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented():
    text = (ROOT / "docs" / "settings.md").read_text()
    for name in Settings.model_fields:
        documented = f"`{name}`" in text and f"`SALON_{name.upper()}`" in text
        assert documented, f"{name} missing from docs/settings.md"
    for key in SITE_DEFAULTS:
        assert f"`{key}`" in text, f"site setting {key} missing from docs/settings.md"


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()]
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert block[0].startswith("make demo") and block[1].startswith("make test")
    makefile = (ROOT / "Makefile").read_text()
    assert "\ndemo:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
