"""wrk as the load generator: C, so on two cores it costs the server less CPU than a Python client.

Each run gets a Lua script whose ``done`` hook prints one JSON line with the counts and latency
percentiles; the POST script also builds a unique JSON body for every request.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""

_POST = r"""
local bodies = {
%(bodies)s
}
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local text = bodies[(counter %% #bodies) + 1] .. string.format(' (load %%d-%%d)"', tid or 0, counter)
  local body = %(prefix)s .. text .. '}'
  -- Readers post from many addresses: behind a proxy each request names its own.
  local addr = string.format("10.%%d.%%d.%%d", tid or 0, math.floor(counter / 256) %% 256, counter %% 256)
  local headers = {["Content-Type"] = "application/json", ["X-Forwarded-For"] = addr%(extra)s}
  return wrk.format("POST", %(path)s, headers, body)
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    bytes_per_response: int
    errors: int  # connect/read/write/timeout errors plus non-2xx/3xx answers

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def available() -> str | None:
    return shutil.which("wrk")


def _lua_string(text: str) -> str:
    """A Lua long-bracket literal holding ``text`` verbatim."""
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


def post_script(path: str, prefix: str, bodies: list[str], headers: dict[str, str] | None = None) -> str:
    """Lua that POSTs ``prefix + "<text>"}`` with a text made unique per request.

    ``prefix`` is the JSON object up to the text's key, e.g. ``{"author":"Ann","text":``.

    Each body is kept as a JSON string literal minus its closing quote; the script appends a
    counter and the quote, so every comment is new to duplicate checks.
    """
    lits = ",\n".join(_lua_string(json.dumps(b)[:-1]) for b in bodies)
    extra = "".join(f", [{_lua_string(k)}] = {_lua_string(v)}" for k, v in (headers or {}).items())
    script = _POST % {
        "bodies": lits,
        "prefix": _lua_string(prefix),
        "path": _lua_string(path),
        "extra": extra,
    }
    return script + _DONE


def get_script() -> str:
    return _DONE


def run(
    url: str,
    script: str,
    workdir: Path,
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
    timeout_s: int = 10,
) -> Result:
    lua = workdir / f"wrk-{abs(hash((url, script))) % 10**8}.lua"
    lua.write_text(script)
    cmd = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(lua),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout_s + 30)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result ({out.returncode}): {out.stdout[-800:]} {out.stderr[-800:]}")
    d = json.loads(line[len("WRKJSON ") :])
    secs = d["duration_us"] / 1e6
    n = d["requests"]
    errors = d["connect"] + d["read"] + d["write"] + d["timeout"] + d["status"]
    return Result(
        requests=n,
        seconds=round(secs, 2),
        rps=round(n / secs, 1) if secs else 0.0,
        p50_ms=round(d["p50_us"] / 1000, 2),
        p90_ms=round(d["p90_us"] / 1000, 2),
        p99_ms=round(d["p99_us"] / 1000, 2),
        max_ms=round(d["max_us"] / 1000, 2),
        bytes_per_response=d["bytes"] // n if n else 0,
        errors=errors,
    )
