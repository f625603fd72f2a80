"""The fixture of real exports (Zotero, JabRef, Web of Science, PubMed, hand-written) against
the manuals' form of each entry, in AMA and Vancouver, as exact plain text."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_dashboard.bibliography import format_reference, load_bibtex
from evidence_dashboard.errors import Severity

FIXTURES = Path(__file__).parent / "fixtures"
STYLE_OF = {"AMA": "ama", "NLM": "vancouver"}


def read_expected(path: Path) -> dict[tuple[str, str], str]:
    """``(key, style) -> text`` from the expected-renderings file."""
    expected: dict[tuple[str, str], str] = {}
    key = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1]
        elif line[:4] in {"AMA:", "NLM:"}:
            expected[(key, STYLE_OF[line[:3]])] = line[5:]
    return expected


LOAD = load_bibtex(FIXTURES / "real-exports.bib", "real-exports.bib")
EXPECTED = read_expected(FIXTURES / "real-exports.expected.txt")


def test_every_entry_loads_and_has_both_renderings() -> None:
    assert not LOAD.errors
    assert {key for key, _ in EXPECTED} == set(LOAD.references)
    assert len(EXPECTED) == 2 * len(LOAD.references)


@pytest.mark.parametrize(("key", "style"), sorted(EXPECTED))
def test_real_export_matches_manual(key: str, style: str) -> None:
    assert format_reference(LOAD.references[key], style).text == EXPECTED[(key, style)]


def test_only_the_missing_access_date_is_warned() -> None:
    warnings = [p for p in LOAD.problems if p.severity == Severity.WARNING]
    assert [(p.item, p.column) for p in warnings] == [("DrugsComBaclofen", "urldate")]
