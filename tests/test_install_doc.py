"""The systemd unit and the nginx site in docs/install.md are valid as printed.

Each is taken from the document's fenced block, so the page cannot drift from what is checked:
the unit with `systemd-analyze verify` (no warnings either), the nginx site with `nginx -t` inside
a minimal nginx.conf. Only paths that must exist on the checking machine are pointed elsewhere: the
program the unit starts and the TLS certificate files. Each check is skipped, saying why, when its
tool is missing (`make doc-tools` installs nginx).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALL = ROOT / "docs" / "install.md"
SALON_BIN = "/opt/salon/bin/salon"
CERTS = "/etc/letsencrypt/live/comments.example.com/"


def _block(language: str, must_contain: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", INSTALL.read_text(), re.M | re.S)
    found = [b for b in blocks if must_contain in b]
    assert len(found) == 1, f"docs/install.md has {len(found)} ```{language} blocks with {must_contain!r}"
    return found[0]


def _unit(tmp_path: Path) -> Path:
    text = _block("ini", "[Service]")
    assert f"ExecStart={SALON_BIN} serve" in text
    program = tmp_path / "bin" / "salon"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    unit = tmp_path / "salon.service"
    unit.write_text(text.replace(SALON_BIN, str(program)))
    return unit


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=60
    )


def test_the_systemd_unit_verifies(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    unit = _unit(tmp_path)
    done = _verify(unit)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    # The check itself notices a broken unit (a bad value is a warning).
    unit.write_text(unit.read_text().replace("ProtectHome=yes", "ProtectHome=sometimes"))
    assert "sometimes" in _verify(unit).stderr


def _nginx_conf(tmp_path: Path, site: str) -> Path:
    conf = tmp_path / "nginx.conf"
    (tmp_path / "salon.conf").write_text(site)
    conf.write_text(
        f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/salon.conf;
}}
"""
    )
    return conf


def _nginx_t(tmp_path: Path, conf: Path) -> subprocess.CompletedProcess[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return subprocess.run(
        [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=60
    )


def _certificate(where: Path) -> None:
    where.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=comments.example.com",
            "-keyout", str(where / "privkey.pem"), "-out", str(where / "fullchain.pem"),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def test_the_nginx_site_passes_nginx_t(tmp_path):
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed: `make doc-tools` installs Debian's nginx")
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (needed for a throwaway TLS certificate)")
    site = _block("nginx", "proxy_pass http://salon;")
    assert "X-Forwarded-For $remote_addr" in site, "the proxy replaces X-Forwarded-For, never appends"
    assert re.search(r"location /api/events \{[^}]*proxy_buffering off;", site), "live updates unbuffered"
    certs = tmp_path / "certs"
    _certificate(certs)
    conf = _nginx_conf(tmp_path, site.replace(CERTS, f"{certs}/"))
    done = _nginx_t(tmp_path, conf)
    assert done.returncode == 0, done.stderr
    # And nginx -t does refuse a broken site, so the pass above means something.
    broken = _nginx_conf(tmp_path, site.replace(CERTS, f"{certs}/").replace("proxy_pass", "proxy_pas", 1))
    assert _nginx_t(tmp_path, broken).returncode != 0
