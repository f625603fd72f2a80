"""The done-when demo, from the command line, on a tmp copy of data/ and on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text

from evidence_dashboard.cli import review as cli_review

from .conftest import ARTICLE
from .helpers import Cli, cached_loader
from .test_versions import edit_row


@pytest.fixture
def cli(capsys, data_copy, db_url, monkeypatch) -> Cli:
    monkeypatch.setattr(cli_review, "load_library", cached_loader)
    return Cli(capsys, data_copy, db_url)


def test_board_reviews_signs_off_and_an_edit_stales_only_its_claims(cli, data_copy, db_url):
    start = cli.json("status", ARTICLE)
    assert start["status"] == "submitted" and start["approved_version"] is None
    claims = [c["id"] for c in start["claims"]]
    assert len(claims) >= 10

    code, _, err = cli("verdict", ARTICLE, claims[0], "--as", "zed", "--verdict", "agree")
    assert (code, err.count("\n")) == (2, 1) and "'zed' is not a member" in err
    code, _, err = cli("approve", ARTICLE, "--as", "ana")
    assert code == 2 and "quorum not met" in err

    for member in ("ana", "ben", "cai"):
        code, out, err = cli("verdict", ARTICLE, *claims, "--as", member, "--verdict", "agree")
        assert code == 0, err
        assert out.count("Recorded event") == len(claims)
    code, _, err = cli("approve", ARTICLE, "--as", "ben")
    assert code == 2 and err.strip().endswith("only a chair can sign off; 'ben' is a reviewer.")
    code, out, err = cli("approve", ARTICLE, "--as", "ana")
    assert code == 0, err

    approved = cli.json("status", ARTICLE)
    assert approved["status"] == "approved"
    assert approved["approved_version"] == approved["version"] == start["version"]
    assert dt.datetime.fromisoformat(approved["approved_at"]).utcoffset() == dt.timedelta(0)
    assert approved["approved_by"] == "ana"
    for claim in approved["claims"]:
        assert claim["counts"]["agree"] == 3 and not claim["stale"]
        assert claim["open_disagreements"] == [] and len(claim["hash"]) == 64
    code, out, _ = cli("status", ARTICLE)
    assert f"Approved · {approved['approved_at'][:10]} · {approved['version'][:12]}" in out

    edit_row(data_copy, "FA-01", "locator", "Table 2 (checked again)")
    changed = cli.json("status", ARTICLE)
    citing = {
        c["id"]
        for c in changed["claims"]
        if c["hash"] != approved["claims"][claims.index(c["id"])]["hash"]
    }
    assert changed["status"] == "changed since approval"
    assert changed["approved_version"] == approved["version"] != changed["version"]
    assert {c["id"] for c in changed["claims"] if c["stale"]} == citing == {"falls"}

    code, out, _ = cli("diff", ARTICLE)
    assert code == 0 and "claim falls: changed" in out
    assert "row FA-01 locator:" in out and "Table 2 (checked again)" in out
    assert "claim buspirone" not in out
    log = cli.json("log", ARTICLE)
    assert [e["kind"] for e in log][-1] == "sign-off" and len(log) == 3 * len(claims) + 1

    code, out, err = cli("verify")
    assert code == 0 and out.startswith(f"OK: {len(log)} event(s)"), err

    # Tamper: change the verdict of event 5 directly in the database.
    engine = create_engine(db_url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE review_events DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER review_events_no_update"))
        connection.execute(
            text("UPDATE review_events SET payload = :p WHERE seq = 5"),
            {"p": '{"comment": "", "verdict": "disagree"}'},
        )
    engine.dispose()
    code, out, err = cli("verify")
    assert code == 1 and err.strip() == (
        "evidence-dashboard review verify: event 5: its content does not match its hash "
        "(the row was edited)."
    )
