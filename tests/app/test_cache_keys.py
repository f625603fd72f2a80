"""Caches are keyed on the content fingerprint: changed content is never served a stale view."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from evidence_dashboard import export
from evidence_dashboard.content.library import (
    content_fingerprint,
    load_library,
    session_fingerprint,
)
from evidence_dashboard.ui import loaders

DATA = Path(__file__).resolve().parents[2] / "data"
SLUG = "diazepam-anxiety-spasm"


def _first_text(root: Path, marker: str) -> None:
    """Put ``marker`` as the first sentence of the article's body."""
    path = root / "articles" / f"{SLUG}.md"
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    path.write_text(f"{head}{sep}\n{marker} is new here.\n{body}", encoding="utf-8")


def test_reloaded_content_shows_the_new_article_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app loads a new Library when a file changes and the old one is collected; CPython may
    # give the new object the old one's id. A cache keyed on id(library) then served the old
    # article (this test failed so). The collision is made certain by fixing what ``id`` returns
    # in the cache wrappers' module; a fingerprint key does not care.
    monkeypatch.setattr(loaders, "id", lambda _obj: 1, raising=False)
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    for marker in ("Before", "After"):
        _first_text(root, marker)
        library = load_library(root)
        blocks, _, _ = loaders.rendered_article(library, SLUG, "clinician", "ama")
        assert f"{marker} is new here." in "".join(str(b.html) for b in blocks)


def test_fingerprint_follows_the_bytes_and_the_uploads(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    first = content_fingerprint(root)
    assert content_fingerprint(root) == first == load_library(DATA).fingerprint
    _first_text(root, "Changed")
    changed = content_fingerprint(root)
    assert changed != first
    assert session_fingerprint(changed, "") == changed
    assert session_fingerprint(changed, "token-a") != session_fingerprint(changed, "token-b")


def test_image_export_looks_for_a_chromium_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert export.chromium_executable() == str(browser) and export.image_export_available()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert not export.image_export_available()
    monkeypatch.delenv("BROWSER_PATH")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export.chromium_executable() == str(browser)
    monkeypatch.setenv("PATH", "")
    assert export.chromium_executable() is None


def test_no_cache_is_keyed_on_an_object_id() -> None:
    root = DATA.parent
    files = [*sorted((root / "src" / "evidence_dashboard" / "ui").glob("*.py"))]
    files += [root / "app.py", *sorted((root / "pages").glob("*.py"))]
    calls = [
        f"{path.name}:{node.lineno}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id"
    ]
    assert not calls, f"key caches on library.fingerprint, not id(): {calls}"
