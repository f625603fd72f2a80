"""Per-audience claim versions: a version replaces the claim's text for its audience."""

from __future__ import annotations

import pickle
from pathlib import Path

from evidence_dashboard.content.articles import parse_article
from evidence_dashboard.content.library import load_library
from evidence_dashboard.errors import Severity

FRONT = """---
slug: x
title: T
question: Q?
status: submitted
updated: 2026-01-02
audiences: [clinician, student, patient]
disclaimer: D
---
"""
FRONT_LINES = FRONT.count("\n")


def _parse(body: str, front: str = FRONT):
    return parse_article(front + body, "x.md")


def _line(body: str, needle: str) -> int:
    """File line of the first body line holding ``needle``."""
    return FRONT_LINES + next(i for i, ln in enumerate(body.splitlines(), 1) if needle in ln)


CLAIM = """::: {.claim #bottom-line title="Bottom line" evidence="FA-01"}
Clinician text with {{FA-01}} [@Woolcott2009].
:::: {.version for="patient"}
Patient text: about {{FA-01.estimate}} in 100 [@Woolcott2009].
::::
More clinician text.
:::: {.version for="student"}
Student text.
::::
:::
"""


def test_versions_replace_the_default_text_per_audience():
    article = _parse(CLAIM)
    assert article.problems == ()
    (block,) = article.blocks
    assert list(block.versions) == ["patient", "student"]  # source order
    assert (
        block.text_for("patient")
        == "Patient text: about {{FA-01.estimate}} in 100 [@Woolcott2009].\n"
    )
    assert block.text_for("student") == "Student text.\n"
    # The clinician (and any audience without a version) reads the default text, all of it,
    # and none of a version's words.
    clinician = block.text_for("clinician")
    assert clinician is block.text
    assert "Clinician text" in clinician and "More clinician text." in clinician
    assert "Patient text" not in clinician and "Student text" not in clinician
    assert block.version_lines == {
        "patient": _line(CLAIM, "Patient text"),
        "student": _line(CLAIM, "Student text"),
    }
    # Default text keeps its file lines: the line after the version is where the file has it.
    offset = clinician.splitlines().index("More clinician text.")
    assert block.line + offset == _line(CLAIM, "More clinician text.")
    assert block.texts()[0] == (block.text, block.line)


def test_blocks_with_versions_stay_hashable_and_picklable():
    (block,) = _parse(CLAIM).blocks
    assert hash(block) == hash(pickle.loads(pickle.dumps(block)))
    assert pickle.loads(pickle.dumps(block)) == block


def test_audience_passages_still_work_beside_versions():
    body = CLAIM + '\n::: {.audience for="patient"}\nOnly patients.\n:::\n'
    article = _parse(body)
    assert article.problems == ()
    passage = article.blocks[-1]
    assert passage.audiences == {"patient"} and not passage.versions
    assert passage.visible_to("patient") and not passage.visible_to("clinician")


def test_default_text_split_by_a_nested_block_is_replaced_too():
    body = """::: {.claim #c title="C" evidence="FA-01"}
First part.
::: {.audience for="clinician"}
Clinician aside.
:::
Second part.
:::: {.version for="patient"}
Patient text.
::::
:::
"""
    article = _parse(body)
    assert article.problems == ()
    host, aside, rest = article.blocks
    assert host.text_for("patient") == "Patient text.\n"
    assert aside.audiences == {"clinician"}
    # The second run of default text is hidden from the audience that has a version.
    assert not rest.visible_to("patient") and rest.visible_to("clinician")
    assert rest.visible_to("student")


def _problem(article, fragment):
    return next(p for p in article.problems if fragment in p.message)


def test_unknown_audience_is_located():
    body = '::: {.claim #c title="C" evidence="FA-01"}\nText.\n:::: {.version for="nurse"}\nX\n::::\n:::\n'
    problem = _problem(_parse(body), "exactly one of")
    assert (problem.line, problem.column, problem.severity) == (
        _line(body, "nurse"),
        "for",
        Severity.ERROR,
    )
    assert "'nurse'" in problem.message


