"""The evidence explorer: filter, search, sort, display and export evidence rows.

Everything here is pure: the Evidence page reads its widgets into a :class:`FilterSpec`, asks
this module for the matching rows and their display table, and hands the export bytes to
download buttons. Filter state travels in the URL as plain strings checked against the values
actually present in the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from evidence_dashboard import schema
from evidence_dashboard.bibliography import Reference
from evidence_dashboard.content.evidence import DISPLAY_SUFFIX, NUMBER_COLUMNS, TEXT_COLUMNS
from evidence_dashboard.content.library import Library
from evidence_dashboard.safe_html import safe_url
from evidence_dashboard.stats import report
from evidence_dashboard.views import url
from evidence_dashboard.views.url import Decoded, Param

#: Columns the explorer filters on, in the order the page shows them.
FILTER_COLUMNS: tuple[str, ...] = ("drug", "drug_class", "outcome_category", "age_group", "design")
FILTER_COLUMNS += ("measure", "source", "origin")
#: The age groups that make up the "older adults" preset.
OLDER_ADULTS = ("60+", "65+", "older adults")
#: Columns an analyst can sort by (the column, not its display form, decides the order).
SORT_COLUMNS = (
    "id",
    "drug",
    "drug_class",
    "outcome",
    "outcome_category",
    "age_group",
    "design",
    "measure",
    "estimate",
    "source",
    "origin",
)
SEARCH_PARAM, SORT_PARAM, ORDER_PARAM = "q", "sort", "order"
MAX_SEARCH_CHARS = 200
SHIPPED = "shipped"


@dataclass(frozen=True, slots=True)
class FilterSpec:
    """What the analyst asked for: allowed values per column, a search text and a sort order.

    An empty tuple means "no filter on this column".
    """

    drug: tuple[str, ...] = ()
    drug_class: tuple[str, ...] = ()
    outcome_category: tuple[str, ...] = ()
    age_group: tuple[str, ...] = ()
    design: tuple[str, ...] = ()
    measure: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()
    search: str = ""
    sort_by: str = "id"
    ascending: bool = True

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The column filters that are set, in :data:`FILTER_COLUMNS` order."""
        return {name: getattr(self, name) for name in FILTER_COLUMNS if getattr(self, name)}

    def describe(self) -> dict[str, str]:
        """Every applied setting as plain text, for file metadata."""
        described = {name: " | ".join(values) for name, values in self.filters().items()}
        if self.search:
            described["search"] = self.search
        described["sort"] = f"{self.sort_by} {'ascending' if self.ascending else 'descending'}"
        return described


_SPEC_FIELDS = {f.name for f in fields(FilterSpec)}


def with_origin(frame: pd.DataFrame, origin: str = SHIPPED) -> pd.DataFrame:
    """A copy of an evidence frame with an ``origin`` column (kept if already there)."""
    if "origin" in frame.columns:
        return frame
    return frame.assign(origin=pd.Series(origin, index=frame.index, dtype="str"))


