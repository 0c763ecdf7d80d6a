"""`make dist` builds a wheel and an sdist that a site owner installs without a git checkout.

The wheel goes into a fresh virtual environment (its dependencies come from the test venv through a
path file, so nothing is downloaded), and `salon demo` from that environment, run in an empty
directory, serves the demo page and its thread; `salon score` scores with the model inside the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.browser.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

#: What a working install needs besides the code, as paths inside the wheel.
REQUIRED = [
    "salon/web/static/embed.js",
    "salon/web/static/embed.css",
    "salon/web/static/count.js",
    "salon/web/static/admin/htmx.min.js",
    "salon/web/static/locales/en.json",
    "salon/web/templates/embed/thread.html",
    "salon/web/templates/admin/queue.html",
    "salon/web/templates/demo.html",
    "salon/notify/templates/replies.html",
    "salon/notify/locales/en.json",
    "salon/locales/en.json",
    "salon/locales/he.json",
    "salon/moderation/classifiers/model.npz",
    "salon/moderation/classifiers/context.npz",
    "salon/db/migrations/env.py",
    "salon/db/migrations/script.py.mako",
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        ["make", "--no-print-directory", "dist", f"DIST={out}", f"VENV={Path(sys.prefix)}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _one(dist: Path, pattern: str) -> Path:
    [found] = dist.glob(pattern)
    return found


def _migrations() -> list[str]:
    return sorted(p.name for p in (ROOT / "salon" / "db" / "migrations" / "versions").glob("[0-9]*.py"))


def test_the_wheel_and_sdist_carry_the_widget_templates_model_and_migrations(dist):
    wheel = set(zipfile.ZipFile(_one(dist, "salon-*.whl")).namelist())
    missing = [name for name in REQUIRED if name not in wheel]
    assert not missing, f"not in the wheel: {missing}"
    versions = [f"salon/db/migrations/versions/{name}" for name in _migrations()]
    assert versions and all(v in wheel for v in versions), "every migration is in the wheel"
    with tarfile.open(_one(dist, "salon-*.tar.gz")) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        inside = {name.removeprefix(f"{top}/") for name in sdist.getnames()}
    assert {"pyproject.toml", "README.md"} <= inside
    missing = [name for name in [*REQUIRED, *versions] if name not in inside]
    assert not missing, f"not in the sdist: {missing}"


def _fresh_venv(where: Path) -> Path:
    """A new venv whose only salon is the one pip puts there; the dependencies are the test venv's."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=60)
    python = where / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A plain path line: the test venv's own .pth files (its editable salon) are not processed.
    (Path(purelib) / "salon-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SALON_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    return env


def test_salon_demo_runs_from_the_installed_wheel_outside_the_checkout(dist, tmp_path):
    python = _fresh_venv(tmp_path / "venv")
    wheel = _one(dist, "salon-*.whl")
    run = {"capture_output": True, "text": True, "timeout": 180, "cwd": tmp_path, "env": _env()}
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], **run
    )
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([str(python), "-c", "import salon; print(salon.__file__)"], **run).stdout.strip()
    assert where.startswith(str(tmp_path / "venv")), f"salon imported from {where}, not the wheel"

    salon = tmp_path / "venv" / "bin" / "salon"
    scored = subprocess.run([str(salon), "score", "you are an idiot"], **run)
    assert scored.returncode == 0, scored.stderr
    assert "insult" in scored.stdout, scored.stdout

    port = free_port()
    db = tmp_path / "demo.db"
    proc = subprocess.Popen(
        [str(salon), "demo", "--db", str(db), "--port", str(port)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[0]
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("salon demo did not start")
        demo = httpx.get(f"{base}/demo", timeout=10)
        assert demo.status_code == 200 and "/embed.js" in demo.text
        thread = httpx.get(f"{base}/api/comments", params={"url": f"{base}/demo"}, timeout=10)
        assert thread.status_code == 200, thread.text
        assert len(thread.json()["comments"]) >= 3
        page = httpx.get(f"{base}/embed/thread", params={"url": f"{base}/demo", "page": "1"}, timeout=10)
        assert page.status_code == 200 and "salon-c-" in page.text
        widget = httpx.get(f"{base}/embed.js", timeout=10)
        assert widget.status_code == 200 and len(widget.content) > 1000
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert db.exists(), "the demo database is where it was asked for, outside the checkout"
