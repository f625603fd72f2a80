"""``evidence-dashboard check`` reports the advisory board file like any other content file."""

from __future__ import annotations

from evidence_dashboard.cli import main


def test_a_malformed_board_fails_the_check_with_its_line(data_copy, capsys):
    (data_copy / "board.yaml").write_text("quorum: two\nmembers: []\n", encoding="utf-8")
    assert main(["check", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "board.yaml:1: board key 'quorum' must be a whole number" in out


def test_the_shipped_board_passes(data_copy, capsys):
    assert main(["check", str(data_copy)]) == 0
    assert "board.yaml" not in capsys.readouterr().out
