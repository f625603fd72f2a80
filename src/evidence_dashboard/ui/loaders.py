"""Cached one-line wrappers over the pure loaders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from evidence_dashboard.compare import CompareSpec, Comparison, compare
from evidence_dashboard.content import Library, default_data_dir, load_library


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the content files, so edits invalidate the cache."""
    files = sorted(
        p for sub in ("articles", "evidence", "references") for p in (root / sub).glob("*")
    )
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.is_file())


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_library(root: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Library:
    return load_library(Path(root))


def get_library() -> Library:
    """The content library for the configured data folder, loaded once per content version."""
    root = default_data_dir()
    fingerprint = _fingerprint(root) if root.is_dir() else ()
    return _cached_library(str(root), fingerprint)


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_comparison(_rows: pd.DataFrame, rows_key: object, spec: CompareSpec) -> Comparison:
    return compare(_rows, spec)


def comparison(rows: pd.DataFrame, rows_key: object, spec: CompareSpec) -> Comparison:
    """The Compare view for these rows and filters, computed once per (rows version, spec).

    ``rows_key`` must change whenever ``rows`` does (content version plus uploads token).
    """
    return _cached_comparison(rows, rows_key, spec)
