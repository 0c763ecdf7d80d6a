"""The load harness runs end to end against salon alone and produces numbers (no timing asserts)."""

from __future__ import annotations

import json
import shutil

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)")
def test_load_harness_measures_salon(tmp_path, capsys):
    from bench.load import main

    out = tmp_path / "load.json"
    result = main(
        [
            "--only",
            "salon",
            "--workers",
            "1",
            "--sizes",
            "10",
            "--seconds",
            "2",
            # A warm-up, so that the first POSTs (the server loads its model on the first one)
            # fall outside the measured second or two: without it POST could report no request.
            "--warmup",
            "1",
            "--out",
            str(out),
        ]
    )
    assert json.loads(out.read_text())["runs"] == result["runs"]
    workloads = {r["workload"]: r for r in result["runs"]}
    assert set(workloads) == {"GET 10", "POST"}
    for row in workloads.values():
        assert row["requests"] > 0 and row["rps"] > 0 and row["p99_ms"] >= row["p50_ms"] > 0
    assert result["memory"]["salon-1w"]["peak_tree_rss_mib"] > 0
    assert "| salon-1w | GET 10 |" in capsys.readouterr().out
