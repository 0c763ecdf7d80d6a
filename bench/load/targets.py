"""The three servers under load: salon (1 worker, or N workers + Redis), Isso under gunicorn, nginx.

Each target seeds its own store with the same threads from corpus.py and knows the URLs of a
thread GET and a comment POST. Isso lives in its own venv, installed on first use with pip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from bench.load import corpus
from bench.load.procs import Reaper, free_port, wait_ready

ORIGIN = "https://news.example.org"
THREAD_PATH = "/articles/thread-{size}"
POST_PATH = "/articles/post-bench"
POST_AUTHOR = "Load Reader"


def thread_path(size: int) -> str:
    return THREAD_PATH.format(size=size)


@dataclass
class Running:
    name: str
    base: str
    proc: subprocess.Popen[bytes]


# -- salon ------------------------------------------------------------------------------------


def seed_salon(db_path: Path, threads: dict[int, list[corpus.Seed]]) -> dict[str, int]:
    """Seed through salon's own write door (actions), as the widget's posts would arrive."""
    from salon.actions import comments as actions
    from salon.actions.sites import add_site
    from salon.services import build_services
    from salon.settings import load_settings

    settings = load_settings(
        database_url=f"sqlite:///{db_path}", classifier="null", rate_limit_posts=10**9, redis_url=""
    )
    services = build_services(settings)
    # The seed is an already-moderated thread: no policy, so flood and duplicate checks cannot
    # hold a parent that later seeds reply to. The POST workload runs the full policy.
    if hasattr(services, "phases"):
        services.phases = []
    statuses: dict[str, int] = {}
    try:
        add_site(services, "news", [ORIGIN])
        for size, seeds in threads.items():
            url = ORIGIN + thread_path(size)
            ids: list[int] = []
            for i, s in enumerate(seeds):
                posted = actions.create_comment(
                    services,
                    actions.NewComment(
                        url=url,
                        body=s.body,
                        author_name=s.author,
                        author_email=s.email,
                        author_website=s.website,
                        parent_id=ids[s.parent] if s.parent is not None else None,
                        client_address=f"192.0.2.{i % 250}",
                        title=f"Thread of {size}",
                    ),
                )
                ids.append(posted.comment.id)
                statuses[posted.comment.status] = statuses.get(posted.comment.status, 0) + 1
    finally:
        services.close()
    return statuses


def start_salon(
    reaper: Reaper, db_path: Path, log: Path, *, workers: int, redis_url: str, classifier: str
) -> Running:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "salon",
        "serve",
        "--db",
        str(db_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if workers > 1:
        argv += ["--workers", str(workers), "--redis", redis_url]
    env = {
        **os.environ,
        "SALON_RATE_LIMIT_POSTS": str(10**9),
        "SALON_CLASSIFIER": classifier,
        "SALON_LOG_LEVEL": "warning",
        # Deployed behind a proxy: the POST load names a different reader address per request.
        "SALON_TRUST_FORWARDED": "true",
    }
    proc = reaper.start(argv, env=env, log=log)
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/healthz", proc, log)
    return Running(f"salon-{workers}w", base, proc)


def salon_get_path(size: int) -> str:
    # limit=200: the whole thread in one answer, as Isso sends it (tops are capped at 200).
    return f"/api/comments?url={ORIGIN}{thread_path(size)}&limit={corpus.MAX_TOP}"


def salon_post_prefix() -> str:
    return json.dumps({"url": ORIGIN + POST_PATH, "author": {"name": POST_AUTHOR}})[:-1] + ',"body":'


# -- Isso -------------------------------------------------------------------------------------


def ensure_isso(venv_dir: Path) -> tuple[Path | None, str]:
    """The Isso venv's bin/ (created and filled with pip on first use), or None and why not."""
    bin_dir = venv_dir / "bin"
    check = [str(bin_dir / "python"), "-c", "import isso, gunicorn"]
    if (bin_dir / "gunicorn").exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return bin_dir, "ready"
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
        pip = subprocess.run(
            [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "isso", "gunicorn"],
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"could not create the Isso venv at {venv_dir}: {exc}"
    if pip.returncode != 0:
        return None, f"pip install isso gunicorn failed: {pip.stderr.strip()[-600:]}"
    return bin_dir, "installed"


def isso_version(bin_dir: Path) -> str:
    out = subprocess.run(
        [str(bin_dir / "python"), "-c", "import importlib.metadata as m; print(m.version('isso'))"],
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() or "?"


def _isso_config(workdir: Path, port: int) -> Path:
    cfg = workdir / "isso.cfg"
    cfg.write_text(
        "[general]\n"
        f"dbpath = {workdir / 'isso.db'}\n"
        f"host = http://127.0.0.1:{port}/\n"
        "[moderation]\nenabled = false\n"
        "[guard]\nenabled = false\n"
        "[server]\nlisten = http://127.0.0.1:{port}/\n".replace("{port}", str(port))
    )
    return cfg


def seed_isso(bin_dir: Path, workdir: Path, threads: dict[int, list[corpus.Seed]], port: int) -> Path:
    cfg = _isso_config(workdir, port)
    data = {
        thread_path(size): [
            {"author": s.author, "email": s.email, "website": s.website, "text": s.body, "parent": s.parent}
            for s in seeds
        ]
        for size, seeds in threads.items()
    }
    data[POST_PATH] = []
    seed_json = workdir / "isso-seed.json"
    seed_json.write_text(json.dumps(data))
    script = Path(__file__).with_name("isso_seed.py")
    subprocess.run(
        [str(bin_dir / "python"), str(script), str(cfg), str(seed_json)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return cfg


def start_isso(reaper: Reaper, bin_dir: Path, cfg: Path, port: int, log: Path, workers: int = 4) -> Running:
    argv = [str(bin_dir / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--preload", "isso.run"]
    proc = reaper.start(argv, env={**os.environ, "ISSO_SETTINGS": str(cfg)}, log=log)
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/?uri=" + thread_path(corpus.SIZES[0]), proc, log)
    return Running(f"isso-{workers}w", base, proc)


def isso_get_path(size: int) -> str:
    return "/?uri=" + thread_path(size)


def isso_post_prefix() -> str:
    return json.dumps({"author": POST_AUTHOR})[:-1] + ',"text":'


# -- nginx ------------------------------------------------------------------------------------


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def start_nginx(reaper: Reaper, binary: str, workdir: Path, bodies: dict[int, bytes], log: Path) -> Running:
    """nginx serving salon's exact response bytes from files: the ceiling for a GET."""
    root = workdir / "nginx"
    www = root / "www" / "t"
    www.mkdir(parents=True, exist_ok=True)
    for size, body in bodies.items():
        (www / f"{size}.json").write_bytes(body)
    for d in (workdir, root, root / "www", www):
        d.chmod(0o755)  # workers run as an unprivileged user when started as root
    port = free_port()
    temp = "".join(
        f"  {k}_temp_path {root}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = root / "nginx.conf"
    conf.write_text(
        "worker_processes auto;\ndaemon off;\n"
        f"pid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
        "  keepalive_requests 1000000;\n  keepalive_timeout 65;\n"
        f"{temp}"
        f"  server {{\n    listen 127.0.0.1:{port};\n"
        f"    location /t/ {{ root {root}/www; default_type application/json; }}\n"
        "    location = /healthz { return 200 'ok'; }\n  }\n}\n"
    )
    proc = reaper.start([binary, "-p", str(root), "-c", str(conf)], log=log)
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/healthz", proc, log)
    return Running("nginx", base, proc)


def nginx_get_path(size: int) -> str:
    return f"/t/{size}.json"
