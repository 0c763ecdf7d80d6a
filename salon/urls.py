"""Page URLs: one canonical form per article, and the origin that decides which site owns it."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that never change which article a URL names.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "_ga"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}
#: One DNS label once the host is in its ASCII (IDNA) form; underscores occur in real hosts.
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
#: Controls and spaces: a browser always escapes them, so no page's URL has them.
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f]")


class BadURL(ValueError):
    """The text is not an absolute http(s) URL."""


def normalize_url(url: str) -> str:
    """Canonical page URL: lower-case scheme and host, no default port, no fragment, no tracking
    parameters (utm_*, fbclid, …), remaining parameters sorted, no trailing slash except the root.
    """
    url = url.strip()
    if len(url) > 2000:
        raise BadURL("the URL is longer than 2000 characters")
    if _FORBIDDEN.search(url):
        raise BadURL("the URL holds spaces or control characters")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as exc:  # an unclosed "[" or a bad IPv6 literal
        raise BadURL("the URL's host is not valid") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not hostname:
        raise BadURL("give the page's absolute http:// or https:// URL")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadURL("the URL's port is not a number from 1 to 65535") from exc
    host = hostname.lower()
    check_host(host)
    shown = f"[{host}]" if ":" in host else host
    netloc = shown if port in (None, DEFAULT_PORTS[scheme]) else f"{shown}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def check_host(host: str) -> None:
    """Refuse what is no host name or IP address (``<b>x</b>``, ``a..b``, ``-x.example``)."""
    if ":" in host:  # urlsplit has taken the brackets off an IPv6 literal
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError as exc:
            raise BadURL("the URL's host is not a valid IPv6 address") from exc
        return
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadURL("the URL's host is not a valid host name") from exc
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise BadURL("the URL's host is not a valid host name")


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a (normalised or not) URL."""
    parts = urlsplit(normalize_url(url))
    return f"{parts.scheme}://{parts.netloc}"


def normalize_origin(origin: str) -> str:
    """Canonical origin for a site's allowed-origins list; accepts a URL with a path too."""
    return origin_of(origin if "://" in origin else f"https://{origin}")
