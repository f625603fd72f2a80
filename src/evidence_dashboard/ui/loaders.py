"""Cached one-line wrappers over the pure loaders."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from evidence_dashboard.content.citations import CitationNumbering
from evidence_dashboard.content.library import Library, default_data_dir, load_library
from evidence_dashboard.export.tables import rows_table
from evidence_dashboard.safe_html import SafeHtml
from evidence_dashboard.views.compare import CompareSpec, Comparison, Controls, compare, controls
from evidence_dashboard.views.rendering import RenderedBlock, reference_list_html, render_article


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

    ``rows_key`` must change whenever ``rows`` does (content version plus uploads token). The
    tab shown is not part of what is computed, so switching tabs reuses the result.
    """
    return _cached_comparison(rows, rows_key, replace(spec, panel=CompareSpec.panel))


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_controls(_rows: pd.DataFrame, rows_key: object, spec: CompareSpec) -> Controls:
    return controls(_rows, spec)


def compare_controls(rows: pd.DataFrame, rows_key: object, spec: CompareSpec) -> Controls:
    """What the Compare controls offer for a spec, computed once per (rows version, spec).

    Filtering the rows for the allowed values took most of a rerun's own time (issue 16).
    """
    return _cached_controls(rows, rows_key, spec)


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_rows_table(_result: Comparison, rows_key: object, spec: CompareSpec) -> pd.DataFrame:
    return rows_table(_result.rows)


def comparison_rows_table(result: Comparison, rows_key: object) -> pd.DataFrame:
    """The Compare rows for reading on screen, built once per (rows version, spec)."""
    return _cached_rows_table(result, rows_key, result.spec)


@st.cache_resource(show_spinner=False, max_entries=32)
def _rendered(
    _library: Library, library_key: str, slug: str, audience: str, style: str
) -> tuple[list[RenderedBlock], CitationNumbering, SafeHtml]:
    article = _library.article(slug)
    assert article is not None
    blocks, numbering = render_article(
        article, audience, _library.references, _library.evidence, style
    )
    return blocks, numbering, reference_list_html(_library.references, numbering, style)


def rendered_article(
    library: Library, slug: str, audience: str, style: str
) -> tuple[list[RenderedBlock], CitationNumbering, SafeHtml]:
    """The article's blocks, citation numbering and reference list, rendered once per view.

    Rendering takes about 50 ms; a claim switch or a slider move must not pay it again.
    """
    return _rendered(library, library.fingerprint, slug, audience, style)