def options(frame: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-empty values of a column, sorted case-insensitively."""
    if column not in frame.columns:
        return []
    values = frame[column].dropna().astype("str").unique()
    return sorted((v for v in values if v), key=str.casefold)


def search_columns(frame: pd.DataFrame) -> list[str]:
    """The text columns the free-text search looks in."""
    names = [*TEXT_COLUMNS, *(n + DISPLAY_SUFFIX for n in NUMBER_COLUMNS), "origin"]
    return [n for n in names if n in frame.columns]


def filter_mask(frame: pd.DataFrame, spec: FilterSpec) -> pd.Series:
    """A boolean mask of the rows that pass every filter and contain the search text."""
    mask = pd.Series(True, index=frame.index)
    for column, allowed in spec.filters().items():
        if column in frame.columns:
            mask &= frame[column].isin(list(allowed))
    needle = spec.search.strip()
    if needle:
        found = pd.Series(False, index=frame.index)
        for column in search_columns(frame):
            remaining = ~found & mask
            if not remaining.any():
                break
            hits = frame.loc[remaining, column].str.contains(needle, case=False, regex=False)
            found.loc[hits.index] |= hits.fillna(False).astype(bool)
        mask &= found
    return mask


def sort_frame(frame: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The frame sorted by the spec's column (stable, missing values last)."""
    if spec.sort_by not in frame.columns:
        return frame
    key = None if spec.sort_by == "estimate" else (lambda s: s.str.casefold())
    return frame.sort_values(
        spec.sort_by, ascending=spec.ascending, kind="stable", na_position="last", key=key
    )


def filter_evidence(frame: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The rows of an evidence frame that match the spec, in the spec's sort order.

    Parameters
    ----------
    frame : pandas.DataFrame
        Evidence rows (see ``evidence.empty_frame()``), optionally with an ``origin`` column.
    spec : FilterSpec
        The filters, search text and sort order.

    Returns
    -------
    pandas.DataFrame
        The matching rows, with the original index kept so display rows can be aligned.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["A", "B"], "drug": ["x", "y"], "note": ["", "Falls"]})
    >>> list(filter_evidence(frame, FilterSpec(search="falls"))["id"])
    ['B']
    """
    return sort_frame(frame.loc[filter_mask(frame, spec)], spec)


# --------------------------------------------------------------------------- URL state


#: URL names: the same idea has the same name on every page (see views/url.py).
PARAM_NAMES = {"drug_class": "class", "outcome_category": "outcome", "age_group": "age"}
PARAMS = (
    *(Param(PARAM_NAMES.get(c, c), c, c.replace("_", " "), many=True) for c in FILTER_COLUMNS),
    Param(SEARCH_PARAM, "search", "search", free=True, max_chars=MAX_SEARCH_CHARS),
    Param(SORT_PARAM, "sort_by", "sort column"),
    Param(
        ORDER_PARAM,
        "ascending",
        "sort order",
        read=url.read_flag("asc", "desc"),
        write=lambda up: "asc" if up else "desc",
    ),
)
QUERY_KEYS = url.names(PARAMS)


def allowed_values(frame: pd.DataFrame) -> dict[str, list[str]]:
    """The values each URL setting may hold: those present in the rows."""
    allowed = {column: options(frame, column) for column in FILTER_COLUMNS}
    allowed["sort_by"] = [c for c in SORT_COLUMNS if c in frame.columns] or list(SORT_COLUMNS)
    return allowed


def spec_from_query(
    params: Mapping[str, str | Sequence[str]], frame: pd.DataFrame
) -> Decoded[FilterSpec]:
    """Read a spec from URL query parameters, keeping only values present in the data.

    Parameters
    ----------
    params : Mapping
        Name to list of values (repeated keys, as ``st.query_params.get_all`` gives them).
    frame : pandas.DataFrame
        The evidence rows whose values form the allowlists.

    Returns
    -------
    Decoded
        The spec, and a notice for every value dropped (unknown names are ignored).

    Examples
    --------
    >>> frame = pd.DataFrame({"drug": ["a, b", "c"], "age_group": ["65+", "adults"]})
    >>> decoded = spec_from_query({"drug": ["a, b", "c", "zzz"], "order": "desc"}, frame)
    >>> decoded.spec.drug, decoded.spec.ascending
    (('a, b', 'c'), False)
    >>> decoded.notices
    ("The link's drug 'zzz' is not one of a, b, c, so it was ignored.",)
    """
    return url.decode(params, PARAMS, FilterSpec(), allowed_values(frame))


def spec_to_query(spec: FilterSpec) -> dict[str, list[str]]:
    """The spec as URL query parameters (defaults left out, so a plain view has a plain URL).

    Examples
    --------
    >>> spec_to_query(FilterSpec(age_group=("60+", "65+"), search="falls", ascending=False))
    {'age': ['60+', '65+'], 'q': ['falls'], 'order': ['desc']}
    """
    return url.encode(spec, PARAMS, FilterSpec())


def updated(spec: FilterSpec, **changes: Any) -> FilterSpec:
    """A copy of the spec with some settings changed (unknown names raise ``TypeError``)."""
    unknown = set(changes) - _SPEC_FIELDS
    if unknown:
        raise TypeError(f"unknown FilterSpec settings: {', '.join(sorted(unknown))}")
    return replace(spec, **changes)


# --------------------------------------------------------------------------- display


def reference_url(reference: Reference | None) -> str | None:
    """A safe link for a reference: its DOI, else PubMed, else its http(s) URL, else None."""
    if reference is None:
        return None
    if reference.doi:
        return safe_url(reference.doi)
    if reference.pmid:
        return safe_url(f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/")
    return safe_url(reference.url) if reference.url else None


def display_table(
    frame: pd.DataFrame,
    library: Library,
    references: Mapping[str, Reference] | None = None,
) -> pd.DataFrame:
    """The rows as the explorer shows them: formatted figures, design family, links, citations.

    Parameters
    ----------
    frame : pandas.DataFrame
        Evidence rows with an ``origin`` column.
    library : Library
        The shipped content; its articles give the "cited by" column.
    references : Mapping, optional
        BibTeX key to reference (shipped and uploaded; default: the library's). Keys are
        matched case-insensitively.

    Returns
    -------
    pandas.DataFrame
        One row per input row, same index; the figure is the source's own number text.
    """
    citing = library.citing_articles()
    refs = library.references if references is None else references
    by_key = {k.lower(): r for k, r in refs.items()}
    links = {key: reference_url(ref) for key, ref in by_key.items()}
    records = frame.to_dict("records")
    return pd.DataFrame(
        {
            "id": frame["id"],
            "drug": frame["drug"],
            "outcome": frame["outcome"],
            "figure": [report.effect_text(r) for r in records],
            "design": frame["design"].map(report.design_label),
            "age_group": frame["age_group"],
            "outcome_category": frame["outcome_category"],
            "source": frame["source"],
            "link": frame["source"].str.lower().map(links),
            "cited_by": frame["id"].map(lambda i: ", ".join(citing.get(i, ()))),
            "origin": frame["origin"] if "origin" in frame.columns else SHIPPED,
            "drug_class": frame["drug_class"],
            "measure": frame["measure"].map(lambda m: schema.MEASURE_NAMES.get(m, m)),
            "population": frame["population"],
            "locator": frame["locator"],
            "note": frame["note"],
        },
        index=frame.index,
    )


def statement_table(display_rows: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The label and guideline statements among the rows, as facts (never plotted)."""
    is_statement = frame["measure"] == "statement"
    facts = display_rows.loc[is_statement[is_statement].index]
    return facts.rename(columns={"figure": "statement"})[
        ["id", "statement", "drug", "design", "source", "link", "locator", "cited_by", "origin"]
    ]


@dataclass(frozen=True)
class Explorer:
    """What the Evidence page needs before any filter: every row, its display form, the values
    each filter offers and the columns it can sort by. Built once per content version."""

    frame: pd.DataFrame
    display: pd.DataFrame
    choices: dict[str, list[str]]


@dataclass(frozen=True)
class EvidenceView:
    """One filtered view: the matching rows, their estimates and statements as displayed."""

    spec: FilterSpec
    rows: pd.DataFrame
    estimates: pd.DataFrame
    facts: pd.DataFrame
    total: int
    #: The values each filter offers and the sortable columns (``sort_by``), for the widgets.
    choices: dict[str, list[str]]


def prepare(
    frame: pd.DataFrame, library: Library, references: Mapping[str, Reference] | None = None
) -> Explorer:
    """The filter-independent part of the Evidence page for these rows (see :class:`Explorer`)."""
    if not frame.index.is_unique:  # views are kept as row positions, found by index label
        frame = frame.reset_index(drop=True)
    return Explorer(frame, display_table(frame, library, references), allowed_values(frame))


@dataclass(frozen=True)
class ViewOrder:
    """Which rows of an :class:`Explorer` a spec shows, and in what order: positions only.

    Cheap to keep for many specs (8 bytes a row); the frames are taken from it when drawn, so a
    cache of views never holds a copy of the rows per view.
    """

    spec: FilterSpec
    positions: np.ndarray


def view_order(prepared: Explorer, spec: FilterSpec) -> ViewOrder:
    """The positions of the rows matching ``spec``, in its sort order."""
    rows = filter_evidence(prepared.frame, spec)
    return ViewOrder(spec, prepared.frame.index.get_indexer(rows.index))


def evidence_view(
    prepared: Explorer, spec: FilterSpec, order: ViewOrder | None = None
) -> EvidenceView:
    """The rows matching a spec, in its sort order, split into estimates and statements.

    ``order``: the spec's :func:`view_order` if already known (computed otherwise).

    Examples
    --------
    >>> from evidence_dashboard.content.library import load_library
    >>> library = load_library()
    >>> view = evidence_view(prepare(with_origin(library.evidence), library),
    ...                      FilterSpec(measure=("statement",)))
    >>> len(view.estimates), len(view.facts) == len(view.rows)
    (0, True)
    """
    positions = (order or view_order(prepared, spec)).positions
    rows = prepared.frame.take(positions)
    shown = prepared.display.take(positions)
    is_statement = rows["measure"] == "statement"
    return EvidenceView(
        spec,
        rows,
        shown.loc[~is_statement],
        statement_table(shown, rows),
        len(prepared.frame),
        prepared.choices,
    )
