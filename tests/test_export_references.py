"""Reference exports round-trip: BibTeX through pybtex and our parser, RIS through rispy and
the upload reader, CSL-JSON through json and the upload reader; plain text has no markup."""

from __future__ import annotations

import json
from pathlib import Path

import pybtex.database
import rispy

from evidence_dashboard.bibliography import format_bibliography, load_bibtex, parse_bibtex
from evidence_dashboard.export.references import to_bibtex, to_csl_json, to_plain_text, to_ris
from evidence_dashboard.uploads.references import parse_csl_json, parse_ris

FIXTURE = Path(__file__).parent / "bibliography" / "fixtures" / "real-exports.bib"
REFS = load_bibtex(FIXTURE, "real-exports.bib").references


def test_bibtex_round_trip_keeps_every_rendering() -> None:
    text = to_bibtex(REFS.values())
    assert set(pybtex.database.parse_string(text, "bibtex").entries) == set(REFS)
    again = parse_bibtex(text, "out.bib")
    assert not again.errors and list(again.references) == list(REFS)
    for style in ("ama", "vancouver"):
        before = [e.text for e in format_bibliography(REFS, style=style).entries]
        after = [e.text for e in format_bibliography(again.references, style=style).entries]
        assert after == before


def test_ris_round_trip_through_rispy_and_the_upload_reader() -> None:
    text = to_ris(REFS.values())
    records = rispy.loads(text)
    assert [r["id"] for r in records] == list(REFS)
    glass = records[0]
    assert glass["authors"][1] == "Lanctôt, Krista L."
    assert glass["doi"] == "10.1136/bmj.38623.768588.47"
    assert glass["journal_name"] == "BMJ" and glass["year"] == "2005"
    ray = next(r for r in records if r["id"] == "pmid15199216")
    assert ray["authors"][0] == "Ray, W. A., Jr"
    loaded = parse_ris(text, "out.ris")
    assert not loaded.errors
    for key, ref in REFS.items():
        assert loaded.references[key].title == ref.title
        assert loaded.references[key].year == ref.year


def test_csl_json_round_trip_through_json_and_the_upload_reader() -> None:
    text = to_csl_json(REFS.values())
    items = json.loads(text)
    assert [i["id"] for i in items] == list(REFS)
    beers = next(i for i in items if i["id"] == "Beers2023")
    assert beers["author"] == [
        {"literal": "American Geriatrics Society 2023 Beers Criteria® Update Expert Panel"}
    ]
    assert beers["container-title-short"] == "J Am Geriatr Soc"
    loaded = parse_csl_json(text, "out.json")
    assert not loaded.errors
    assert {k: r.title for k, r in loaded.references.items()} == {
        k: r.title for k, r in REFS.items()
    }


def test_plain_text_list_has_no_markup() -> None:
    for style in ("ama", "vancouver", "apa"):
        text = to_plain_text(format_bibliography(REFS, style=style))
        lines = text.splitlines()
        assert len(lines) == len(REFS)
        for bad in ("<i>", "</", "*", "\\", "{", "}", "<a ", "&amp;"):
            assert bad not in text, (style, bad)
    assert text.endswith("\n")
