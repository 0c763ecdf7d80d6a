"""`salon score` and `salon apikey` through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from salon.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_score_reads_json_lines_and_writes_one_result_each(runner, tmp_path):
    stdin = "\n".join(
        [
            json.dumps({"id": "a", "text": "You are a complete idiot.", "author": "Ann"}),
            "this is not json",
            json.dumps({"text": "Thanks, a lovely piece about night trains."}),
            json.dumps({"text": 5}),
            json.dumps({"text": "Nice.", "author": "stupid bitch"}),
            "",
        ]
    )
    result = runner.invoke(main, ["score", "--db", str(tmp_path / "unused.db")], input=stdin)
    assert result.exit_code == 0, result.output
    out = lines(result.output)
    assert [o["id"] for o in out] == ["a", 2, 3, 4, 5]
    assert out[0]["decision"] == "hold" and out[0]["scores"]["insult"] > 0.5
    # The span covers the insult ("idiot", characters 19-24) and says what it drives.
    (span,) = out[0]["spans"]
    assert span["begin"] <= 19 and span["end"] == 24 and "insult" in span["categories"]
    assert any(r.startswith("insult") for r in out[0]["reasons"])
    assert out[1]["decision"] == "publish" and "error" not in out[1]  # a plain line is the text itself
    assert out[2]["decision"] == "publish" and out[2]["reasons"] == []
    assert "error" in out[3]
    assert out[4]["decision"] == "reject" and "display name" in out[4]["reasons"][0]
    assert not (tmp_path / "unused.db").exists()  # no --site: no database touched


def test_score_uses_the_sites_policy(runner, tmp_path):
    db = str(tmp_path / "salon.db")
    assert (
        runner.invoke(
            main, ["site", "add", "blog", "--origin", "https://blog.example.com", "--db", db]
        ).exit_code
        == 0
    )
    from salon.actions.sites import update_settings
    from salon.services import build_services
    from salon.settings import load_settings

    services = build_services(load_settings(database_url=db, classifier="null"))
    update_settings(services, 1, {"banned_words": ["choo choo"]}, actor="test")
    services.close()
    stdin = json.dumps({"id": 1, "text": "Choo-choo, all aboard"}) + "\n"
    out = lines(runner.invoke(main, ["score", "--site", "blog", "--db", db], input=stdin).output)
    assert out[0]["decision"] == "reject" and out[0]["spans"][0]["categories"] == ["banned_word"]
    missing = runner.invoke(main, ["score", "--site", "nope", "--db", db], input=stdin)
    assert missing.exit_code != 0 and "no site named nope" in missing.output


def test_score_batches_many_lines(runner, tmp_path):
    stdin = "".join(json.dumps({"id": n, "text": f"Line {n} about trains."}) + "\n" for n in range(600))
    result = runner.invoke(main, ["score", "--db", str(tmp_path / "x.db")], input=stdin)
    out = lines(result.output)
    assert len(out) == 600 and [o["id"] for o in out] == list(range(600))


def test_apikey_create_list_revoke(runner, tmp_path):
    db = str(tmp_path / "salon.db")
    created = runner.invoke(main, ["apikey", "create", "coral", "--db", db])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[0]
    assert key.startswith("salon_") and len(key) > 40
    listed = runner.invoke(main, ["apikey", "list", "--db", db])
    assert "coral" in listed.output and "live" in listed.output and key not in listed.output
    revoked = runner.invoke(main, ["apikey", "revoke", "coral", "--db", db])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert "revoked" in runner.invoke(main, ["apikey", "list", "--db", db]).output
    again = runner.invoke(main, ["apikey", "revoke", "coral", "--db", db])
    assert again.exit_code != 0
    nosite = runner.invoke(main, ["apikey", "create", "x", "--site", "nope", "--db", db])
    assert nosite.exit_code != 0 and "no site named nope" in nosite.output
