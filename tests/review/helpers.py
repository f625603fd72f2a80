"""Helpers for the review tests: run the CLI in-process, and tamper with a database."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from evidence_dashboard.cli import main
from evidence_dashboard.content import library as content_library


@functools.cache
def _load(root: str, fingerprint: tuple[tuple[str, int, int], ...]) -> object:
    return content_library.load_library(Path(root))


def cached_loader(root: Path | str | None = None) -> object:
    """``load_library`` keyed on the files' names, sizes and mtimes: each CLI call of a test
    would otherwise re-read the same unchanged folder (about 1 s each)."""
    root = Path(root) if root is not None else content_library.default_data_dir()
    files = sorted(p for p in root.rglob("*") if p.is_file())
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _load(str(root), stamp)


class Cli:
    """``evidence-dashboard review ...`` against one content folder and one database."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data: Path, url: str) -> None:
        self.capsys, self.data, self.url = capsys, data, url

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        action, *rest = argv
        extra = ["--database", self.url] + (
            [] if action == "verify" else ["--data", str(self.data)]
        )
        code = main(["review", action, *rest, *extra])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def json(self, *argv: str) -> object:
        code, out, err = self(*argv, "--format", "json")
        assert code == 0, err
        return json.loads(out)


def verdict_event(article: str, member: str, claim: str, verdict: str = "agree") -> object:
    """A verdict event on made-up hashes, for tests of the log itself (no content needed)."""
    from evidence_dashboard.review.model import NewEvent

    return NewEvent(
        article,
        "verdict",
        member,
        "a" * 64,
        claim,
        "b" * 64,
        {"verdict": verdict, "comment": "" if verdict == "agree" else "see thread"},
    )
