"""Page URLs: one canonical form per article, and the origin that decides which site owns it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that never change which article a URL names.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "_ga"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


class BadURL(ValueError):
    """The text is not an absolute http(s) URL."""


def normalize_url(url: str) -> str:
    """Canonical page URL: lower-case scheme and host, no default port, no fragment, no tracking
    parameters (utm_*, fbclid, …), remaining parameters sorted, no trailing slash except the root.
    """
    url = url.strip()
    if len(url) > 2000:
        raise BadURL("the URL is longer than 2000 characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise BadURL("give the page's absolute http:// or https:// URL")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL("the URL's port is not a number") from exc
    host = parts.hostname.lower()
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a (normalised or not) URL."""
    parts = urlsplit(normalize_url(url))
    return f"{parts.scheme}://{parts.netloc}"


def normalize_origin(origin: str) -> str:
    """Canonical origin for a site's allowed-origins list; accepts a URL with a path too."""
    return origin_of(origin if "://" in origin else f"https://{origin}")
