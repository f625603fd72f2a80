"""The docs must not fall behind the code."""

from __future__ import annotations

import re
from pathlib import Path

from evidence_dashboard.dictionary import data_dictionary_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_content_format_embeds_the_current_data_dictionary():
    text = (ROOT / "docs" / "content-format.md").read_text()
    match = re.search(
        r"<!-- data-dictionary:start -->\n(.*)<!-- data-dictionary:end -->", text, re.S
    )
    assert match, "docs/content-format.md lost its data-dictionary markers"
    assert match.group(1) == data_dictionary_markdown(), (
        "docs/content-format.md is out of date: regenerate its data dictionary from "
        "evidence_dashboard.dictionary.data_dictionary_markdown()"
    )


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert (
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/evidence-dashboard serve"
        in readme
    )
    assert "bash .ci/run" in readme
