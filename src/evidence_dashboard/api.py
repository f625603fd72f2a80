"""The core as a library: thin wrappers an analyst calls from Jupyter or a script.

Each function calls the same core functions as the app's pages and the command line, and returns
the app's own objects: a :class:`~evidence_dashboard.content.Library`, pandas DataFrames,
:class:`~evidence_dashboard.stats.PooledResult`, :class:`~evidence_dashboard.stats.AbsoluteEffect`
and :class:`~evidence_dashboard.charts.Chart` (``figure``, ``alt_text``, ``table``). The figures
are built by the functions the pages use, so they have the same colours, symbols and labels.

Import the names from the package itself::

    from evidence_dashboard import load, evidence_frame, pool_rows, forest_plot
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from evidence_dashboard.bibliography import Reference, format_bibliography, resolve_key
from evidence_dashboard.content.articles import Article
from evidence_dashboard.content.library import Library, load_library
from evidence_dashboard.errors import InputError, ProblemList
from evidence_dashboard.stats import AbsoluteEffect, PooledResult, absolute_effect, pool
from evidence_dashboard.views import compare, explorer
from evidence_dashboard.views.rendering import numbering_for

__all__ = [
    "absolute",
    "evidence_frame",
    "format_references",
    "library_problems",
    "load",
    "pool_rows",
]

#: The note added to a pooled result when some rows are themselves meta-analyses (the same
#: words as the Compare page).
OVERLAP_NOTE = compare.OVERLAP_NOTE

Values = str | Iterable[str] | None


def load(path: Path | str | None = None) -> Library:
    """Load and check a content folder: articles, evidence tables and bibliographies.

    Problems never raise: a broken row, entry or article is set aside and reported, and
    the rest loads. :func:`library_problems` shows them as a table.

    Parameters
    ----------
    path : path-like, optional
        A folder holding ``articles/``, ``evidence/`` and ``references/``. Default: the
        app's folder (``$EVIDENCE_DASHBOARD_DATA``, else the project's ``data/``).

    Returns
    -------
    Library
        ``articles``, ``evidence`` (valid rows), ``rejected`` (rows set aside),
        ``references`` (BibTeX key to reference) and ``problems``.

    Examples
    --------
    >>> library = load()
    >>> len(library.evidence) > 0, len(library.articles) >= 1, library.errors
    (True, True, ())
    """
    return load_library(path)


def library_problems(library: Library) -> ProblemList:
    """A library's problems as a :class:`~evidence_dashboard.errors.ProblemList`.

    It shows as a table in Jupyter and as one ``path:line: severity: message`` line per
    problem in a console.

    Parameters
    ----------
    library : Library
        A loaded library.

    Returns
    -------
    ProblemList
        Every problem, in file order.

    Examples
    --------
    >>> print(library_problems(load("no/such/folder")))  # doctest: +ELLIPSIS
    1 problem (1 error, 0 warnings)
      no/such/folder: error: the content folder must exist. ... Hint: set ...
    """
    return ProblemList(library.problems)


def rows_of(library_or_rows: Library | pd.DataFrame) -> pd.DataFrame:
    if isinstance(library_or_rows, Library):
        return library_or_rows.evidence
    if isinstance(library_or_rows, pd.DataFrame):
        return library_or_rows
    raise InputError(
        "the first argument must be a Library (from load()) or a DataFrame of evidence rows. "
        f"Got {type(library_or_rows).__name__} instead."
    )


def checked_values(name: str, value: Values, known: Sequence[str]) -> tuple[str, ...]:
    """A filter value as a tuple, every entry checked against the values in the data."""
    if value is None:
        return ()
    wanted = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
    for item in wanted:
        if item not in known:
            close = difflib.get_close_matches(item, list(known), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise InputError(
                f"{name} must be among the values in the evidence ({', '.join(known)}). "
                f"Got {item!r} instead.{hint}"
            )
    return wanted


def evidence_frame(
    library: Library | pd.DataFrame,
    *,
    drug: Values = None,
    drug_class: Values = None,
    outcome_category: Values = None,
    age_group: Values = None,
    design: Values = None,
    measure: Values = None,
    source: Values = None,
    search: str | None = None,
    include_statements: bool = True,
) -> pd.DataFrame:
    """The evidence rows that match the filters, as the Evidence page selects them.

    Each filter takes one value or a list of values (any of them matches); filters combine
    with AND. Values must exist in the data, so a typo raises instead of returning nothing.

    Parameters
    ----------
    library : Library or pandas.DataFrame
        A loaded library, or evidence rows (e.g. a frame returned earlier).
    drug, drug_class, outcome_category, age_group, design, measure, source : str or list of str
        Allowed values of that column.
    search : str, optional
        Text to find (case-insensitive) in any text column or in a figure as written.
    include_statements : bool
        Keep label and guideline statements (``measure == "statement"``), which carry text
        rather than numbers.

    Returns
    -------
    pandas.DataFrame
        The matching rows sorted by id, with every evidence column (numbers as floats, the
        source's own text in the ``*_text`` columns), index reset.

    Raises
    ------
    InputError
        A filter value that is not in the data.

    Examples
    --------
    >>> rows = evidence_frame(load(), outcome_category="falls", age_group=["60+", "65+"])
    >>> ratios = rows[rows["measure"] == "OR"]  # baseline-risk rows come first
    >>> print(ratios[["id", "measure", "estimate_text"]].head(2).to_string(index=False))
       id measure estimate_text
    FA-01      OR          1.41
    FA-02      OR          1.42
    """
    frame = rows_of(library)
    chosen = {
        name: checked_values(name, value, explorer.options(frame, name))
        for name, value in {
            "drug": drug,
            "drug_class": drug_class,
            "outcome_category": outcome_category,
            "age_group": age_group,
            "design": design,
            "measure": measure,
            "source": source,
        }.items()
    }
    spec = explorer.FilterSpec(**chosen, search=(search or "").strip())
    rows = explorer.filter_evidence(frame, spec)
    if not include_statements:
        rows = rows.loc[rows["measure"] != "statement"]
    return rows.reset_index(drop=True)


def pool_rows(
    rows: pd.DataFrame | Sequence[Mapping[str, Any]],
    measure: str | None = None,
    method: str = "reml",
    level: float = 95,
    drop_double_zero: bool = False,
    subgroup: str | None = None,
) -> PooledResult:
    """Pool evidence rows with :func:`evidence_dashboard.stats.pool` (metafor's conventions).

    Rows given as an estimate with a CI are pooled on the log scale with the standard error
    recovered from the CI; rows with arm counts from the counts. Rows of randomized and
    observational designs are not pooled together (as on the Compare page); when some rows
    are meta-analyses the result carries a note that overlapping reviews double-count studies.

    Parameters
    ----------
    rows : pandas.DataFrame or sequence of dicts
        Evidence rows (e.g. from :func:`evidence_frame` or ``library.rows(ids)``).
    measure : str, optional
        ``RR``, ``OR``, ``RD``, ``HR``, ``IRR`` or ``SHR``. Default: the rows' own
        ``measure``, which they must share.
    method : str
        ``reml`` (default), ``dl``, ``pm``, ``iv``, ``mh`` or ``peto``.
    level : float
        Confidence level in percent.
    drop_double_zero : bool
        Drop studies with no events in both arms (default: keep them with 0.5 added).
    subgroup : str, optional
        A column (e.g. ``"drug"``) to pool by, with a test for subgroup differences.

    Returns
    -------
    PooledResult
        Shows as a table in Jupyter; ``print()`` gives the same as text.

    Raises
    ------
    InputError
        Rows with mixed or unpoolable measures, a ``measure`` that contradicts the rows,
        mixed randomized and observational rows, or anything :func:`stats.pool` rejects.

    Examples
    --------
    >>> result = pool_rows(load().rows(["FA-03", "FA-04"]))
    >>> result.measure, result.k, round(result.estimate, 2)
    ('OR', 2, 1.38)
    """
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if frame.empty:
        raise InputError("rows must hold at least one evidence row to pool. Got none.")
    found = sorted(set(frame["measure"].dropna().astype(str))) if "measure" in frame.columns else []
    if measure is None:
        if len(found) != 1:
            raise InputError(
                "rows to pool must share one measure (or pass measure=...). "
                f"Got {', '.join(found) or 'no measure column'} instead."
            )
        measure = found[0]
    elif found and found != [str(measure).strip().upper()]:
        raise InputError(
            f"measure {measure!r} must be the rows' own measure. Got rows measured as "
            f"{', '.join(found)} instead."
        )
    refusal, notes = compare.pooling_check(frame) if "design" in frame.columns else (None, [])
    if refusal is not None:
        raise InputError(refusal)
    result = pool(
        frame,
        measure=measure,
        method=method,
        level=level,
        drop_double_zero=drop_double_zero,
        subgroup=subgroup,
    )
    return replace(result, notes=(*notes, *result.notes)) if notes else result


def absolute(
    measure: str,
    estimate: float,
    baseline_risk: float,
    ci_low: float | None = None,
    ci_high: float | None = None,
    level: float = 95,
) -> AbsoluteEffect:
    """Events per 1,000 and the number needed, from a relative effect and a baseline risk.

    Follows the Cochrane Handbook (section 15.4.4); the baseline risk is an assumption, not
    something the sources report.

    Parameters
    ----------
    measure : {"RR", "OR", "RD"}
        What ``estimate`` is.
    estimate : float
        The effect.
    baseline_risk : float
        Assumed risk without the drug, strictly between 0 and 1 (0.1 = 100 per 1,000).
    ci_low, ci_high : float, optional
        The effect's confidence interval (both or neither).
    level : float
        The interval's level in percent.

    Returns
    -------
    AbsoluteEffect
        ``per_1000`` (with its CI), ``risk_exposed``, ``number_needed_text`` and more; shows
        as a table in Jupyter.

    Examples
    --------
    >>> effect = absolute("OR", 1.41, baseline_risk=0.3, ci_low=1.2, ci_high=1.71)
    >>> round(effect.per_1000), effect.number_needed_text
    (77, 'NNH 14 (95% CI 9 to 26)')
    """
    return absolute_effect(measure, estimate, baseline_risk, ci_low, ci_high, level)


def format_references(
    library_or_references: Library | Mapping[str, Reference],
    keys: Iterable[str] | None = None,
    style: str | Path = "ama",
    *,
    article: str | Article | None = None,
) -> list[str]:
    """A reference list as plain text, ``"1. Author A. Title. …"`` (unnumbered if author-year).

    Parameters
    ----------
    library_or_references : Library or Mapping[str, Reference]
        A loaded library, or BibTeX key to reference.
    keys : iterable of str, optional
        The keys in citation order; a key's number is its position. Default: every
        reference (or, with ``article``, the article's citations).
    style : str or path
        ``"ama"`` (default), ``"vancouver"``, any CSL style name from
        :func:`evidence_dashboard.bibliography.available_styles` (``"apa"``, ``"the-lancet"``)
        or a ``.csl`` file.
    article : str or Article, optional
        An article (or its slug): list what it cites, numbered as the Article page numbers
        its citations. Needs a Library; not with ``keys``.

    Returns
    -------
    list of str
        One formatted reference per entry.

    Raises
    ------
    InputError
        An unknown style, key or article.

    Examples
    --------
    >>> print(format_references(load(), ["Woolcott2009"], style="vancouver")[0])
    ... # doctest: +ELLIPSIS
    1. Woolcott JC, Richardson KJ, Wiens MO, ... Arch Intern Med. 2009;169(21):1952-60. doi: ...
    """
    if isinstance(library_or_references, Library):
        references: Mapping[str, Reference] = library_or_references.references
    else:
        references = library_or_references
    if article is not None:
        if keys is not None:
            raise InputError("give keys or article, not both. Got both instead.")
        if not isinstance(library_or_references, Library):
            raise InputError("article needs a Library (from load()). Got a mapping instead.")
        found = (
            article if isinstance(article, Article) else library_or_references.article(str(article))
        )
        if found is None:
            slugs = ", ".join(a.slug for a in library_or_references.articles)
            raise InputError(f"article must be one of {slugs}. Got {article!r} instead.")
        keys = numbering_for(found, references).order
    order = None if keys is None else [str(k) for k in keys]
    for key in order or ():
        if resolve_key(references, key) is None:
            close = difflib.get_close_matches(key, list(references), n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise InputError(f"key {key!r} must name a loaded reference. Got no such key.{hint}")
    bibliography = format_bibliography(references, order, style)
    if bibliography.author_year:
        return [entry.text for entry in bibliography.entries]
    return [f"{entry.number}. {entry.text}" for entry in bibliography.entries]
