"""Shared fixtures: the shipped content folder, and throwaway copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped ``data/`` folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target