def test_version_outside_a_claim_is_located():
    body = 'Intro.\n\n:::: {.version for="patient"}\nLoose text.\n::::\n'
    article = _parse(body)
    problem = _problem(article, "inside a claim")
    assert problem.line == _line(body, "version") and problem.severity == Severity.ERROR
    # Its text is nobody's default text either.
    assert all("Loose text" not in b.text for b in article.blocks)


def test_duplicate_version_is_located_at_the_second():
    body = """::: {.claim #c title="C" evidence="FA-01"}
Text.
:::: {.version for="patient"}
One.
::::
:::: {.version for="patient"}
Two.
::::
:::
"""
    article = _parse(body)
    problem = _problem(article, "at most one version")
    assert problem.line == FRONT_LINES + 6
    assert f"line {FRONT_LINES + 3}" in problem.message
    assert article.blocks[0].text_for("patient") == "One.\n"


def test_unclosed_version_is_located_and_not_read_as_default_text():
    body = '::: {.claim #c title="C" evidence="FA-01"}\nText.\n:::: {.version for="patient"}\nDangling.\n'
    article = _parse(body)
    lines = sorted(p.line for p in article.problems if "must be closed" in p.message)
    assert lines == [_line(body, "claim"), _line(body, "version")]
    assert all("Dangling" not in b.text for b in article.blocks)


def test_nested_block_and_empty_version_are_errors():
    body = """::: {.claim #c title="C" evidence="FA-01"}
Text.
:::: {.version for="patient"}
::: {.audience for="patient"}
x
:::
::::
:::: {.version for="student"}
::::
:::
"""
    article = _parse(body)
    assert _problem(article, "plain Markdown").line == FRONT_LINES + 4
    assert _problem(article, "must hold text").line == FRONT_LINES + 8


def test_claim_with_numbers_and_no_patient_version_warns():
    body = """::: {.claim #tokens title="T" evidence="FA-01"}
Falls: {{FA-01}}.
:::

::: {.claim #digits title="D" evidence="FA-01"}
About 3 in 10 [@Glass2005].
:::

::: {.claim #words title="W" evidence="FA-01"}
No figures here, only a key with digits [@Glass2005].
:::
"""
    warned = {
        p.item: p
        for p in _parse(body).problems
        if p.column == "version" and p.severity == Severity.WARNING
    }
    assert set(warned) == {"tokens", "digits"}
    assert warned["tokens"].line == _line(body, "#tokens")
    # An article not written for patients needs no patient version.
    front = FRONT.replace("[clinician, student, patient]", "[clinician, student]")
    assert not [p for p in _parse(body, front).problems if p.column == "version"]


def test_version_for_an_audience_the_article_does_not_have_warns():
    front = FRONT.replace("[clinician, student, patient]", "[clinician, patient]")
    article = _parse(CLAIM, front)
    problem = _problem(article, "no reader sees")
    assert problem.line == _line(CLAIM, "student") and problem.severity == Severity.WARNING


def test_problems_inside_a_version_are_located_at_the_version_line(data_copy: Path):
    path = data_copy / "articles" / "versions.md"
    body = CLAIM.replace("in 100 [@Woolcott2009]", "in 100 [@Woolcot2009] {{FA-99}} [@Glass2005]")
    path.write_text(FRONT.replace("slug: x", "slug: versions") + body)
    library = load_library(data_copy)
    mine = [p for p in library.problems if p.path == "data/articles/versions.md"]
    citation = next(p for p in mine if p.column == "citation")
    value = next(p for p in mine if p.column == "value")
    assert citation.line == value.line == _line(body, "Patient text")
    assert "Woolcot2009" in citation.message and "FA-99" in value.message
    # A key cited only in a version counts as cited.
    article = library.article("versions")
    assert "Glass2005" not in article.blocks[0].text
    assert "Glass2005" in article.cited_keys
