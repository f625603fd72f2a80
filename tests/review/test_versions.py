"""Versions: an edit of one cited row changes exactly the hashes of the claims that cite it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from evidence_dashboard.content.library import load_library
from evidence_dashboard.review.versions import article_version, claim_hashes

from .conftest import ARTICLE

CSV = Path("evidence") / f"{ARTICLE}.csv"


def edit_row(data: Path, row_id: str, column: str, value: str) -> None:
    """Change one field of one evidence row in the copy's CSV."""
    path = data / CSV
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert any(r["id"] == row_id for r in rows)
    for row in rows:
        if row["id"] == row_id:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _state(data: Path) -> tuple[dict[str, str], str, dict[str, tuple[str, ...]]]:
    library = load_library(data)
    article = library.article(ARTICLE)
    assert article is not None
    cites = {str(c.claim_id): c.evidence_ids for c in article.claims}
    return claim_hashes(library, article), article_version(library, article), cites


def test_hashes_are_stable_and_distinct(data_copy):
    hashes, version, _ = _state(data_copy)
    again, version_again, _ = _state(data_copy)
    assert hashes == again and version == version_again
    assert len(set(hashes.values())) == len(hashes) >= 5


def test_editing_a_row_stales_exactly_the_claims_citing_it(data_copy):
    before, version, cites = _state(data_copy)
    edit_row(data_copy, "SE-04", "note", "A reviewer-visible change to the note.")
    after, new_version, _ = _state(data_copy)
    changed = {c for c in before if before[c] != after[c]}
    assert changed == {c for c, ids in cites.items() if "SE-04" in ids}
    assert len(changed) == 2  # buspirone and sedation both rest on SE-04
    assert new_version != version


def test_number_text_counts_as_written(data_copy):
    before, _, cites = _state(data_copy)
    edit_row(data_copy, "MR-01", "estimate", "1.5")  # 1.50 -> 1.5: the same float, other text
    after, _, _ = _state(data_copy)
    assert {c for c in before if before[c] != after[c]} == {
        c for c, ids in cites.items() if "MR-01" in ids
    }


def test_claim_text_audience_passage_and_reference_edits(data_copy):
    article_path = data_copy / "articles" / f"{ARTICLE}.md"
    before, version, _ = _state(data_copy)
    text = article_path.read_text(encoding="utf-8")
    article_path.write_text(
        text.replace("so it was never expected", "so it was not expected", 1), encoding="utf-8"
    )
    after, _, _ = _state(data_copy)
    assert {c for c in before if before[c] != after[c]} == {"buspirone"}

    # The author's request in front matter is not content: it changes no version.
    article_path.write_text(
        article_path.read_text(encoding="utf-8").replace("status: submitted", "status: draft"),
        encoding="utf-8",
    )
    _, draft_version, _ = _state(data_copy)
    assert draft_version == _state(data_copy)[1]

    bib = data_copy / "references" / f"{ARTICLE}.bib"
    bib_text = bib.read_text(encoding="utf-8")
    assert "GoaWard1986" in bib_text
    start = bib_text.index("GoaWard1986")
    end = bib_text.index("title", start)
    bib.write_text(bib_text[:end] + "note = {edited},\n  " + bib_text[end:], encoding="utf-8")
    edited, edited_version, _ = _state(data_copy)
    assert {c for c in after if after[c] != edited[c]} == {"buspirone"}
    assert edited_version != draft_version != version
