"""Shared fixtures: the shipped content folder, and throwaway copies of it to break."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture(autouse=True, scope="session")
def review_home() -> Iterator[Path]:
    """Every test (and every server a test starts) keeps its review database in a tmp folder."""
    saved = {
        k: os.environ.get(k) for k in ("EVIDENCE_DASHBOARD_HOME", "EVIDENCE_DASHBOARD_DATABASE_URL")
    }
    with tempfile.TemporaryDirectory(prefix="review-home-") as home:
        os.environ["EVIDENCE_DASHBOARD_HOME"] = home
        os.environ.pop("EVIDENCE_DASHBOARD_DATABASE_URL", None)
        yield Path(home)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped ``data/`` folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
