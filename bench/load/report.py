"""Ratios, goals, machine facts and the markdown table printed after a run."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from typing import Any

GOALS = {
    "get200_vs_isso": 100.0,  # salon req/s ÷ Isso req/s, 200-comment thread
    "get200_p99_ms": 20.0,
    "get200_p99_x_nginx": 2.0,  # salon p99 ÷ nginx p99
    "get200_of_nginx": 0.5,  # salon req/s ÷ nginx req/s: "within 2x of nginx"
    "post_vs_isso": 3.0,
    "post_p99_ms": 50.0,
    "rss_mib": 150.0,  # peak RSS of the salon process tree
}


def _first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "?"
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else "?"


def machine() -> dict[str, Any]:
    cpu = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as f:
        cpu = next((x.split(":", 1)[1].strip() for x in f if x.startswith("model name")), "?")
    mem_gib = 0.0
    with contextlib.suppress(ValueError, OSError):
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(mem_gib, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "salon": version("salon"),
        "uvicorn": version("uvicorn"),
        "wrk": _first_line(["wrk", "--version"]),
        "nginx": _first_line(["nginx", "-v"]),
    }


def ratios(runs: list[dict[str, Any]]) -> None:
    """Add x_isso and of_nginx to every salon row, comparing the same workload."""
    by = {(r["server"], r["workload"]): r for r in runs}
    for r in runs:
        if not r["server"].startswith("salon"):
            continue
        isso = next((v for (s, w), v in by.items() if s.startswith("isso") and w == r["workload"]), None)
        nginx = by.get(("nginx", r["workload"]))
        if isso and isso["rps"]:
            r["x_isso"] = round(r["rps"] / isso["rps"], 1)
        if nginx and nginx["rps"]:
            r["of_nginx"] = round(r["rps"] / nginx["rps"], 3)
            r["p99_x_nginx"] = round(r["p99_ms"] / nginx["p99_ms"], 2) if nginx["p99_ms"] else None


def goals(runs: list[dict[str, Any]], memory: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for server in sorted({r["server"] for r in runs if r["server"].startswith("salon")}):
        get = next((r for r in runs if r["server"] == server and r["workload"] == "GET 200"), None)
        post = next((r for r in runs if r["server"] == server and r["workload"] == "POST"), None)
        mem = memory.get(server, {})

        def row(goal: str, value: Any, target: float, higher: bool, server: str = server) -> None:
            met = None if value is None else (value >= target if higher else value <= target)
            out.append(
                {
                    "server": server,
                    "goal": goal,
                    "value": value,
                    "target": f"{'≥' if higher else '≤'} {target:g}",
                    "met": met,
                }
            )

        row("GET 200 × Isso", get and get.get("x_isso"), GOALS["get200_vs_isso"], True)
        row("GET 200 p99 ms", get and get["p99_ms"], GOALS["get200_p99_ms"], False)
        # "within 2x of nginx", read both ways: the latency reading and the throughput reading.
        row("GET 200 p99 ÷ nginx p99", get and get.get("p99_x_nginx"), GOALS["get200_p99_x_nginx"], False)
        row("GET 200 req/s ÷ nginx", get and get.get("of_nginx"), GOALS["get200_of_nginx"], True)
        row("POST × Isso", post and post.get("x_isso"), GOALS["post_vs_isso"], True)
        row("POST p99 ms", post and post["p99_ms"], GOALS["post_p99_ms"], False)
        row("peak RSS MiB (tree)", mem.get("peak_tree_rss_mib"), GOALS["rss_mib"], False)
    return out


def _fmt(v: Any, spec: str = "") -> str:
    if v is None:
        return "–"
    return format(v, spec) if spec else str(v)


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| server | workload | conc. | req/s | p50 ms | p99 ms | req/s × Isso | req/s ÷ nginx "
        "| p99 ÷ nginx | bytes/resp | server CPU ms/req | errors | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['server']} | {r['workload']} | {r['connections']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} "
            f"| {r['p99_ms']:.2f} | {_fmt(r.get('x_isso'))} | {_fmt(r.get('of_nginx'))} "
            f"| {_fmt(r.get('p99_x_nginx'))} | {r['bytes_per_response']:,} "
            f"| {_fmt(r.get('server_cpu_ms_per_request'))} | {r['errors']} "
            f"| {_fmt(r.get('loadavg_before'))} |"
        )
    if result["memory"]:
        lines += [
            "",
            "| server | processes | peak RSS of tree MiB | Σ VmHWM MiB | largest VmHWM MiB |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, m in result["memory"].items():
            lines.append(
                f"| {name} | {m['processes']} | {m['peak_tree_rss_mib']} | {m['sum_vmhwm_mib']} "
                f"| {m['max_process_vmhwm_mib']} |"
            )
    if result["goals"]:
        lines += ["", "| server | goal | value | target | met |", "|---|---|---:|---:|---|"]
        for g in result["goals"]:
            met = {True: "yes", False: "**no**", None: "n/a"}[g["met"]]
            lines.append(f"| {g['server']} | {g['goal']} | {_fmt(g['value'])} | {g['target']} | {met} |")
    if result["skipped"]:
        lines += [""] + [f"- skipped {k}: {v}" for k, v in result["skipped"].items()]
    return "\n".join(lines)
