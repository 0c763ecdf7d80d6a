"""Small pure pieces: URL canonical form, markup, settings precedence, rate windows."""

from __future__ import annotations

import time

import pytest

from salon.markup import render
from salon.ratelimit import MemoryRateLimiter
from salon.settings import SettingsError, load_settings, normalize_database_url
from salon.urls import BadURL, normalize_origin, normalize_url
from tests.conftest import sleep_until_late_in_a_second


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://Example.COM/a/", "https://example.com/a"),
        ("https://example.com:443/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("http://example.com:8080/a#comments", "http://example.com:8080/a"),
        ("https://example.com/a?utm_source=x&fbclid=y&id=3", "https://example.com/a?id=3"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_normalize_url(raw, canonical):
    assert normalize_url(raw) == canonical


@pytest.mark.parametrize("bad", ["", "example.com/a", "ftp://example.com/", "https://", "http://x:port/"])
def test_bad_urls(bad):
    with pytest.raises(BadURL):
        normalize_url(bad)


def test_normalize_origin():
    assert normalize_origin("HTTPS://Blog.Example.com/path") == "https://blog.example.com"
    assert normalize_origin("blog.example.com") == "https://blog.example.com"


def test_markup_allow_list():
    html = render("# Title\n\n<iframe src=x></iframe>\n\n> quote\n\n`code` ~~gone~~")
    assert "<h1" not in html and "<iframe" not in html
    assert "<blockquote>" in html and "<code>code</code>" in html and "<s>gone</s>" in html


def test_markup_links_get_rel():
    html = render("[site](https://example.com) and <https://x.example>")
    assert html.count('rel="nofollow ugc noopener"') == 2


def test_settings_precedence(tmp_path, monkeypatch):
    config = tmp_path / "salon.toml"
    config.write_text('port = 9000\nhost = "0.0.0.0"\nmax_body_chars = 500\n')
    monkeypatch.setenv("SALON_PORT", "9100")
    s = load_settings(config, host="10.0.0.1")
    assert (s.port, s.host, s.max_body_chars) == (9100, "10.0.0.1", 500)


def test_settings_errors_say_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("SALON_PORT", "eighty")
    with pytest.raises(SettingsError, match="port"):
        load_settings()
    monkeypatch.delenv("SALON_PORT")
    with pytest.raises(SettingsError, match="not found"):
        load_settings(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("port = = 1")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(tmp_path / "bad.toml")
    (tmp_path / "typo.toml").write_text("prot = 1")
    with pytest.raises(SettingsError, match="prot"):
        load_settings(tmp_path / "typo.toml")


def test_database_url_forms():
    assert normalize_database_url("data/salon.db") == "sqlite:///data/salon.db"
    assert normalize_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_rate_limiter_window():
    limiter = MemoryRateLimiter()
    assert [limiter.hit("k", 2, 60) for _ in range(2)] == [0.0, 0.0]
    assert 1 <= limiter.hit("k", 2, 60) <= 60
    assert limiter.hit("other", 2, 60) == 0.0


def test_rate_limit_window_moves_with_the_clock():
    """Two posts just before a second's boundary and one just after: still three in one second."""
    limiter = MemoryRateLimiter()
    sleep_until_late_in_a_second()
    assert [limiter.hit("k", 2, 1) for _ in range(2)] == [0.0, 0.0]
    time.sleep(0.25)  # the next second has begun
    assert limiter.hit("k", 2, 1) == 1.0
    time.sleep(1.0)  # a whole second after the first two
    assert limiter.hit("k", 2, 1) == 0.0
