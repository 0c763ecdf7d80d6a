"""The backtest: a proposed policy over stored history, against the decisions made on it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from salon.cli import main
from salon.db import tables as t
from salon.moderation.backtest import run_backtest
from tests.importers.support import FIXTURES, rows, run

POLICY = {"banned_words": ["watches"], "suspect_words": ["vienna"]}


def test_counts_samples_and_agreement(services, site):
    run(services, site, "disqus.xml")  # carries the old system's decisions: one spam, the rest kept
    before = {tb.name: len(rows(services, tb)) for tb in (t.comments, t.moderation_records, t.audit_log)}
    result = run_backtest(services, site, POLICY)
    assert result.scored == 5  # the deleted placeholder has no text to judge
    assert result.decisions == {"publish": 3, "hold": 1, "reject": 1}
    assert sum(result.phases.values()) == 2
    assert result.agreement == {(True, True): 1, (True, False): 1, (False, False): 3}
    assert result.precision() == 0.5 and result.recall() == 1.0
    [held] = [s for key, items in result.samples.items() if key.startswith("hold") for s in items]
    assert "Vienna" in held["text"] and held["reasons"]
    after = {tb.name: len(rows(services, tb)) for tb in (t.comments, t.moderation_records, t.audit_log)}
    assert after == before  # nothing changed


def test_the_site_policy_by_default_and_since(services, site):
    from datetime import UTC, datetime

    run(services, site, "disqus.xml")
    assert run_backtest(services, site).decisions == {"publish": 5}
    assert run_backtest(services, site, POLICY, since=datetime(2019, 3, 2, tzinfo=UTC)).scored == 3


def test_command(tmp_path):
    db = str(tmp_path / "b.db")
    env = {"SALON_CLASSIFIER": "null", "SALON_SECRET_KEY": "x"}
    runner = CliRunner()
    runner.invoke(main, ["site", "add", "blog", "--origin", "https://blog.example.com", "--db", db], env=env)
    runner.invoke(main, ["import", str(FIXTURES / "disqus.xml"), "--site", "blog", "--db", db], env=env)
    policy = tmp_path / "policy.toml"
    policy.write_text('banned_words = ["watches"]\nsuspect_words = ["vienna"]\n')
    result = runner.invoke(
        main, ["backtest", "--site", "blog", "--db", db, "--policy", str(policy), "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["precision"] == 0.5 and data["recall"] == 1.0 and data["decided_by_moderators"] == 5
