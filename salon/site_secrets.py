"""Which of a site's settings are secrets, and how they are kept out of what leaves the server.

A secret is a setting whose key, at any depth, is named like one (``SECRET_NAME``): today the
site's own sign-in key ``sso_secret`` and each sign-in provider's ``oidc.<id>.client_secret``;
any key a site owner adds named ``…_secret``, ``…_password``, ``…_api_key``, ``…_token``… is
treated the same. The audit log names them without their values; ``salon export`` writes them
as ``null`` and lists their paths in its first line; ``salon import`` keeps the target's own.
(Webhook signing secrets live in their own table and the mail server's password in the
install's settings: neither is part of a site's settings, and no export carries them.)
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from typing import Any

#: A key naming a secret: ``secret``, ``password``, ``api_key``, ``token``… alone or as a suffix
#: after ``_`` (``client_secret``, ``smtp_password``); not ``token_url`` or ``token_auth``.
SECRET_NAME = re.compile(
    r"(?:^|_)(?:secret|password|passwd|api_key|apikey|private_key|access_token|refresh_token|token)$",
    re.IGNORECASE,
)

Path = tuple[str, ...]


def _walk(value: Any, path: Path) -> Iterator[Path]:
    if not isinstance(value, Mapping):
        return
    for key, inner in value.items():
        here = (*path, str(key))
        if SECRET_NAME.search(str(key)):
            if inner not in (None, ""):
                yield here
        else:
            yield from _walk(inner, here)


def secret_paths(settings: Mapping[str, Any] | None) -> list[Path]:
    """Where these settings hold a secret that is set (empty and null ones are not secrets)."""
    return list(_walk(settings or {}, ()))


def _get(settings: Mapping[str, Any], path: Path) -> Any:
    value: Any = settings
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _put(settings: dict[str, Any], path: Path, value: Any) -> None:
    inner = settings
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = value


def redact(settings: Mapping[str, Any] | None, marker: Any = None) -> tuple[dict[str, Any], list[Path]]:
    """A copy of the settings with every secret replaced by ``marker``, and the paths replaced."""
    out = copy.deepcopy(dict(settings or {}))
    paths = secret_paths(out)
    for path in paths:
        _put(out, path, marker)
    return out, paths


def keep_own(
    incoming: Mapping[str, Any], current: Mapping[str, Any], redacted: list[Path]
) -> tuple[dict[str, Any], list[Path]]:
    """Settings from an export merged over the site's ``current`` ones, each redacted secret
    taken from ``current`` where it has one; and the redacted paths it has none for (they stay
    ``null``: switched off until set again)."""
    merged = {**copy.deepcopy(dict(current)), **copy.deepcopy(dict(incoming))}
    missing = []
    for path in redacted:
        if not path or not isinstance(_get(merged, path[:-1]), dict):
            continue  # the export no longer has the place this secret was in
        own = _get(current, path)
        _put(merged, path, None if own in (None, "") else own)
        if own in (None, ""):
            missing.append(path)
    return merged, missing


def dotted(path: Path) -> str:
    return ".".join(path)
