"""The problem panel: located problems as a table, never rendered as HTML."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from evidence_dashboard.errors import Problem
from evidence_dashboard.errors_display import problems_frame


def problem_panel(problems: Sequence[Problem], title: str = "Problems found") -> None:
    """List located problems in a table (text only, never rendered as HTML)."""
    if not problems:
        return
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    summary = f"{title}: {errors} error(s), {warnings} warning(s). Each names file and line."
    # Warnings alone are not an error: the alert's kind follows the worst problem.
    (st.error if errors else st.warning)(summary)
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch")
