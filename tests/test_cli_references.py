"""The ``evidence-dashboard references`` subcommand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from evidence_dashboard.cli import references

FIXTURES = Path(__file__).parent / "bibliography" / "fixtures"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="evidence-dashboard")
    references.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["references", *argv])
    return args.run(args)


def test_prints_numbered_entries_in_file_order(capsys):
    assert run([str(FIXTURES / "pubmed.bib")]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("1. Woolcott JC, Richardson KJ, Wiens MO, et al. Meta-analysis")
    assert lines[1].startswith("2. Hwang YJ, Chang AR")
    assert err == ""


def test_keys_order_style_and_unknown_key(capsys):
    status = run(
        [
            str(FIXTURES / "styles.bib"),
            "--style",
            "vancouver",
            "--keys",
            "Woolcott2009,nope,Glass2005",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1. Woolcott JC, Richardson KJ, Wiens MO, Patel B, Marin J,")
    assert lines[1].startswith("3. Glass J")
    assert "unknown key 'nope'" in err


def test_broken_file_reports_problems_and_still_prints(capsys):
    assert run([str(FIXTURES / "broken.bib")]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 4
    assert f"{FIXTURES / 'broken.bib'}:10: entry 'MissingComma'" in err


def test_warnings_do_not_fail(tmp_path, capsys):
    bib = tmp_path / "w.bib"
    bib.write_text("@article{a, year = 2020}\n", encoding="utf-8")
    assert run([str(bib)]) == 0
    _, err = capsys.readouterr()
    assert f"{bib}:1: warning: entry 'a' must have field 'title'" in err


def test_html_and_markdown_formats(capsys):
    run([str(FIXTURES / "styles.bib"), "--keys", "Glass2005,Evil", "--format", "html"])
    out, _ = capsys.readouterr()
    assert "<i>BMJ</i>" in out
    assert "<script>" not in out
    run([str(FIXTURES / "styles.bib"), "--keys", "Glass2005", "--format", "markdown"])
    out, _ = capsys.readouterr()
    assert out.startswith("1. Glass J") and "*BMJ*" in out


def test_duplicate_key_across_files(tmp_path, capsys):
    other = tmp_path / "other.bib"
    other.write_text("@misc{glass2005, title = {Again}}\n", encoding="utf-8")
    assert run([str(FIXTURES / "styles.bib"), str(other)]) == 1
    _, err = capsys.readouterr()
    assert "BibTeX key 'glass2005' must be unique" in err


def test_missing_file_is_one_line_and_exit_1(tmp_path, capsys):
    assert run([str(tmp_path / "nope.bib")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1


def test_bad_style_or_missing_csl_is_a_usage_error(capsys):
    assert run([str(FIXTURES / "styles.bib"), "--style", "ama-11"]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "Got 'ama-11' instead" in err
    assert run([str(FIXTURES / "styles.bib"), "--csl", "nowhere.csl"]) == 2
    assert "nowhere.csl" in capsys.readouterr().err


REAL = FIXTURES / "real-exports.bib"
SHIPPED = sorted((Path(__file__).parents[1] / "data" / "references").glob("*.bib"))


@pytest.mark.parametrize(
    ("files", "style"),
    [
        ([REAL], "ama"),
        ([REAL], "vancouver"),
        ([REAL], "apa"),
        (SHIPPED, "ama"),
        (SHIPPED, "vancouver"),
    ],
    ids=["real-ama", "real-vancouver", "real-apa", "shipped-ama", "shipped-vancouver"],
)
def test_every_style_on_the_fixture_and_the_shipped_bibliography(files, style, capsys):
    assert run([*map(str, files), "--style", style]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == len(load_keys(files))
    numbered = style != "apa"
    assert all(line[0].isdigit() == numbered for line in lines if line[:1] != "v")
    for garbled in ("{", "}", "\\", ", ,", "..", " ,"):
        assert not any(garbled in line for line in lines), garbled
    for ref in load_refs(files):  # no name swallowed "and" or the next author
        for name in (n for n in ref.authors + ref.editors if not n.is_corporate):
            assert " and " not in f" {name.given} {name.surname} ", (ref.key, name)


def load_refs(files):
    from evidence_dashboard.bibliography import load_bibtex

    return [ref for path in files for ref in load_bibtex(path).references.values()]


def load_keys(files):
    return [ref.key for ref in load_refs(files)]


def test_csl_file_wins_over_style(tmp_path, capsys):
    from evidence_dashboard.bibliography.csl import csl_style_path

    mine = tmp_path / "mine.csl"
    mine.write_bytes(csl_style_path("apa").read_bytes())
    assert run([str(REAL), "--style", "ama", "--csl", str(mine), "--keys", "pmid15199216"]) == 0
    assert capsys.readouterr().out.startswith("Ray, W. A., Jr, & Griffin, M. R. (2000).")


def test_through_the_real_dispatcher(capsys):
    cli = pytest.importorskip("evidence_dashboard.cli")
    try:
        cli.build_parser()
    except ImportError:
        pytest.skip("not every subcommand module exists yet")
    assert cli.main(["references", str(FIXTURES / "pubmed.bib")]) == 0
    assert capsys.readouterr().out.startswith("1. Woolcott")
    assert sys.stdout is not None
