"""Evidence dashboard: drug-risk evidence beside the clinical text that cites it.

The core (everything here except ``ui``) is plain Python: it loads and validates content,
computes statistics and builds figures, and never imports streamlit. The names below are the
public API for notebooks and scripts; they call the same core functions as the app's pages, and
their figures are the app's figures.

==================  ======================================================================
``load``            Load and check a content folder (default: the app's ``data/``).
``library_problems``  The library's problems as a table (Jupyter) or lines (console).
``evidence_frame``  Evidence rows filtered like the Evidence page (drug, age group, …).
``pool_rows``       Pool rows (REML by default); the result shows as a table.
``absolute``        Events per 1,000 and the number needed at an assumed baseline risk.
``forest_plot``     The Compare page's forest plot of a pooled result.
``comparison_chart``  The Compare page's cross-drug chart for one outcome.
``absolute_chart``  The Compare page's icon array for an absolute effect.
``format_references``  A numbered AMA or Vancouver reference list as text.
``save_chart``      Write a chart to PNG, SVG or standalone HTML.
==================  ======================================================================

The functions are imported on first use, so ``import evidence_dashboard`` stays light for the
command line.

Examples
--------
>>> import evidence_dashboard as ed
>>> library = ed.load()
>>> falls = ed.evidence_frame(library, outcome_category="falls", age_group="60+")
>>> result = ed.pool_rows(falls[falls["id"].isin(["FA-03", "FA-04"])])
>>> print(ed.absolute(result.measure, result.estimate, 0.1, result.ci_low, result.ci_high))
Absolute effect of OR 1.38 (95% CI 1.03 to 1.84) at a baseline risk of 100 per 1,000
  risk without the exposure  100 per 1,000
  risk with the exposure     133 per 1,000
  difference                 33 more per 1,000 (95% CI 2.6 more to 70 more)
  number needed              NNH 31 (95% CI 15 to 387)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from evidence_dashboard.api import (
        absolute,
        evidence_frame,
        format_references,
        library_problems,
        load,
        pool_rows,
    )
    from evidence_dashboard.figures import (
        absolute_chart,
        comparison_chart,
        forest_plot,
        save_chart,
    )

__version__ = "0.1.0"

_FIGURES = frozenset({"absolute_chart", "comparison_chart", "forest_plot", "save_chart"})
__all__ = [
    "absolute",
    "absolute_chart",
    "comparison_chart",
    "evidence_frame",
    "forest_plot",
    "format_references",
    "library_problems",
    "load",
    "pool_rows",
    "save_chart",
]


def __getattr__(name: str) -> Any:
    """Import a public function from :mod:`~evidence_dashboard.api` or :mod:`~.figures` on use."""
    if name in __all__:
        module = "figures" if name in _FIGURES else "api"
        value = getattr(importlib.import_module(f"evidence_dashboard.{module}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'evidence_dashboard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
