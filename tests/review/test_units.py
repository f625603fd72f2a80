"""Small pieces: board problems, the migration head, threads and orphans, blinding, the diff."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from evidence_dashboard.content.articles import parse_article
from evidence_dashboard.review.board import load_board, parse_board
from evidence_dashboard.review.diff import diff_versions
from evidence_dashboard.review.identity import local_identity, signed_in_identity
from evidence_dashboard.review.model import ArticleState, CommentRecord, VerdictRecord
from evidence_dashboard.review.status import ClaimState, ReviewStatus
from evidence_dashboard.review.store import HEAD, MIGRATIONS
from evidence_dashboard.views.review import claim_cards

BOARD = parse_board(
    "quorum: 1\nblinded: true\nmembers:\n"
    "  - {id: ana, name: Ana, email: Ana@Example.org, role: chair}\n"
    "  - {id: ben, name: Ben, email: ben@example.org, role: reviewer}\n",
    "board.yaml",
)
ARTICLE = parse_article(
    "---\nslug: a\ntitle: T\nquestion: Q?\nstatus: submitted\nupdated: 2026-12-01\n"
    "audiences: [clinician]\ndisclaimer: D\n---\n"
    '::: {.claim #c title="C" evidence="X-1"}\nFalls were more common in older people.\n:::\n',
    "a.md",
)


def test_missing_and_malformed_board_files_are_located(tmp_path: Path):
    missing = load_board(tmp_path)
    assert [p.message.split(".")[0] for p in missing.problems] == [
        "the content folder must have a board"
    ]
    bad = parse_board("quorum: zero\nmembers:\n  - {id: ana, role: chair, email: x}\n", "b.yaml")
    assert [(p.line, p.column) for p in bad.problems] == [(1, "quorum"), (3, "email")]
    assert bad.quorum == 2 and bad.members == ()
    assert parse_board("[1, 2]", "b.yaml").problems[0].line == 1


def test_migration_head_constant_matches_the_scripts():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_identity_rules():
    assert signed_in_identity(BOARD, True, "ana@example.ORG").can_sign_off
    assert not signed_in_identity(BOARD, True, "zed@example.org").can_review
    assert not signed_in_identity(BOARD, False, None).can_review
    local = local_identity(BOARD, "ben", "127.0.0.1")
    assert local.can_review and not local.verified and not local.can_sign_off
    assert not local_identity(BOARD, "ana", "").can_review  # "" listens on every interface


def _status(claim_hash: str) -> ReviewStatus:
    counts = {"agree": 1, "agree-with-changes": 0, "disagree": 0, "abstain": 0}
    claim = ClaimState("c", "C", claim_hash, counts, False, (), None)
    return ReviewStatus("a", "under review", "submitted", "v" * 64, None, None, None, (claim,), 1)


def test_blinding_threads_and_orphans():
    comments = (
        CommentRecord(2, "c", "ana", "h", "Why?", "more common in older people", None, "t"),
        CommentRecord(3, "c", "ben", "h", "Table 2.", "more common", 2, "t"),
        CommentRecord(4, "c", "ben", "h", "Old wording.", "were twice as common", None, "t"),
    )
    state = ArticleState("a", (VerdictRecord("c", "ana", "h", "agree", "", 1, "t"),), comments)
    [for_ben] = claim_cards(ARTICLE, BOARD, state, _status("h"), (), "ben")
    assert for_ben.blinded and for_ben.others == () and "hidden" in for_ben.summary
    [for_ana] = claim_cards(ARTICLE, BOARD, state, _status("h"), (), "ana")
    assert not for_ana.blinded and for_ana.mine is not None
    assert [(i.comment.id, i.depth, i.orphaned) for i in for_ana.thread] == [
        (2, 0, False),
        (3, 1, False),
        (4, 0, True),
    ]
    [reader] = claim_cards(ARTICLE, BOARD, state, _status("h"), (), None)
    assert not reader.blinded and [v.member for v in reader.others] == ["ana"]


def test_diff_reports_words_fields_and_references():
    old = {
        "claims": {
            "c": {
                "claim": "c",
                "title": "C",
                "texts": [{"text": "ten of 100", "versions": {}, "audiences": []}],
                "rows": [{"id": "X-1", "estimate": "1.50"}],
                "references": [{"key": "K", "fields": {"year": "2001"}}],
            }
        }
    }
    new = {
        "claims": {
            "c": {
                **old["claims"]["c"],
                "texts": [{"text": "twelve of 100", "versions": {}, "audiences": []}],
                "rows": [{"id": "X-1", "estimate": "1.5"}],
                "references": [{"key": "K", "fields": {"year": "2002"}}],
            },
            "d": old["claims"]["c"],
        }
    }
    diff = diff_versions("a" * 64, old, "b" * 64, new)
    [changed, added] = diff.changed
    assert changed.text == ("block 1 (all): [-ten-]{+twelve+} of 100",)
    assert changed.rows == ("row X-1 estimate: '1.50' → '1.5'",)
    assert changed.references == ("reference K.fields year: '2001' → '2002'",)
    assert (added.claim, added.state) == ("d", "added")
